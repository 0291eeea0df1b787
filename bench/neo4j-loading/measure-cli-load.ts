// `enduse load --backend neo4j` as a user runs it (CSV folders: the streamed load, checked and
// then written in ordered batches from a second reading), into a fresh test server: wall time,
// rows/s, the command's CPU and peak RSS (GNU time), the Neo4j server's CPU (/proc), load average.
// Usage: tsx bench/neo4j-loading/measure-cli-load.ts DIR [BATCH_SIZE]   (ENDUSE_BIN: another build's bin/enduse.js, for a baseline; run `npm run build` first:
// bin/enduse.js runs dist/ when it is current)
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { log, root, testServerScript } from './test-server.ts';

const [folder, batchSize = '10000'] = process.argv.slice(2);
if (folder === undefined) throw new Error('usage: tsx bench/neo4j-loading/measure-cli-load.ts DIR [BATCH_SIZE]');
const server = await (await testServerScript()).startNeo4jTestServer({ log });
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
try {
  // The server is the java child of this process.
  const javaPid = Number(execFileSync('pgrep', ['-P', String(process.pid), 'java'], { encoding: 'utf8' }).trim().split('\n')[0]);
  const serverCpuBefore = cpuSeconds(javaPid);
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, process.env.ENDUSE_BIN ?? join(root, 'bin/enduse.js'), 'load', '--backend', 'neo4j', '--neo4j-uri', server.uri, '--batch-size', batchSize, '--format', 'json', '--data', folder], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, ENDUSE_AUDIT_LOG: join(root, '.neo4j-test', 'bench-audit.log') },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`enduse load failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const report = JSON.parse(run.stdout) as { rows: Record<string, number>; batches: number };
  const rows = Object.values(report.rows).reduce((sum, count) => sum + count, 0);
  const timed = (label: string) => Number(new RegExp(`${label}: ([0-9.:]+)`).exec(run.stderr)?.[1] ?? Number.NaN);
  const result = {
    folder,
    batchSize: Number(batchSize),
    rows,
    batches: report.batches,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    rowsPerSecond: Math.round(rows / wallSeconds),
    enduseCpuSeconds: Math.round((timed('User time \\(seconds\\)') + timed('System time \\(seconds\\)')) * 10) / 10,
    enduseMaxRssMb: Math.round(timed('Maximum resident set size \\(kbytes\\)') / 1024),
    neo4jCpuSeconds: Math.round((cpuSeconds(javaPid) - serverCpuBefore) * 10) / 10,
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await server.stop();
}
