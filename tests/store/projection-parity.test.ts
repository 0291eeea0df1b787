// Reading the database gives exactly what `--data` gives: the same files read by the embedded
// store (the streaming reader `--data` uses) and loaded into a real Neo4j answer `routes` and
// `exposure` identically to the last field, through the projection and pushed down, including
// which of equally early routes each keeps. The files put entities and relationships in an order
// unlike Neo4j's (ids descending, ties listed against id order, identical rows), so a store that
// read a source's relationships in its own order would show another of the tied routes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { rankedFlaggedRoutes } from '../../src/analysis/ranked-routes.ts';
import { viewForSearch } from '../../src/analysis/search-strategy.ts';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readDatasets, readReference } from '../../src/load/load-datasets.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';

const freeTradeZones = readFreeTradeZones();
const AS_OF = '2024-06-30';

/**
 * Ties in an order no store sorts by: `s` reaches the listed `t` through `m-b` and `m-a` at the
 * same time (listed b first), over two identical rows to `m-a`, and through a FRONT_FOR and a
 * SUPPLIES to `m-c` with the same dates; ids descend in file order.
 */
const TIES = {
  entities: [
    { id: 's', name: 'Source', kind: 'manufacturer', country: 'DE' },
    { id: 'm-c', name: 'C', kind: 'reseller', country: 'AE' },
    { id: 'm-b', name: 'B', kind: 'reseller', country: 'AE' },
    { id: 'm-a', name: 'A', kind: 'reseller', country: 'AE' },
    { id: 't', name: 'Target', kind: 'end_user', country: 'SY', sector: 'government' },
  ],
  relationships: [
    { source: 's', target: 'm-c', type: 'SUPPLIES', product: 'dpi', start: '2010' },
    { source: 's', target: 'm-c', type: 'FRONT_FOR', start: '2010' },
    { source: 's', target: 'm-b', type: 'SUPPLIES', product: 'dpi', start: '2010', evidence: 'press' },
    { source: 's', target: 'm-a', type: 'SUPPLIES', product: 'dpi', start: '2010', evidence: 'court' },
    { source: 's', target: 'm-a', type: 'SUPPLIES', product: 'dpi', start: '2010', evidence: 'court' },
    { source: 'm-c', target: 't', type: 'SUPPLIES', product: 'dpi', start: '2010' },
    { source: 'm-b', target: 't', type: 'SUPPLIES', product: 'dpi', start: '2010' },
    { source: 'm-a', target: 't', type: 'SUPPLIES', product: 'dpi', start: '2010' },
  ],
  listings: [{ entity_id: 't', list: 'OFAC_SDN', from: '2009' }],
};

describeNeo4j('reading Neo4j gives what --data gives', () => {
  const database = withNeo4jDatabase();
  let paths: string[];
  let embedded: GraphView;
  let sources: string[];

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-projection-parity-'));
    writeFileSync(join(folder, 'ties.json'), JSON.stringify(TIES));
    await generateDataset(join(folder, 'generated'), { entities: 600, relationships: 3000, seed: 11, listCodes: [...readReference().lists.keys()] });
    paths = [join(folder, 'ties.json'), join(folder, 'generated')];
    const store = new CompactStore();
    await store.loadState(await compactStateFromFiles(paths));
    embedded = await store.view();
    // Every tenth entity with goods going out, and the tie source.
    const withGoods = [...embedded.entities()].map((entity) => entity.id).filter((id) => embedded.outEdges(id).some((edge) => edge.type === 'SUPPLIES'));
    sources = ['s', ...withGoods.filter((_, index) => index % 10 === 0)];
  });

  it('answers routes and exposure exactly as the files do, through the projection and pushed down', async () => {
    await database.driver.executeQuery('MATCH (n) DETACH DELETE n');
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    try {
      await store.load(readDatasets(paths));
      const projection = await store.view();
      let routesCompared = 0;
      for (const from of sources) {
        const options = { asOf: AS_OF, maxHops: 6, freeTradeZones };
        const { view: pushed } = await viewForSearch(store, from, { asOf: AS_OF, maxHops: 6 }, 'pushdown');
        for (const sort of ['length', 'score'] as const) {
          const expected = rankedFlaggedRoutes(embedded, from, { ...options, sort });
          expect(rankedFlaggedRoutes(projection, from, { ...options, sort }), `from ${from}, sort ${sort} (projection)`).toEqual(expected);
          expect(rankedFlaggedRoutes(pushed, from, { ...options, sort }), `from ${from}, sort ${sort} (push-down)`).toEqual(expected);
          routesCompared += expected.length;
        }
        const exposure = computeExposure(embedded, from, options);
        expect(computeExposure(projection, from, options), `from ${from} (exposure, projection)`).toEqual(exposure);
        expect(computeExposure(pushed, from, options), `from ${from} (exposure, push-down)`).toEqual(exposure);
      }
      expect(routesCompared).toBeGreaterThan(sources.length);
      // The tie: m-a (first by id) over m-b (first in the file), over the first of the identical rows.
      const [tied] = rankedFlaggedRoutes(projection, 's', { asOf: AS_OF, maxHops: 6, freeTradeZones, sort: 'length' });
      expect(tied?.path).toEqual(['s', 'm-a', 't']);
      expect(tied?.edges[0]?.id).toMatch(/^r-[0-9a-f]+$/);
    } finally {
      await store.close();
    }
  }, 600_000);
});
