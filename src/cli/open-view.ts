// Builds the store a command reads from and returns its view: the CLI's composition root.
import { Neo4jStore } from '../store/neo4j/neo4j-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { GraphStore, LoadSummary } from '../store/graph-store.ts';
import type { Dataset } from '../domain/schema.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { backendOption, neo4jSettings, type Backend, type BackendCliOptions } from './backend-options.ts';
import { choiceOption, dataOption } from './options.ts';
import { SEARCH_STRATEGIES, viewForSearch, type SearchQuestion } from '../analysis/search-strategy.ts';
import { CompactStore } from '../store/compact/compact-store.ts';
import { loadProgressBar } from './load-progress.ts';
import { processOutput } from './output.ts';

/** What a command says about where its graph comes from: --data files, or a backend. */
export interface ViewOptions extends BackendCliOptions {
  data?: string[];
}

/**
 * The view a command analyses. Given paths (the older form), reads them into the embedded store.
 * Given a command's options: `--backend memory` (default) reads `--data`; `--backend neo4j` reads
 * the whole graph from Neo4j (connection from flags, else NEO4J_* environment variables).
 *
 * @example const view = await openView(options); // options of a command with --data and --backend
 */
export async function openView(source: readonly string[] | ViewOptions): Promise<GraphView> {
  if (isPaths(source)) return memoryView(source);
  if (backendOption(source.backend) === 'memory') return memoryView(dataOption(source.data));
  if (source.data !== undefined && source.data.length > 0) {
    throw new InvalidInputError('--data does not apply with --backend neo4j', [
      { field: '--data', message: 'with --backend neo4j the command reads what is in Neo4j; load files first with: enduse load --backend neo4j --data PATH' },
    ]);
  }
  const store = await openNeo4jStore(source);
  try {
    return await store.view();
  } finally {
    await store.close();
  }
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
  if (backendOption(options.backend) === 'memory') {
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
  return Neo4jStore.connect(neo4jSettings(options, process.env));
}

/**
 * The embedded store for analysis: the compact typed-array store, streamed from the files with a
 * progress bar on a terminal (see README, Architecture: graphology does not fit a million entities).
 */
async function memoryView(dataPaths: readonly string[]): Promise<GraphView> {
  const store = new CompactStore();
  const bar = loadProgressBar(processOutput.progressStream);
  try {
    await store.loadPaths(dataPaths, { onProgress: (progress) => bar.update(progress) });
  } finally {
    bar.stop();
  }
  return store.view();
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
  const backendOptions = options as BackendCliOptions;
  const store: GraphStore = backendOption(backendOptions.backend) === 'neo4j' ? await openNeo4jStore(backendOptions) : new CompactStore();
  try {
    const summary = await store.load(dataset);
    return { backend: store.backend, persists: store.backend !== 'memory', summary };
  } finally {
    await store.close();
  }
}
