// `npm run bench:neo4j` (and the Neo4j section of `npm run bench`): enduse on Neo4j beside the
// embedded store, at 10k and 100k entities (five relationships each), and at 1M with --with-1m
// (about an hour on the 2-core machine); --quick runs 10k only; --sizes=1000000 measures the sizes
// named and keeps the others from the last results. For each size, each part in its
// own child process: the bulk import end to end and the driver load (bench/neo4j-loading/), then,
// on a database bulk-imported from the same files, the projection, routes and exposure on the
// embedded store, the projection and pushed down (measure-engine.ts), and whole `enduse routes`
// commands with --data and with --backend neo4j. Writes bench/results/neo4j.{json,md}.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchDataset } from '../bench-datasets.ts';
import { runMeasuringChild, type ChildAnswer } from '../measuring-child.ts';
import { log, root, testServerScript } from '../neo4j-loading/test-server.ts';
import { summarise, type Timing } from '../scale/stats.ts';
import { neo4jMarkdown, type CommandFigures, type Neo4jBenchResults, type Neo4jSizeResult } from './report.ts';

const withMillion = process.argv.includes('--with-1m');
const quick = process.argv.includes('--quick');
const sizesOption = process.argv.find((argument) => argument.startsWith('--sizes='));
/** --sizes=1000000 measures those sizes only and keeps the other sizes of the last results (each size is one whole measurement). */
const SIZES = sizesOption ? sizesOption.slice(8).split(',').map(Number) : withMillion ? [10_000, 100_000, 1_000_000] : quick ? [10_000] : [10_000, 100_000];
const AS_OF = '2024-06-30';
/** The driver load's batch size (enduse load --batch-size), as bench/neo4j-loading/run.ts uses. */
const BATCH_SIZE = 10_000;
/** Reloading 6M rows one merge batch at a time does not fit even the --with-1m run. */
const RELOAD_SIZES = [10_000, 100_000];
const HOUR_MS = 3_600_000;
/** The driver load of 6M rows is stopped after this long (reported as not finished, with the time it had). */
const DRIVER_LIMIT_1M_MS = 1_200_000;
const commandLine = `npm run bench:neo4j${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

const started = performance.now();
const sizes: Neo4jSizeResult[] = [];
if (!(await testServerScript()).javaAvailable()) {
  log('neo4j: skipped, no Java/Maven to start the test Neo4j');
} else {
  for (const entities of SIZES) {
    const folder = await benchDataset(entities, log);
    const loadBefore = loadavg()[0]!;
    const big = { NODE_OPTIONS: '--max-old-space-size=12000' };
    log(`${entities}: bulk import (export, neo4j-admin import, start, constraints)`);
    const bulkImport = await child('neo4j-loading/measure-bulk-import.ts', [folder], { NODE_OPTIONS: '--max-old-space-size=6000' });
    log(`${entities}: projection, routes and exposure three ways, whole commands`);
    const { engine, commands } = await onImportedDatabase(folder, entities, big);
    log(`${entities}: driver load`);
    // readDatasets holds the whole dataset as objects: at 1M that is several gigabytes.
    const driverLoad = await child('neo4j-loading/measure-driver-load.ts', [folder, String(BATCH_SIZE), ...(RELOAD_SIZES.includes(entities) ? [] : ['--no-reload'])], big, entities >= 1_000_000 ? DRIVER_LIMIT_1M_MS : HOUR_MS);
    sizes.push({ entities, relationships: entities * 5, command: commandLine, loadAverage: `${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`, bulkImport, driverLoad, engine, commands });
  }
}

const resultsFile = join(root, 'bench/results/neo4j.json');
const kept = sizesOption && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Neo4jBenchResults).sizes.filter((size) => !SIZES.includes(size.entities)) : [];
const results: Neo4jBenchResults = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`,
  command: commandLine,
  totalMinutes: Number(((performance.now() - started) / 60_000).toFixed(1)),
  asOf: AS_OF,
  batchSize: BATCH_SIZE,
  sizes: [...kept, ...sizes].sort((a, b) => a.entities - b.entities),
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(root, 'bench/results/neo4j.md'), neo4jMarkdown(results));
log('wrote bench/results/neo4j.{json,md}');

/**
 * Bulk-imports the dataset into a fresh test server (enduse export, then the server's
 * --import-from), measures the engine on it, and times whole `enduse routes` commands against
 * it and against the files.
 */
async function onImportedDatabase(folder: string, entities: number, env: Record<string, string>): Promise<{ engine: ChildAnswer; commands?: CommandFigures[] }> {
  const scratch = mkdtempSync(join(tmpdir(), 'enduse-bench-neo4j-'));
  try {
    const out = join(scratch, 'neo4j-admin');
    const exported = await command(['export', '--format', 'neo4j-admin', '--data', folder, '--out', out], env);
    if (exported.code !== 0) return { engine: { failure: `enduse export failed: ${exported.stderr.trim().split('\n').pop()}` } };
    const server = await (await testServerScript()).startNeo4jTestServer({ log, importFrom: out });
    try {
      const engine = await child('neo4j/measure-engine.ts', [folder, server.uri, AS_OF, '3'], { ...env, BENCH_PUSHDOWN_EVERYWHERE: entities < 1_000_000 ? '1' : '0' });
      if (engine.result === undefined) return { engine };
      // The largest manufacturer and the median-degree supplier (measure-engine.ts chooses them first and third).
      const chosen = (engine.result.sources as { id: string }[]).map((source) => source.id);
      const commands: CommandFigures[] = [];
      for (const from of [chosen[0]!, chosen[2] ?? chosen[0]!]) {
        const question = ['routes', '--from', from, '--as-of', AS_OF, '--format', 'json'];
        const runs = entities >= 1_000_000 ? 1 : 3;
        commands.push({
          from,
          embedded: await timedCommand([...question, '--data', folder], runs, env),
          neo4j: await timedCommand([...question, '--backend', 'neo4j', '--neo4j-uri', server.uri], runs, env),
        });
      }
      return { engine, commands };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Median wall time and the highest peak memory of `runs` runs of one enduse command. */
async function timedCommand(args: string[], runs: number, env: Record<string, string>): Promise<{ ms: Timing; peakMb: number } | { failure: string }> {
  const times: number[] = [];
  let peakMb = 0;
  for (let run = 0; run < runs; run++) {
    const answer = await command(args, env);
    if (answer.code !== 0) return { failure: `enduse ${args[0]} exited with code ${answer.code}: ${answer.stderr.trim().split('\n').pop()}` };
    times.push(answer.ms);
    peakMb = Math.max(peakMb, answer.peakMb);
  }
  return { ms: summarise(times), peakMb };
}

/** Runs bin/enduse.js under /usr/bin/time (for its peak resident memory); output is discarded. */
function command(args: string[], env: Record<string, string>): Promise<{ code: number; ms: number; peakMb: number; stderr: string }> {
  return new Promise((done) => {
    const started = performance.now();
    const process_ = spawn('/usr/bin/time', ['-f', 'PEAK_KB %M', process.execPath, join(root, 'bin/enduse.js'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process_.on('close', (code) => {
      const peakKb = Number(/PEAK_KB (\d+)/.exec(stderr)?.[1] ?? 0);
      done({ code: code ?? 1, ms: performance.now() - started, peakMb: Math.round(peakKb / 1024), stderr: stderr.replace(/PEAK_KB \d+\n?/, '') });
    });
  });
}

/** Runs a measuring script under bench/ in a child process (see bench/measuring-child.ts). */
function child(script: string, args: string[], env: Record<string, string> = {}, limitMs = HOUR_MS): Promise<ChildAnswer> {
  return runMeasuringChild(join(root, 'bench', script), args, { env, limitMs });
}
