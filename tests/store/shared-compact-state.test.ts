// The compact index as worker threads get it: the arrays travel as shared memory (not copied),
// the rest once, and the view rebuilt from them answers exactly as the original.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { SearchBudget } from '../../src/analysis/search-budget.ts';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { CompactGraphView } from '../../src/store/compact/compact-graph-view.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { compactStateFromShared, hasCompactIndex, shareCompactState, type SharedCompactState } from '../../src/store/compact/shared-compact-state.ts';
import { buildDataset } from '../support/build-dataset.ts';
import { randomDataset } from '../support/random-dataset.ts';

/** Posts `shared` through a message port, as it reaches a worker thread. */
async function posted(shared: SharedCompactState): Promise<SharedCompactState> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<SharedCompactState>((resolve) => (port2 as MessagePort).once('message', resolve));
  port1.postMessage(shared);
  const value = await received;
  port1.close();
  return value;
}

describe('the compact index shared with worker threads', () => {
  it('answers routes, k alternatives and exposure exactly as the original view, on the shipped cases and on random graphs', async () => {
    const datasets = [readDatasets(shippedCases().map((shipped) => shipped.directory)), ...Array.from({ length: 40 }, (_, seed) => buildDataset(randomDataset(seed + 1, 6 + (seed % 9), 10 + (seed % 25))))];
    for (const dataset of datasets) {
      const store = new CompactStore();
      await store.load(dataset);
      const original = await store.view();
      if (!hasCompactIndex(original)) throw new Error('the compact store has a compact index');
      const rebuilt = new CompactGraphView(compactStateFromShared(await posted(shareCompactState(original))));
      for (const asOf of ['2011-06-30', '2030-01-01']) {
        const flags = flaggedEntities(original, asOf);
        expect(flaggedEntities(rebuilt, asOf)).toEqual(flags);
        for (const entity of [...original.entities()].slice(0, 12)) {
          expect(findFlaggedRoutes(rebuilt, entity.id, { asOf, flags })).toEqual(findFlaggedRoutes(original, entity.id, { asOf, flags }));
          expect(kShortestFlaggedRoutes(rebuilt, entity.id, { asOf, flags, k: 3 })).toEqual(kShortestFlaggedRoutes(original, entity.id, { asOf, flags, k: 3 }));
          expect(computeExposure(rebuilt, entity.id, { asOf, flags, freeTradeZones: [] })).toEqual(computeExposure(original, entity.id, { asOf, flags, freeTradeZones: [] }));
        }
      }
      expect([...rebuilt.relationships()]).toEqual([...original.relationships()]);
      expect([...rebuilt.listings()]).toEqual([...original.listings()]);
    }
  });

  it('shares the typed arrays instead of copying them: a worker reads the very memory the store built', async () => {
    const store = new CompactStore();
    await store.load(readDatasets(shippedCases().map((shipped) => shipped.directory)));
    const view = await store.view();
    if (!hasCompactIndex(view)) throw new Error('the compact store has a compact index');
    const graph = view.compact();
    const shared = shareCompactState(view);
    // Built in shared memory by the store: sharing made no copy.
    expect(shared.arrays.edges.target).toBe(graph.edges.target);
    expect(shared.arrays.goodsAdjacency.records).toBe(graph.goodsAdjacency().records);
    const received = await posted(shared);
    for (const array of [received.arrays.edges.target, received.arrays.outOffsets, received.arrays.goodsAdjacency.records, received.arrays.idTable!]) {
      expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    // Same memory: a write through the original is seen through the received array.
    const before = received.arrays.edges.share[0];
    graph.edges.share[0] = 12.5;
    expect(received.arrays.edges.share[0]).toBe(12.5);
    graph.edges.share[0] = before!;
  });
});

describe('SearchBudget cancellation', () => {
  it('stops a search once another thread raises the flag, and says it was cancelled', () => {
    const flags = new Int32Array(new SharedArrayBuffer(4));
    const budget = new SearchBudget({ cancelled: { flags, index: 0 } });
    expect(budget.spend(1000)).toBe(true);
    Atomics.store(flags, 0, 1);
    let steps = 0;
    while (budget.spend(1) && steps < 1_000_000) steps++;
    expect(budget.exhausted).toBe(true);
    expect(budget.cancelled).toBe(true);
    // Looked at with the clock, every few thousand steps: a cancelled search stops soon.
    expect(steps).toBeLessThanOrEqual(4096);
    expect(new SearchBudget({ cancelled: { flags, index: 0 } }).exhausted).toBe(true);
  });
});
