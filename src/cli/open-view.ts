// Builds the store a command reads from and returns its view: the CLI's composition root.
import { readDatasets } from '../load/load-datasets.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import type { GraphView } from '../store/graph-view.ts';

export async function openView(dataPaths: readonly string[]): Promise<GraphView> {
  const store = new MemoryStore();
  await store.load(readDatasets(dataPaths));
  return store.view();
}
