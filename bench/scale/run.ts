// `npm run bench`: the scale benchmark, one command, one run. For each size it generates (or
// reuses) a seeded dataset, then measures in separate child processes, so peak memory is each
// one's own: enduse's compact store, the graphology store with the reference search, and Neo4j
// (a fresh server, bulk load through the driver, the Cypher route query; the projection and
// push-down are measured by bench/neo4j/run.ts). Writes
// bench/results/latest.{json,md,svg}. `npm run bench -- --quick` runs 10k and 100k only;
// `--with-10m` adds 10M entities / 50M relationships (about 6 minutes to generate once, then
// several minutes a run, and 8-10 GB of memory: see the targets in README, Performance).
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { describeStolenTime, stolenTimeSince } from '../stolen-time.ts';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DATASETS, benchDataset } from '../bench-datasets.ts';
import { runMeasuringChild, type ChildAnswer } from '../measuring-child.ts';
import { writeResults, type BenchResults, type SizeResult } from './report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const quick = process.argv.includes('--quick');
const AS_OF = '2024-06-30';
const with10m = process.argv.includes('--with-10m');
const SIZES = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000, ...(with10m ? [10_000_000] : [])];
/** graphology is measured up to this size: at 1M it already runs out of Node's default heap. */
const GRAPHOLOGY_MAX_ENTITIES = 1_000_000;
/** Neo4j is loaded at these sizes only: 6M rows through the driver do not fit the time budget. */
const NEO4J_SIZES = [10_000, 100_000];
/** Children that run longer are stopped and reported as not finished. */
const GRAPHOLOGY_LIMIT_MS = 240_000;
const NEO4J_QUERY_TIMEOUT_MS = 20_000;

async function neo4jServer(): Promise<{ uri: string; stop: () => Promise<void> } | { skipped: string }> {
  const launcher = (await import(join(root, 'scripts/neo4j-test-server.mjs'))) as {
    javaAvailable(): boolean;
    startNeo4jTestServer(options: { log: (text: string) => void }): Promise<{ uri: string; stop: () => Promise<void> }>;
  };
  if (!launcher.javaAvailable()) return { skipped: 'no Java/Maven to start the test Neo4j' };
  try {
    return await launcher.startNeo4jTestServer({ log });
  } catch (error) {
    return { skipped: `the test Neo4j did not start: ${(error as Error).message}` };
  }
}

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** The 10M relationships file (3.2 GB) is over the default 1 GiB input limit (settings/input-limit.ts): raised for sizes past 1M, as a user loading such files must. */
const inputLimitFor = (entities: number): Record<string, string> => (entities > 1_000_000 ? { ENDUSE_MAX_INPUT_BYTES: String(16 * 1024 ** 3) } : {});

/** The snapshot figures of one dataset (its snapshot written beside the dataset's folder). */
async function measureSnapshot(folder: string, entities: number): Promise<ChildAnswer> {
  return child('measure-snapshot.ts', [folder, `${folder}.enduse`, AS_OF, '3'], undefined, inputLimitFor(entities));
}

// `--snapshot-only`: adds snapshot figures to the sizes of the last results, measuring nothing else.
if (process.argv.includes('--snapshot-only')) {
  const results = JSON.parse(readFileSync(join(root, 'bench/results/latest.json'), 'utf8')) as BenchResults;
  for (const size of results.sizes) {
    log(`${size.entities}: snapshot (enduse index, then read back)`);
    const answer = await measureSnapshot(await benchDataset(size.entities, log), size.entities);
    size.snapshot = answer.result === undefined ? { skipped: answer.failure! } : (answer.result as unknown as SizeResult['snapshot']);
  }
  // The snapshot rows are replaced, so is the note saying when they were measured.
  results.notes = results.notes.filter((note) => !note.startsWith('Snapshot rows added on'));
  results.notes.push(`Snapshot rows added on ${new Date().toISOString().slice(0, 10)} by \`npm run bench:scale -- --snapshot-only\` (load average ${loadavg()[0]!.toFixed(1)} at the end), in a separate run from the other rows.`);
  await writeResults(join(root, 'bench/results'), results);
  log('added snapshot figures to bench/results/latest.{json,md,svg}');
  process.exit(0);
}

const started = performance.now();
/** The host's share of CPU time over the run (stolen-time.ts). */
const stolen = stolenTimeSince();
const sizes: SizeResult[] = [];
const server = await neo4jServer();
try {
  for (const entities of SIZES) {
    const folder = await benchDataset(entities, log);
    log(`${entities}: enduse compact store`);
    // At 10M only what issue 17 sets targets for (k alternatives and the every-route exposure take many minutes there).
    const compact = await child('measure-compact.ts', [folder, AS_OF, '10', '5', ...(entities > 1_000_000 ? ['--targets-only'] : [])], undefined, inputLimitFor(entities));
    if (compact.result === undefined) throw new Error(`measure-compact failed at ${entities}: ${compact.failure}`);
    const sources = (compact.result.sources as { id: string }[]).map((source) => source.id);
    log(`${entities}: graphology store`);
    const graphology = entities > GRAPHOLOGY_MAX_ENTITIES ? { failure: 'not tried: it runs out of Node\'s default heap at 1M already' } : await child('measure-graphology.ts', [folder, AS_OF, '3', ...sources], GRAPHOLOGY_LIMIT_MS);
    log(`${entities}: snapshot (enduse index, then read back)`);
    const snapshotAnswer = await measureSnapshot(folder, entities);
    let neo4j: SizeResult['neo4j'];
    if ('skipped' in server) neo4j = { skipped: server.skipped };
    else if (!NEO4J_SIZES.includes(entities)) neo4j = { skipped: `bulk load of ${(entities * 6) / 1e6}M rows through the driver takes too long for this run (see the 100k load rate)` };
    else {
      log(`${entities}: Neo4j`);
      const answer = await child('measure-neo4j.ts', [folder, server.uri, AS_OF, '3', String(NEO4J_QUERY_TIMEOUT_MS), ...sources]);
      neo4j = answer.result === undefined ? { skipped: answer.failure! } : (answer.result as SizeResult['neo4j']);
    }
    sizes.push({
      entities,
      relationships: entities * 5,
      compact: compact.result as unknown as SizeResult['compact'],
      snapshot: snapshotAnswer.result === undefined ? { skipped: snapshotAnswer.failure! } : (snapshotAnswer.result as unknown as SizeResult['snapshot']),
      graphology: graphology.result === undefined ? { skipped: graphology.failure! } : (graphology.result as SizeResult['graphology']),
      neo4j,
    });
  }
} finally {
  if (!('skipped' in server)) await server.stop();
}

const results: BenchResults = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`,
  command: quick ? 'npm run bench -- --quick' : with10m ? 'npm run bench -- --with-10m' : 'npm run bench',
  notes: [
    `Datasets from \`enduse generate --entities N --relationships 5N --seed 1\`; as-of date ${AS_OF}; routes within 6 hops from 10 sources (the manufacturer with the most goods edges and 9 seeded suppliers), each source timed 5 times (graphology and Cypher 3), median of runs per source, then the median (min–max) over sources.`,
    'Bare CSR BFS: breadth-first search to the same depth over the same goods edges with no dates, products or flags, timed over both layouts the compact index keeps (the full relationship columns and the goods-only adjacency the route search reads); the faster one per source is the baseline.',
    'Snapshot: bench/scale/measure-snapshot.ts writes the dataset\'s snapshot (as `enduse index` does), then reads it back 3 times, each in a fresh process, into a ready store (CRC-32s checked); it checks the snapshot flags the same entities as the CSV. The CRC-32 row is the file read and checked alone, on one thread.',
    'Each store is measured in its own child process; peak memory is that process\'s VmHWM (resident high-water mark), including Node itself.',
    '"graphology traversal, same checks" is the reference search of src/analysis/routes.ts over the graphology store, loaded through readDatasets (zod per row).',
    `Cypher: cypher/routes-to-flagged.cypher (path enumeration) on a fresh Neo4j started by scripts/neo4j-test-server.mjs, each query under a ${NEO4J_QUERY_TIMEOUT_MS / 1000} s timeout; sources over the timeout are counted, not timed.`,
    'Neo4j projection, push-down and loading: see bench/results/neo4j.md (npm run bench:neo4j).',
    `Total run time ${((performance.now() - started) / 60_000).toFixed(1)} min (dataset generation cached in ${BENCH_DATASETS}); ${describeStolenTime(stolen())} over the run: figures of a run with much time stolen are slower than the code.`,
  ],
  sizes,
};
await writeResults(join(root, 'bench/results'), results);
log(`wrote bench/results/latest.{json,md,svg}`);

/** Runs a measuring script of this folder in a child process (see bench/measuring-child.ts). */
function child(script: string, args: string[], limitMs = 1_800_000, env: Record<string, string> = {}): Promise<ChildAnswer> {
  return runMeasuringChild(join(here, script), args, { limitMs, env });
}
