// The CLI's composition root: the one place that opens the store a command uses (from the
// settings backend-options.ts reads) and fills it from files.
import type { Neo4jStore } from '../store/neo4j/neo4j-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { GraphStore, LoadSummary } from '../store/graph-store.ts';
import type { Dataset } from '../domain/schema.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { compactStateFromFiles } from '../load/stream-datasets.ts';
import { readDatasets } from '../load/load-datasets.ts';
import { neo4jSettings, storeSettings, type Backend, type BackendCliOptions, type StoreSettings } from './backend-options.ts';
import { dataOption } from './options.ts';
import { choiceOption } from './options.ts';
import { SEARCH_STRATEGIES, viewForSearch, type SearchQuestion } from '../analysis/search-strategy.ts';
import { CompactStore } from '../store/compact/compact-store.ts';
import { loadProgressBar } from './load-progress.ts';
import { processOutput } from './output.ts';
import { isSnapshotPath } from '../snapshot/snapshot-signature.ts';
import type { CompactState } from '../store/compact/compact-graph-view.ts';

/** What a command says about where its graph comes from: --data files, or a backend. */
export interface ViewOptions extends BackendCliOptions {
  data?: string[];
}

/**
 * The store the settings name: `memory` is the compact typed-array store (README, Architecture:
 * graphology does not fit a million entities), `neo4j` a connected Neo4jStore
 * (StoreUnavailableError when unreachable).
 *
 * @example const store = await openStore(storeSettings(options, process.env));
 */
export async function openStore(settings: StoreSettings): Promise<GraphStore> {
  return settings.backend === 'neo4j' ? connectNeo4jStore(settings.neo4j) : new CompactStore();
}

/**
 * Loads dataset files into a store, all or nothing: the embedded store takes the compact state the
 * streaming reader builds (a progress bar on a terminal); any other store the validated dataset.
 */
export async function loadFiles(store: GraphStore, paths: readonly string[]): Promise<LoadSummary> {
  if (!(store instanceof CompactStore)) {
    if (paths.some(isSnapshotPath)) throw new InvalidInputError('a snapshot goes into the embedded store only', [{ field: '--data', message: 'a .enduse snapshot is read by --backend memory; to fill Neo4j, give the dataset folders it was written from' }]);
    return store.load(readDatasets(paths));
  }
  return store.loadState(await compactStateOfPaths(paths));
}

/**
 * The compact state `--data` paths give: snapshots (.enduse) read back as they were written, or
 * dataset files streamed into the index (a progress bar on a terminal). One snapshot, not
 * mixed with dataset files: a snapshot is a whole index.
 *
 * @example const state = await compactStateOfPaths(['big.enduse']);
 */
export async function compactStateOfPaths(paths: readonly string[]): Promise<CompactState> {
  const snapshots = paths.filter(isSnapshotPath);
  if (snapshots.length > 0 && snapshots.length < paths.length) {
    throw new InvalidInputError('snapshots and dataset files do not mix', [{ field: '--data', message: `give either .enduse snapshots (${snapshots.join(', ')}) or dataset folders and files; to add data to a snapshot, run enduse index again with every dataset` }]);
  }
  if (snapshots.length > 1) {
    throw new InvalidInputError('one snapshot at a time', [{ field: '--data', message: `give one of ${snapshots.join(', ')}; to combine datasets, run enduse index once with all their folders` }]);
  }
  if (snapshots.length === 1) {
    // The reader (zod, zlib, v8) loads only for a snapshot.
    const { readSnapshot } = await import('../snapshot/read-snapshot.ts');
    return (await readSnapshot(snapshots[0]!)).state;
  }
  const bar = await loadProgressBar(processOutput.progressStream);
  try {
    return await compactStateFromFiles(paths, { onProgress: (progress) => bar.update(progress) });
  } finally {
    bar.stop();
  }
}

/**
 * The view a command analyses. Given paths (the older form), reads them into the embedded store.
 * Given a command's options: `--backend memory` (default) reads `--data`; `--backend neo4j` reads
 * the whole graph from Neo4j (connection from flags, else NEO4J_* environment variables).
 *
 * @example const view = await openView(options); // options of a command with --data and --backend
 */
export async function openView(source: readonly string[] | ViewOptions): Promise<GraphView> {
  const settings: StoreSettings = isPaths(source) ? { backend: 'memory' } : storeSettings(source, process.env);
  if (settings.backend === 'memory') {
    const store = await openStore(settings);
    await loadFiles(store, isPaths(source) ? source : dataOption(source.data));
    return store.view();
  }
  if (!isPaths(source) && source.data !== undefined && source.data.length > 0) throw dataWithNeo4j();
  const store = await openStore(settings);
  try {
    return await store.view();
  } finally {
    await store.close();
  }
}

/** `--data` given with `--backend neo4j`: the command reads the database, so files go in with `load` first. */
export function dataWithNeo4j(): InvalidInputError {
  return new InvalidInputError('--data does not apply with --backend neo4j', [
    { field: '--data', message: 'with --backend neo4j the command reads what is in Neo4j; load files first with: enduse load --backend neo4j --data PATH' },
  ]);
}

/**
 * The view for a route or exposure question from `from`: with --backend neo4j the search is pushed
 * down into Neo4j or answered on a projection of the whole graph, as --strategy says or, without
 * it, as analysis/search-strategy.ts chooses; with --backend memory, --data read as by openView.
 *
 * @example const view = await openSearchView(options, 'bluecoat', { asOf: '2011-06-30', maxHops: 6 });
 */
export async function openSearchView(options: ViewOptions & { strategy?: string }, from: string, question: SearchQuestion): Promise<GraphView> {
  const strategy = options.strategy === undefined ? undefined : choiceOption(options.strategy, '--strategy', SEARCH_STRATEGIES, 'projection');
  if (storeSettings(options, process.env).backend === 'memory') {
    if (strategy === 'pushdown') throw new InvalidInputError('push-down needs Neo4j', [{ field: '--strategy', message: 'pushdown runs the search inside Neo4j: add --backend neo4j, or leave --strategy out' }]);
    return openView(options);
  }
  if (options.data !== undefined && options.data.length > 0) return openView(options);
  const store = await openNeo4jStore(options);
  try {
    return (await viewForSearch(store, from, question, strategy)).view;
  } finally {
    await store.close();
  }
}

/** Connects to the Neo4j the options and environment name (StoreUnavailableError when unreachable). */
export function openNeo4jStore(options: BackendCliOptions): Promise<Neo4jStore> {
  return connectNeo4jStore(neo4jSettings(options, process.env));
}

/** The Neo4j store, its driver loaded only by the commands that use it (it costs every start otherwise). */
async function connectNeo4jStore(settings: Parameters<typeof Neo4jStore.connect>[0]): Promise<Neo4jStore> {
  const { Neo4jStore } = await import('../store/neo4j/neo4j-store.ts');
  return Neo4jStore.connect(settings);
}

function isPaths(source: readonly string[] | ViewOptions): source is readonly string[] {
  return Array.isArray(source);
}

/** What `--load` did: the backend, whether it keeps the data after this process, and the counts. */
export interface LoadOutcome {
  backend: Backend;
  persists: boolean;
  summary: LoadSummary;
}

/**
 * Loads an imported dataset into the store this composition root chooses (all or nothing in
 * memory; in idempotent batches in Neo4j). `options` are the command's options (--backend …).
 */
export async function loadDataset(dataset: Dataset, options: object = {}): Promise<LoadOutcome> {
  const settings = storeSettings(options as BackendCliOptions, process.env);
  const store = await openStore(settings);
  try {
    const summary = await store.load(dataset);
    return { backend: settings.backend, persists: settings.backend === 'neo4j', summary };
  } finally {
    await store.close();
  }
}
