// The compact route search and the compact view against the reference search over the
// graphology store, on random graphs: the same routes, in the same order, with the same evidence.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes, type Route } from '../../src/analysis/routes.ts';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { COMPACT_SEARCH_MAX_HOPS, compactTimedFlaggedRoutes } from '../../src/analysis/compact/flagged-routes.ts';
import { compactKShortestRoutes } from '../../src/analysis/compact/k-shortest-routes.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import { SearchBudget } from '../../src/analysis/search-budget.ts';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { buildDataset, entity, supplies, type InlineDataset } from '../support/build-dataset.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactReach } from '../../src/analysis/compact/compact-reach.ts';
import { ListedReach, type CountsByCountry } from '../../src/analysis/reach.ts';

async function bothViews(inline: InlineDataset): Promise<{ reference: GraphView; compact: GraphView }> {
  const dataset = buildDataset(inline);
  const memory = new MemoryStore();
  await memory.load(dataset);
  const compact = new CompactStore();
  await compact.load(dataset);
  return { reference: await memory.view(), compact: await compact.view() };
}

describe('compact flagged routes', () => {
  it('gives exactly the reference routes on 400 random graphs (targets, hops, paths, edges, reasons), with and without a work budget', async () => {
    const random = seededRandom(6_000_001);
    let routesCompared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { reference, compact } = await bothViews(randomDataset(seed, 5 + (seed % 9), 8 + (seed % 25)));
      expect(compact.compact?.()).toBeDefined();
      const asOf = pick(random, ['2009-06-30', '2010-12-31', '2012-06-30', '2030-01-01']);
      const product = pick(random, [undefined, 'dpi', 'DPI ', 'none-such']);
      const maxHops = pick(random, [1, 2, 3, 6]);
      const from = `n${seed % 5}`;
      const flags = flaggedEntities(reference, asOf);
      const expected = findFlaggedRoutes(reference, from, { asOf, product, maxHops, flags });
      expect(findFlaggedRoutes(compact, from, { asOf, product, maxHops, flags }), `seed ${seed}`).toEqual(expected);
      expect(findFlaggedRoutes(compact, from, { asOf, product, maxHops }), `seed ${seed}, own flags`).toEqual(expected);
      const referenceBudget = new SearchBudget({ maxSteps: 1 + (seed % 30) });
      const compactBudget = new SearchBudget({ maxSteps: 1 + (seed % 30) });
      const truncated = findFlaggedRoutes(reference, from, { asOf, product, maxHops, flags, budget: referenceBudget });
      expect(findFlaggedRoutes(compact, from, { asOf, product, maxHops, flags, budget: compactBudget }), `seed ${seed}, budget`).toEqual(truncated);
      expect([compactBudget.steps, compactBudget.exhausted]).toEqual([referenceBudget.steps, referenceBudget.exhausted]);
      routesCompared += expected.length;
    }
    expect(routesCompared).toBeGreaterThan(100);
  });

  it('gives the reference routes over 400 searches of one graph, so its per-entity scratch is reused and its stamps wrap, and past the compact depth limit', async () => {
    const { reference, compact } = await bothViews(randomDataset(77, 40, 160));
    const random = seededRandom(77);
    for (let search = 0; search < 400; search++) {
      const asOf = pick(random, ['2009-06-30', '2010-12-31', '2012-06-30', '2030-01-01']);
      const product = pick(random, [undefined, 'dpi']);
      const maxHops = pick(random, [1, 2, 6, 12]);
      const from = `n${search % 40}`;
      const flags = flaggedEntities(reference, asOf);
      const options = { asOf, product, maxHops, flags };
      expect(findFlaggedRoutes(compact, from, options), `search ${search}`).toEqual(findFlaggedRoutes(reference, from, options));
    }
    const flags = flaggedEntities(reference, '2030-01-01');
    const deep = { asOf: '2030-01-01', maxHops: COMPACT_SEARCH_MAX_HOPS + 1, flags };
    expect(findFlaggedRoutes(compact, 'n0', deep)).toEqual(findFlaggedRoutes(reference, 'n0', deep));
  });

  it('finds a route through a time window on a tiny graph', async () => {
    const { compact } = await bothViews({
      entities: [entity('maker'), entity('hub', { country: 'AE' }), entity('ste', { kind: 'end_user', country: 'SY', sector: 'government' })],
      relationships: [supplies('maker', 'hub', { start: '2010-10-29' }), supplies('hub', 'ste', { start: '2010-01', end: '2010-12' }), supplies('hub', 'ste', { start: '2011-05-15' })],
      jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions', from: '2004-05-11' }],
    });
    const [route] = findFlaggedRoutes(compact, 'maker', { asOf: '2011-06-30' });
    expect(route?.path).toEqual(['maker', 'hub', 'ste']);
    expect(route?.edges.map((edge) => edge.at)).toEqual(['2010-10-29', '2010-10-29']);
    expect(findFlaggedRoutes(compact, 'maker', { asOf: '2010-06-30' })).toEqual([]);
  });

  it('enters an entity again when more hops reach it earlier, and then crosses only what the earlier arrival opens', async () => {
    // hub is reached in 1 hop in 2012 and in 2 hops (via a) in 2010. Entered again, it crosses
    // hub→b, whose window closed before 2012; hub→c starts after 2012, so its 2-hop crossing
    // stands (the search passes it over on the re-entry, and must still give it at its fewest hops).
    const { reference, compact } = await bothViews({
      entities: [
        entity('maker'), entity('a'), entity('hub'), entity('b'), entity('c'),
        entity('ste-b', { kind: 'end_user', country: 'SY', sector: 'government' }), entity('ste-c', { kind: 'end_user', country: 'SY', sector: 'government' }),
      ],
      relationships: [
        supplies('maker', 'hub', { start: '2012-01-01' }), supplies('maker', 'a', { start: '2009-01-01' }), supplies('a', 'hub', { start: '2010-01-01' }),
        supplies('hub', 'b', { start: '2010-06-01', end: '2011-06-01' }), supplies('hub', 'c', { start: '2013-01-01' }),
        supplies('b', 'ste-b'), supplies('c', 'ste-c'),
      ],
      jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions', from: '2004-05-11' }],
    });
    const routes = findFlaggedRoutes(compact, 'maker', { asOf: '2014-01-01' });
    expect(routes.map((route) => route.path)).toEqual([['maker', 'hub', 'c', 'ste-c'], ['maker', 'a', 'hub', 'b', 'ste-b']]);
    expect(routes[0]!.edges.map((edge) => edge.at)).toEqual(['2012-01-01', '2013-01-01', '2013-01-01']);
    expect(routes[1]!.edges.map((edge) => edge.at)).toEqual(['2009-01-01', '2010-01-01', '2010-06-01', '2010-06-01']);
    expect(routes).toEqual(findFlaggedRoutes(reference, 'maker', { asOf: '2014-01-01' }));
    const exposure = computeExposure(compact, 'maker', { asOf: '2014-01-01', freeTradeZones: [] });
    expect(exposure.reachable.entities).toBe(6);
    expect(exposure).toEqual(computeExposure(reference, 'maker', { asOf: '2014-01-01', freeTradeZones: [] }));
  });

  it('throws NotFoundError for an unknown source', async () => {
    const { compact } = await bothViews({ entities: [entity('a')] });
    expect(() => findFlaggedRoutes(compact, 'ghost', { asOf: '2020-01-01' })).toThrow(NotFoundError);
  });
});

/** A hub supplying many entities, each supplying a few: the spur searches then pull edges from the ball around a target instead of reading the hub's out-edges. */
function hubDataset(seed: number): InlineDataset {
  const random = seededRandom(seed);
  const size = 30 + (seed % 30);
  const ids = Array.from({ length: size }, (_, index) => `n${index}`);
  const years = ['2009', '2010', '2011', '2012'];
  const window = () => {
    const roll = random();
    if (roll < 0.4) return {};
    const start = pick(random, years);
    return roll < 0.7 ? { start } : { start, end: pick(random, years.filter((year) => year >= start)) };
  };
  const relationships: Record<string, unknown>[] = [];
  // The hub reaches most entities directly, several times over (parallel edges, different windows).
  for (let index = 0; index < size * 2; index++) relationships.push(supplies('n0', pick(random, ids.slice(1)), { ...window(), ...(random() < 0.3 ? { product: pick(random, ['dpi', 'proxy']) } : {}) }));
  for (let index = 0; index < size * 3; index++) relationships.push(supplies(pick(random, ids.slice(1)), pick(random, ids), window()));
  return {
    entities: ids.map((id) => entity(id)),
    relationships,
    listings: ids.slice(1).filter(() => random() < 0.3).map((id) => ({ entity_id: id, list: 'BIS_ENTITY' })),
  };
}

/**
 * A k-alternatives answer cut short by its budget: each target's first route as findFlaggedRoutes
 * gives it under the same budget, then the first of the target's alternatives in the full answer.
 */
function expectAlternativesPrefix(truncated: Route[], firstRoutes: Route[], full: Route[], label: string): void {
  const byTarget = (routes: Route[]) => {
    const grouped = new Map<string, Route[]>();
    for (const route of routes) grouped.set(route.target, [...(grouped.get(route.target) ?? []), route]);
    return grouped;
  };
  const [mine, theirs] = [byTarget(truncated), byTarget(full)];
  expect([...mine.keys()], label).toEqual(firstRoutes.map((route) => route.target));
  expect([...mine.values()].map((routes) => routes[0]), label).toEqual(firstRoutes);
  for (const [target, routes] of mine) expect(routes.slice(1), `${label}, ${target}`).toEqual(theirs.get(target)!.slice(1, routes.length));
  // Each target's routes stay together, as the full answer lists them.
  expect(truncated.map((route) => route.target), label).toEqual([...mine].flatMap(([target, routes]) => routes.map(() => target)));
}

describe('compact k alternatives', () => {
  it('gives exactly the reference k routes per target on 400 random graphs, and within a work budget the first of them', async () => {
    const random = seededRandom(6_000_003);
    let alternativesCompared = 0;
    let truncatedAnswers = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { reference, compact } = await bothViews(randomDataset(seed, 6 + (seed % 12), 12 + (seed % 40)));
      const asOf = pick(random, ['2010-12-31', '2012-06-30', '2030-01-01']);
      const options = { asOf, product: pick(random, [undefined, 'dpi', ' DPI']), maxHops: pick(random, [1, 2, 3, 6]), k: pick(random, [2, 3, 5, 20]) };
      const from = `n${seed % 5}`;
      const expected = kShortestFlaggedRoutes(reference, from, options);
      expect(kShortestFlaggedRoutes(compact, from, options), `seed ${seed}`).toEqual(expected);
      const maxSteps = 5 + (seed % 60);
      const budget = new SearchBudget({ maxSteps });
      const truncated = kShortestFlaggedRoutes(compact, from, { ...options, budget });
      if (!budget.exhausted) expect(truncated, `seed ${seed}, budget not used up`).toEqual(expected);
      else truncatedAnswers++;
      const firstRoutes = findFlaggedRoutes(reference, from, { ...options, budget: new SearchBudget({ maxSteps }) });
      expectAlternativesPrefix(truncated, firstRoutes, expected, `seed ${seed}, budget`);
      alternativesCompared += expected.length - new Set(expected.map((route) => route.target)).size;
    }
    expect(alternativesCompared).toBeGreaterThan(100);
    expect(truncatedAnswers).toBeGreaterThan(20);
  });

  it('gives exactly the reference k routes from a hub on 150 random graphs (many parallel edges and ties), with and without hub indexes', async () => {
    let alternativesCompared = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const { reference, compact } = await bothViews(hubDataset(seed));
      for (const options of [
        { asOf: '2011-06-30', k: 3 },
        { asOf: '2030-01-01', k: 5, maxHops: 4 },
        { asOf: '2012-06-30', k: 3, product: 'dpi' },
      ]) {
        const expected = kShortestFlaggedRoutes(reference, 'n0', options);
        expect(kShortestFlaggedRoutes(compact, 'n0', options), `seed ${seed}, ${JSON.stringify(options)}`).toEqual(expected);
        // With every entity of 4 or more out-edges read through a hub index, as the 94k-customer manufacturer is at 1M.
        const flags = flaggedEntities(compact, options.asOf);
        const graph = compact.compact!();
        const search = { k: options.k, asOf: options.asOf, product: options.product, maxHops: options.maxHops ?? 6, flags, hubDegree: 4 };
        expect(compactKShortestRoutes(graph, findFlaggedRoutes(compact, 'n0', { ...options, flags }), search), `seed ${seed}, hub index`).toEqual(expected);
        // The first routes timed by the search itself (as kShortestFlaggedRoutes passes them), not worked out again from their ids.
        const first = compactTimedFlaggedRoutes(graph, graph.indexOf('n0')!, { ...search, product: options.product?.trim().toLowerCase() });
        expect(compactKShortestRoutes(graph, first.routes, search, first.timed), `seed ${seed}, hub index, timed by the search`).toEqual(expected);
        // Slots' crossability worked out as searches first ask, as for a few targets in a large graph (small graphs work out all at once).
        expect(compactKShortestRoutes(graph, findFlaggedRoutes(compact, 'n0', { ...options, flags }), { ...search, everySlotUpFront: false }), `seed ${seed}, slots as asked`).toEqual(expected);
        alternativesCompared += expected.length - new Set(expected.map((route) => route.target)).size;
      }
    }
    expect(alternativesCompared).toBeGreaterThan(1000);
  });
});

describe('compact exposure', () => {
  it('counts what a search reached by country as the entity objects do, entity by entity or in one pass over the graph', async () => {
    const inline = randomDataset(3, 400, 800);
    inline.entities.push({ id: 'stateless', name: 'Stateless end user', kind: 'end_user' });
    const { reference, compact } = await bothViews(inline);
    const graph = compact.compact!()!;
    const random = seededRandom(5);
    const order = Array.from({ length: graph.nodeCount }, (_, index) => index).sort(() => random() - 0.5);
    order.splice(order.indexOf(graph.indexOf('stateless')!), 1);
    order.unshift(graph.indexOf('stateless')!);
    const sorted = (counts: CountsByCountry) => [...counts].sort(([a], [b]) => String(a).localeCompare(String(b)));
    // Below and above a 32nd of the graph, where CompactReach switches from one to the other.
    for (const size of [0, 1, 5, 12, 13, 50, 200, graph.nodeCount]) {
      const indexes = Int32Array.from(order.slice(0, size));
      const expected = new ListedReach([...indexes].map((index) => reference.entity(graph.idAt(index))!)).countByCountry();
      expect(sorted(new CompactReach(graph, indexes).countByCountry()), `${size} reached`).toEqual(sorted(expected));
    }
  });

  it('gives exactly the reference exposure on 150 random graphs, with and without a work budget, listing all routes or a few', async () => {
    const freeTradeZones = readFreeTradeZones();
    for (let seed = 1; seed <= 150; seed++) {
      const { reference, compact } = await bothViews(randomDataset(seed, 6 + (seed % 7), 10 + (seed % 20)));
      const options = { asOf: seed % 2 === 0 ? '2011-06-30' : '2030-01-01', product: seed % 3 === 0 ? 'dpi' : undefined, maxHops: 1 + (seed % 6), freeTradeZones };
      expect(computeExposure(compact, 'n0', options), `seed ${seed}`).toEqual(computeExposure(reference, 'n0', options));
      // With a limit the compact search builds only the routes that can be listed: the same answer.
      for (const limit of [0, 1, 3]) expect(computeExposure(compact, 'n0', { ...options, limit }), `seed ${seed}, limit ${limit}`).toEqual(computeExposure(reference, 'n0', { ...options, limit }));
      const budgets = [new SearchBudget({ maxSteps: 1 + (seed % 20) }), new SearchBudget({ maxSteps: 1 + (seed % 20) })] as const;
      const truncated = computeExposure(reference, 'n0', { ...options, budget: budgets[0] });
      expect(computeExposure(compact, 'n0', { ...options, budget: budgets[1] }), `seed ${seed}, budget`).toEqual(truncated);
      expect(budgets[1].steps).toBe(budgets[0].steps);
    }
  });
});

describe('compact relationship ids', () => {
  it('gives a hub’s identical relationships, read from files without ids, the reference ids however its long out-edge block is read', async () => {
    // 300 relationships from one source, no ids in the file, many identical (same content: ids
    // -2, -3…). Loaded from files, the compact store derives ids lazily (from a dataset, it is given them).
    // Every tenth goes to a target of its own, so repeated and once-only targets interleave.
    const targetOf = (index: number) => (index % 10 === 9 ? `u${index}` : `t${index % 4}`);
    const rows = Array.from({ length: 300 }, (_, index) =>
      index % 3 === 0 ? `hub,${targetOf(index)},OWNS,,,${index % 2 === 0 ? 10 : 12.5}` : `hub,${targetOf(index)},SUPPLIES,${index % 5 === 0 ? 'dpi' : 'router'},${index % 7 === 0 ? '2010-01-01' : ''},`,
    );
    const folder = mkdtempSync(join(tmpdir(), 'enduse-hub-'));
    const ids = ['hub', ...new Set(Array.from({ length: 300 }, (_, index) => targetOf(index)))];
    writeFileSync(join(folder, 'entities.csv'), ['id,name,kind,country', ...ids.map((id) => `${id},${id.toUpperCase()},company,US`)].join('\n'));
    writeFileSync(join(folder, 'relationships.csv'), ['source,target,type,product,start,share', ...rows].join('\n'));
    const memory = new MemoryStore();
    await memory.load(readDatasets([folder]));
    const compactStore = new CompactStore();
    await compactStore.loadState(await compactStateFromFiles([folder]));
    const [reference, compact] = [await memory.view(), await compactStore.view()];
    const expected = reference.outEdges('hub');
    expect(new Set(expected.map((edge) => edge.id)).size).toBe(300);
    expect(expected.filter((edge) => /-\d+$/.test(edge.id)).length).toBeGreaterThan(150);
    // One slot at a time from the end of the block, first (its ordinals worked out, then remembered), then in order.
    const graph = compact.compact!();
    const hub = graph.indexOf('hub')!;
    const fromTheEnd = Array.from({ length: 300 }, (_, index) => graph.relationship(graph.outOffsets[hub]! + 299 - index));
    expect(new Set(fromTheEnd.map((edge) => edge.id))).toEqual(new Set(expected.map((edge) => edge.id)));
    expect(compact.outEdges('hub')).toEqual(expected);
    expect([...compact.relationships()].map((edge) => edge.id).sort()).toEqual(expected.map((edge) => edge.id).sort());
  });
});

describe('the compact view', () => {
  it('answers like the graphology view on random graphs: entities, edges both ways, flags', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const { reference, compact } = await bothViews(randomDataset(seed, 7, 20));
      expect([...compact.entities()]).toEqual([...reference.entities()]);
      expect(compact.relationshipCount()).toBe(reference.relationshipCount());
      expect(new Set([...compact.relationships()].map((r) => JSON.stringify(r)))).toEqual(new Set([...reference.relationships()].map((r) => JSON.stringify(r))));
      for (const { id } of reference.entities()) {
        expect(compact.outEdges(id), `${seed} out ${id}`).toEqual(reference.outEdges(id));
        expect(compact.inEdges(id), `${seed} in ${id}`).toEqual(reference.inEdges(id));
        expect(compact.outEdges(id, ['OWNS', 'CONTROLS'])).toEqual(reference.outEdges(id, ['OWNS', 'CONTROLS']));
      }
      expect(compact.outEdges('ghost')).toEqual([]);
      expect(flaggedEntities(compact, '2011-06-30')).toEqual(flaggedEntities(reference, '2011-06-30'));
    }
  });
});
