// `npm run bench:cli-start`: how long the installed command takes to start. Times `enduse --help`,
// `enduse --version` and `enduse routes` on a shipped case, each as a fresh `node bin/enduse.js`
// process, beside `node -e 0` (Node's own start, the floor) in the same run, the commands taken in
// turn so that a change of load on a shared machine touches all of them alike. Prints the median
// wall time, the median CPU time (user + system, the fairer figure under load) and the ratio to the
// floor; writes bench/results/cli-start.json and .md. Run `npm run build` first: it times dist/.
//   --runs N     runs of each command (default 10)
//   --bin FILE       the script to time instead of bin/enduse.js
//   --baseline FILE  another build's bin/enduse.js, timed in the same run, in turn with this one
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shippedCase = join(root, 'data/cases/blue-coat-syria');

// Not strict: `npm run bench` passes every benchmark the same arguments (--quick, --with-1m, …).
const { values } = parseArgs({ strict: false, options: { runs: { type: 'string', default: '10' }, bin: { type: 'string', default: join(root, 'bin/enduse.js') }, baseline: { type: 'string' } } });
const given = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);
const bin = resolve(given(values.bin) ?? join(root, 'bin/enduse.js'));
const baseline = given(values.baseline);
const runs = Number(given(values.runs));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${String(values.runs)}: give a whole number of runs, at least 1`);

// Without a build, or with sources changed since, bin/enduse.js runs the sources through tsx:
// that is not the start users get.
const stamp = join(root, 'dist/.built');
const changedSince = (folder: string, time: number): boolean =>
  readdirSync(folder, { withFileTypes: true }).some((entry) => (entry.isDirectory() ? changedSince(join(folder, entry.name), time) : statSync(join(folder, entry.name)).mtimeMs > time));
if (!existsSync(stamp) || changedSince(join(root, 'src'), statSync(stamp).mtimeMs)) throw new Error('dist/ is missing or older than src/: run `npm run build` first, or this times the tsx fallback');

/** The commands timed for one build's bin/enduse.js, labelled `label`. */
const commandsOf = (script: string, label: string) => [
  { label: `${label} --help`, args: [script, '--help'] },
  { label: `${label} --version`, args: [script, '--version'] },
  { label: `${label} routes (blue-coat-syria, as of 2011-06-30)`, args: [script, 'routes', '--data', shippedCase, '--from', 'bluecoat', '--as-of', '2011-06-30'] },
];
const COMMANDS: { label: string; args: string[] }[] = [
  { label: 'node -e 0 (the floor)', args: ['-e', '0'] },
  ...commandsOf(bin, 'enduse'),
  ...(baseline === undefined ? [] : commandsOf(resolve(baseline), 'baseline')),
];

/** CPU seconds of this process's waited-for children (Linux /proc; undefined elsewhere). */
function childrenCpuSeconds(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  // Fields after the command name (which may hold spaces, hence after the last ')'): cutime and cstime are 16th and 17th of the whole line.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(')').at(-1)!.trim().split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks; USER_HZ is 100 on Linux
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const loadBefore = loadavg();
const wall = COMMANDS.map((): number[] => []);
const cpu = COMMANDS.map((): number[] => []);
for (let run = 0; run < runs; run += 1) {
  COMMANDS.forEach((command, index) => {
    const cpuBefore = childrenCpuSeconds();
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, command.args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuAfter = childrenCpuSeconds();
    if (child.status !== 0) throw new Error(`${command.label} exited with ${child.status ?? child.signal}: ${child.stderr}`);
    wall[index]!.push(elapsed);
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu[index]!.push((cpuAfter - cpuBefore) * 1000);
  });
}
const loadAfter = loadavg();

const floorWall = median(wall[0]!);
const rows = COMMANDS.map((command, index) => ({
  command: command.label,
  wallMs: Math.round(median(wall[index]!)),
  wallRangeMs: [Math.round(Math.min(...wall[index]!)), Math.round(Math.max(...wall[index]!))],
  cpuMs: cpu[index]!.length > 0 ? Math.round(median(cpu[index]!)) : null,
  timesFloor: Number((median(wall[index]!) / floorWall).toFixed(1)),
  cpuTimesFloor: cpu[index]!.length > 0 && median(cpu[0]!) > 0 ? Number((median(cpu[index]!) / median(cpu[0]!)).toFixed(1)) : null,
}));
const result = { date: new Date().toISOString(), node: process.version, bin, baseline: baseline ?? null, runs, loadAverage: { before: loadBefore.map((n) => Number(n.toFixed(2))), after: loadAfter.map((n) => Number(n.toFixed(2))) }, rows };

const table = [
  `CLI start (${result.date.slice(0, 10)}, Node ${process.version}, median of ${runs} runs each, load average ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after)`,
  '',
  '| command | wall, median (min–max) | × node -e 0 | CPU, median | × node -e 0 |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((row) => `| ${row.command} | ${row.wallMs} ms (${row.wallRangeMs[0]}–${row.wallRangeMs[1]}) | ${row.timesFloor} | ${row.cpuMs === null ? 'n/a' : `${row.cpuMs} ms`} | ${row.cpuTimesFloor ?? 'n/a'} |`),
].join('\n');
writeFileSync(join(root, 'bench/results/cli-start.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(root, 'bench/results/cli-start.md'), `${table}\n`);
process.stdout.write(`${table}\n`);
