// `npm run bench:neo4j-loading` (and part of `npm run bench`): getting a dataset into Neo4j, both
// ways, at 10k and 100k entities (five relationships each), and at 1M with --with-1m (about half
// an hour on the 2-core machine): the bulk importer end to end (enduse export, neo4j-admin's
// importer, server start, constraints) and the driver load (enduse load into an empty database,
// then the same load again, every row merged); --quick runs 10k only. Each measurement runs in its own child process on
// a fresh test server. Writes bench/results/neo4j-loading.{json,md}.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { runMeasuringChild, type ChildAnswer } from '../measuring-child.ts';
import { log, root, testServerScript } from './test-server.ts';

const sizesOption = process.argv.find((argument) => argument.startsWith('--sizes='));
/** --sizes=N,M measures those sizes only, into results files of their own (neo4j-loading-N-M.*): a long run need not redo the small ones. */
const SIZES = sizesOption !== undefined ? sizesOption.slice('--sizes='.length).split(',').map(Number) : process.argv.includes('--with-1m') ? [10_000, 100_000, 1_000_000] : process.argv.includes('--quick') ? [10_000] : [10_000, 100_000];
/** --bulk-only skips the driver load (at 1M it alone takes most of an hour on a busy machine). */
const BULK_ONLY = process.argv.includes('--bulk-only');
const RESULTS = `bench/results/neo4j-loading${sizesOption === undefined ? '' : `-${SIZES.join('-')}`}`;
/** The driver load's batch size (enduse load --batch-size). */
const BATCH_SIZE = 10_000;
/** Reloading 6M rows one merge batch at a time does not fit even the --with-1m run. */
const RELOAD_SIZES = [10_000, 100_000];

interface BulkResult {
  rows: number;
  exportMs: number;
  exportCpuMs: number;
  exportPeakMb: number;
  importerMs?: number;
  importerCpuMs?: number;
  serverStartMs?: number;
  serverStartCpuMs?: number;
  schemaServerCpuMs?: number;
  rowsPerSecondWithoutStart?: number;
  importAndStartMs: number;
  schemaMs: number;
  totalMs: number;
  rowsPerSecond: number;
}

interface DriverResult {
  rows: number;
  readMs: number;
  load: { ms: number; rowsPerSecond: number };
  reload?: { ms: number; rowsPerSecond: number };
}



/** The scale benchmark's datasets (same folder, same seed), generated once. */
async function dataset(entities: number): Promise<string> {
  const folder = join(tmpdir(), 'enduse-bench', `e${entities}-r${entities * 5}-s1`);
  if (!existsSync(join(folder, '.complete'))) {
    await generateDataset(folder, { entities, relationships: entities * 5, seed: 1, listCodes: [...readReference().lists.keys()] });
    writeFileSync(join(folder, '.complete'), '');
  }
  return folder;
}

const started = performance.now();
const loadAtStart = loadavg().map((value) => value.toFixed(1)).join(', ');
const results: { entities: number; loadAverage: { bulkImport: string; driverLoad: string }; bulkImport: ChildAnswer; driverLoad: ChildAnswer }[] = [];
/** The 1, 5 and 15 minute load averages: other work on the machine slows every figure. */
const loadNow = () => loadavg().map((value) => value.toFixed(1)).join(', ');
if (!(await testServerScript()).javaAvailable()) {
  log('neo4j-loading: skipped, no Java/Maven to start the test Neo4j');
} else {
  for (const entities of SIZES) {
    const folder = await dataset(entities);
    log(`${entities}: bulk import (export, neo4j-admin import, start, constraints)`);
    const bulkLoad = loadNow();
    const bulkImport = await child('measure-bulk-import.ts', [folder], { NODE_OPTIONS: '--max-old-space-size=6000' });
    log(`${entities}: driver load`);
    // readDatasets holds the whole dataset as objects: at 1M that is several gigabytes.
    const driverLoadAverage = loadNow();
    const driverLoad = BULK_ONLY ? { failure: 'not run (--bulk-only)' } : await child('measure-driver-load.ts', [folder, String(BATCH_SIZE), ...(RELOAD_SIZES.includes(entities) ? [] : ['--no-reload'])], { NODE_OPTIONS: '--max-old-space-size=12000' });
    results.push({ entities, loadAverage: { bulkImport: bulkLoad, driverLoad: driverLoadAverage }, bulkImport, driverLoad });
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}; load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${loadNow()}`;
const report = {
  date: new Date().toISOString().slice(0, 10),
  machine,
  command: `npm run bench:neo4j-loading${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  totalMinutes: Number(((performance.now() - started) / 60_000).toFixed(1)),
  sizes: results,
};
writeFileSync(join(root, `${RESULTS}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(root, `${RESULTS}.md`), markdown(report));
log(`wrote ${RESULTS}.{json,md}`);

function markdown(report_: typeof report): string {
  const cell = <R>(measured: ChildAnswer, text: (result: R) => string) => (measured.result === undefined ? `not run: ${measured.failure}` : text(measured.result as R));
  const bulk = (measured: ChildAnswer, text: (result: BulkResult) => string) => cell(measured, text);
  const driver = (measured: ChildAnswer, text: (result: DriverResult) => string) => cell(measured, text);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const cpu = (ms: number | undefined, whose = '') => (ms === undefined ? '' : ` (${whose}${seconds(ms)} CPU)`);
  const rate = (perSecond: number) => `${perSecond.toLocaleString('en-US')} rows/s`;
  const header = ['', ...report_.sizes.map(({ entities }) => `${entities.toLocaleString('en-US')} entities / ${(entities * 5).toLocaleString('en-US')} rel.`)];
  const rows: string[][] = [
    ['load average (1, 5, 15 min) before the bulk import / the driver load', ...report_.sizes.map(({ loadAverage }) => `${loadAverage.bulkImport} / ${loadAverage.driverLoad}`)],
    ['rows (entities, relationships, listings, lists, flag periods)', ...report_.sizes.map(({ bulkImport, driverLoad }) => cell(bulkImport.result ? bulkImport : driverLoad, (result: { rows: number }) => result.rows.toLocaleString('en-US')))],
    ['bulk import, end to end', ...report_.sizes.map(({ bulkImport }) => bulk(bulkImport, (result) => `${seconds(result.totalMs)}, **${rate(result.rowsPerSecond)}**`))],
    ['bulk import without the server start', ...report_.sizes.map(({ bulkImport }) => bulk(bulkImport, (result) => (result.rowsPerSecondWithoutStart === undefined ? 'importer time not reported' : rate(result.rowsPerSecondWithoutStart))))],
    ['  of which enduse export (stream, validate, write files)', ...report_.sizes.map(({ bulkImport }) => bulk(bulkImport, (result) => `${seconds(result.exportMs)} (${seconds(result.exportCpuMs)} CPU, peak ${result.exportPeakMb} MB)`))],
    ['  of which neo4j-admin importer', ...report_.sizes.map(({ bulkImport }) => bulk(bulkImport, (result) => (result.importerMs === undefined ? `with the start: ${seconds(result.importAndStartMs)}` : `${seconds(result.importerMs)}${cpu(result.importerCpuMs)}`)))],
    ['  of which server start', ...report_.sizes.map(({ bulkImport }) => bulk(bulkImport, (result) => (result.serverStartMs === undefined ? 'see above' : `${seconds(result.serverStartMs)}${cpu(result.serverStartCpuMs)}`)))],
    ['  of which constraints and indexes (first connection)', ...report_.sizes.map(({ bulkImport }) => bulk(bulkImport, (result) => `${seconds(result.schemaMs)}${cpu(result.schemaServerCpuMs, "Neo4j's ")}`))],
    ['driver load into an empty database', ...report_.sizes.map(({ driverLoad }) => driver(driverLoad, (result) => `${seconds(result.load.ms)}, **${rate(result.load.rowsPerSecond)}**`))],
    ['driver load again (every row merged)', ...report_.sizes.map(({ driverLoad }) => driver(driverLoad, (result) => (result.reload === undefined ? 'not run at this size' : `${seconds(result.reload.ms)}, ${rate(result.reload.rowsPerSecond)}`)))],
    ['reading the files for the driver load (readDatasets)', ...report_.sizes.map(({ driverLoad }) => driver(driverLoad, (result) => seconds(result.readMs)))],
  ];
  return [
    '# enduse: loading Neo4j',
    '',
    `${report_.date}, ${report_.machine}. Command: \`${report_.command}\` (${report_.totalMinutes} min).`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `- Datasets from \`enduse generate --entities N --relationships 5N --seed 1\`; each measurement on a fresh test server (scripts/neo4j-test-server.mjs), driver batches of ${BATCH_SIZE.toLocaleString('en-US')} rows.`,
    '- Bulk import end to end: from the dataset folder to a database enduse can query, constraints built: `enduse export --format neo4j-admin` in process, then the test server started with `--import-from` (neo4j-admin database import full), then enduse\'s first connection applying cypher/schema.cypher.',
    '- The driver load time excludes reading the files (its own row); rows/s counts every row sent.',
    '',
  ].join('\n');
}

/** Runs a measuring script of this folder in a child process (see bench/measuring-child.ts). */
function child(script: string, args: string[], env: Record<string, string> = {}, limitMs = 3_600_000): Promise<ChildAnswer> {
  return runMeasuringChild(join(root, 'bench/neo4j-loading', script), args, { env, limitMs });
}
