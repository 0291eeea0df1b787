// The question the k = 3 benchmarks ask: a dataset loaded into the compact store, its flags at
// the as-of date, and the manufacturer with the most goods edges out (the source whose
// alternatives cost most).
import { flaggedEntities, type FlagIndex } from '../../src/analysis/flags.ts';
import type { IsoDay } from '../../src/domain/dates.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';

export async function largestManufacturerQuestion(folder: string, asOf: IsoDay = '2024-06-30'): Promise<{ view: GraphView; from: string; asOf: IsoDay; flags: FlagIndex }> {
  const store = new CompactStore();
  await store.loadState(await compactStateFromFiles([folder]));
  const view = await store.view();
  const graph = view.compact!();
  const flags = flaggedEntities(view, asOf);
  const degree = graph.goodsOutDegree();
  let largest = -1;
  for (let index = 0; index < graph.nodeCount; index++) {
    if (graph.entities.kindAt(index) === 'manufacturer' && degree[index]! > 0 && (largest === -1 || degree[index]! > degree[largest]!)) largest = index;
  }
  return { view, from: graph.idAt(largest), asOf, flags };
}
