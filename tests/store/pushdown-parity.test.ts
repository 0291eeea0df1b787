// Push-down and projection agree: on random datasets in a real Neo4j, the answers of `routes`
// (k = 1, both sorts) and `exposure` from a view pushed down into Neo4j equal, to the last field,
// those from the projection of the whole graph; the projection itself equals the reference
// (graphology) store's routes; and the time-window traps that defeat a plain breadth-first search
// (the first arrival too late, a later layer arriving earlier) come out right.
import { expect, it } from 'vitest';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { rankedFlaggedRoutes } from '../../src/analysis/ranked-routes.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { viewForSearch } from '../../src/analysis/search-strategy.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import type { Dataset } from '../../src/domain/schema.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { buildDataset, entity, supplies, type InlineDataset } from '../support/build-dataset.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';

const BATCHES = 12;
const DATASETS_PER_BATCH = 10;
const AS_OF = ['2008-06-30', '2009-12-31', '2010-06-30', '2011-03-01', '2012-12-31'];
const freeTradeZones = readFreeTradeZones();

describeNeo4j('push-down and projection agree', () => {
  const database = withNeo4jDatabase();

  it(`gives the same routes and exposure both ways on ${BATCHES * DATASETS_PER_BATCH} random datasets`, async () => {
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    let routesCompared = 0;
    try {
      for (let batch = 0; batch < BATCHES; batch++) {
        const random = seededRandom(104_729 * (batch + 1));
        const asOf = pick(random, AS_OF);
        const { dataset, sources } = randomBatch(batch);
        await database.driver.executeQuery('MATCH (n) DETACH DELETE n');
        await store.load(dataset);
        const reference = new MemoryStore();
        await reference.load(dataset);
        const [projection, referenceView] = [await store.view(), await reference.view()];
        for (const from of sources) {
          const product = pick(random, ['dpi', 'proxy', ' DPI ', undefined]);
          const maxHops = 1 + Math.floor(random() * 6);
          const where = `batch ${batch}, from ${from}, as of ${asOf}, product ${product ?? 'any'}, max hops ${maxHops}`;
          const { view: pushed, strategy } = await viewForSearch(store, from, { asOf, product, maxHops }, 'pushdown');
          expect(strategy).toBe('pushdown');
          const options = { asOf, product, maxHops, freeTradeZones };
          for (const sort of ['length', 'score'] as const) {
            const expected = rankedFlaggedRoutes(projection, from, { ...options, sort });
            expect(rankedFlaggedRoutes(pushed, from, { ...options, sort }), `${where}, sort ${sort}`).toEqual(expected);
            routesCompared += expected.length;
          }
          expect(computeExposure(pushed, from, options), `${where} (exposure)`).toEqual(computeExposure(projection, from, options));
          // The projection is held to the reference store: targets and fewest hops.
          const summary = (view: typeof projection) => findFlaggedRoutes(view, from, { asOf, product, maxHops }).map((route) => `${route.target}:${route.hops}`).sort();
          expect(summary(projection), `${where} (reference)`).toEqual(summary(referenceView));
        }
      }
    } finally {
      await store.close();
    }
    expect(routesCompared).toBeGreaterThan(BATCHES * DATASETS_PER_BATCH);
  }, 600_000);

  it('finds the route through a time-window trap both ways', async () => {
    // s reaches a in one hop only in 2012, too late for a → t (ends 2010); through b it reaches a
    // in 2009, in time. A breadth-first search that keeps a's first arrival misses t.
    const dataset = buildDataset({
      entities: ['s', 'a', 'b', 't', 'u'].map((id) => entity(id)),
      relationships: [
        supplies('s', 'a', { start: '2012' }),
        supplies('s', 'b', { start: '2009' }),
        supplies('b', 'a', { start: '2009' }),
        supplies('a', 't', { end: '2010' }),
        supplies('a', 'u', { start: '2012-06' }),
      ],
      listings: [
        { entity_id: 't', list: 'OFAC_SDN' },
        { entity_id: 'u', list: 'BIS_ENTITY' },
      ],
    });
    await database.driver.executeQuery('MATCH (n) DETACH DELETE n');
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    try {
      await store.load(dataset);
      const question = { asOf: '2013-01-01', maxHops: 6 };
      const { view: pushed } = await viewForSearch(store, 's', question, 'pushdown');
      const paths = (view: typeof pushed) => findFlaggedRoutes(view, 's', question).map((route) => route.path);
      expect(paths(pushed)).toEqual([
        ['s', 'a', 'u'],
        ['s', 'b', 'a', 't'],
      ]);
      expect(paths(await store.view())).toEqual(paths(pushed));
    } finally {
      await store.close();
    }
  });

  it('chooses push-down for one route per target, the projection for alternatives, and refuses to push alternatives down', async () => {
    await database.driver.executeQuery('MATCH (n) DETACH DELETE n');
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    try {
      await store.load(buildDataset({ entities: [entity('s'), entity('t')], relationships: [supplies('s', 't')], listings: [{ entity_id: 't', list: 'OFAC_SDN' }] }));
      const question = { asOf: '2020-01-01', maxHops: 6 };
      expect((await viewForSearch(store, 's', question)).strategy).toBe('pushdown');
      expect((await viewForSearch(store, 's', { ...question, k: 3 })).strategy).toBe('projection');
      expect((await viewForSearch(store, 's', question, 'projection')).strategy).toBe('projection');
      await expect(viewForSearch(store, 's', { ...question, k: 2 }, 'pushdown')).rejects.toThrow(/one route per target/);
      await expect(viewForSearch(store, 'nobody', question, 'pushdown')).rejects.toThrow(NotFoundError);
      await expect(viewForSearch(new MemoryStore(), 's', question, 'pushdown')).rejects.toThrow(/needs Neo4j/);
    } finally {
      await store.close();
    }
  });

  it('gives way to the projection before reading a layer that would pass its budget, counted from degrees', async () => {
    // A hub with 12 goods relationships out, then a chain: the first layer is 12, the second 1.
    const spokes = Array.from({ length: 12 }, (_, index) => `spoke-${index}`);
    await database.driver.executeQuery('MATCH (n) DETACH DELETE n');
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    try {
      await store.load(
        buildDataset({
          entities: ['hub', ...spokes, 'end'].map((id) => entity(id)),
          relationships: [...spokes.map((spoke) => supplies('hub', spoke)), supplies('spoke-0', 'end')],
          listings: [{ entity_id: 'end', list: 'OFAC_SDN' }],
        }),
      );
      const question = { asOf: '2020-01-01', product: undefined, maxHops: 6 };
      const none = () => new Set<string>();
      expect(await store.reachView!('hub', question, none, { share: 0, minimum: 11 })).toBeUndefined();
      expect(await store.reachView!('hub', question, none, { share: 0, minimum: 12 })).toBeUndefined();
      expect((await store.reachView!('hub', question, none, { share: 0, minimum: 13 }))?.relationshipCount()).toBe(13);
      // A share of the 13 stored: 100% allows all of them.
      expect(await store.reachView!('hub', question, none, { share: 0.5, minimum: 0 })).toBeUndefined();
      expect(await store.reachView!('hub', question, none, { share: 1, minimum: 0 })).toBeDefined();
    } finally {
      await store.close();
    }
  });
});

/** Ten random datasets as one, ids prefixed (disjoint graphs in one database), and the sources to ask from. */
function randomBatch(batch: number): { dataset: Dataset; sources: string[] } {
  const merged: Required<InlineDataset> = { entities: [], relationships: [], listings: [], jurisdictions: [] };
  const sources: string[] = [];
  for (let index = 0; index < DATASETS_PER_BATCH; index++) {
    const seed = 5000 + batch * DATASETS_PER_BATCH + index;
    const prefix = (id: unknown) => `d${seed}-${String(id)}`;
    const inline = randomDataset(seed, 6 + (seed % 5), 10 + (seed % 13));
    merged.entities.push(...inline.entities.map((row) => ({ ...row, id: prefix(row.id) })));
    // Stated end users (named in red flags, and possibly out of the search's reach) and evidence grades (in the score).
    const random = seededRandom(seed);
    const ids = inline.entities.map((row) => String(row.id));
    merged.relationships.push(
      ...(inline.relationships ?? []).map((row) => ({
        ...row,
        source: prefix(row.source),
        target: prefix(row.target),
        ...(row.type === 'SUPPLIES' && random() < 0.4 ? { stated_end_user: prefix(pick(random, ids)) } : {}),
        ...(random() < 0.6 ? { evidence: pick(random, ['court', 'press', 'allegation']) } : {}),
      })),
    );
    merged.listings.push(...(inline.listings ?? []).map((row) => ({ ...row, entity_id: prefix(row.entity_id) })));
    if (index === 0) merged.jurisdictions.push(...(inline.jurisdictions ?? []));
    sources.push(...inline.entities.map((row) => prefix(row.id)));
  }
  return { dataset: buildDataset(merged), sources };
}
