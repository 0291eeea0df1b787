// Builds the store a command reads from and returns its view: the CLI's composition root.
import { readDatasets } from '../load/load-datasets.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { GraphStore, LoadSummary } from '../store/graph-store.ts';
import type { Dataset } from '../domain/schema.ts';

export async function openView(dataPaths: readonly string[]): Promise<GraphView> {
  const store = new MemoryStore();
  await store.load(readDatasets(dataPaths));
  return store.view();
}

/** What `--load` did: the backend, whether it keeps the data after this process, and the counts. */
export interface LoadOutcome {
  backend: 'memory' | 'neo4j';
  persists: boolean;
  summary: LoadSummary;
}

/** Loads an imported dataset into the store this composition root chooses (all or nothing). */
export async function loadDataset(dataset: Dataset): Promise<LoadOutcome> {
  const store: GraphStore = new MemoryStore();
  try {
    const summary = await store.load(dataset);
    return { backend: store.backend, persists: store.backend !== 'memory', summary };
  } finally {
    await store.close();
  }
}
