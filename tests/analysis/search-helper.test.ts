// The route search with its helper thread (src/analysis/compact/layer-helper.ts) forced onto
// small graphs and small pieces, so that every layer is split between the two threads wherever
// they meet: the answer must be the one-thread search's, state for state (order, arrivals, edges,
// parents), and the reference's routes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { compactRouteSearch } from '../../src/analysis/compact/flagged-routes.ts';
import { configureSearchHelper, readySearchHelper, searchHelperSettings, searchHelperUp, searchHelperWanted } from '../../src/analysis/compact/layer-helper.ts';
import { packageFile } from '../../src/settings/package-files.ts';
import { SearchBudget } from '../../src/analysis/search-budget.ts';
import type { CompactGraph } from '../../src/store/compact/compact-graph.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { buildDataset } from '../support/build-dataset.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';

const ONE_THREAD = { minEntities: Number.POSITIVE_INFINITY };
const TWO_THREADS = { minEntities: 0, minLayerStates: 2 };
/** The settings as the sources start them (the helper's module from the sources). */
const searchHelperSettingsDefaults = { ...searchHelperSettings() };

async function views(seed: number, entities: number, relationships: number): Promise<{ reference: GraphView; compact: GraphView; graph: CompactGraph }> {
  const dataset = buildDataset(randomDataset(seed, entities, relationships));
  const memory = new MemoryStore();
  await memory.load(dataset);
  const store = new CompactStore();
  await store.load(dataset);
  const compact = await store.view();
  return { reference: await memory.view(), compact, graph: compact.compact!()! };
}

/** The whole search result as plain arrays (the arena is reused by the next search). */
function searchResult(graph: CompactGraph, from: string, options: Parameters<typeof compactRouteSearch>[2]) {
  const { states, found, foundHops, reached } = compactRouteSearch(graph, graph.indexOf(from)!, { ...options, collectReached: true });
  const arena = (column: Int32Array) => [...column.subarray(0, states.length)];
  return { node: arena(states.node), time: arena(states.time), edge: arena(states.edge), parent: arena(states.parent), found, foundHops, reached: [...reached] };
}

describe('route search with a helper thread', () => {
  beforeAll(() => configureSearchHelper(TWO_THREADS));
  afterAll(() => configureSearchHelper());

  it('gives the one-thread search state for state, and the reference routes, on random graphs split into pieces of 1 to 8 states', async () => {
    const random = seededRandom(17_000_017);
    let helped = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { reference, compact, graph } = await views(seed, 150 + seed * 10, 900 + seed * 80);
      expect(await searchHelperUp(graph), 'the helper started').toBe(true);
      for (let search = 0; search < 8; search++) {
        const asOf = pick(random, ['2009-06-30', '2010-12-31', '2012-06-30', '2030-01-01']);
        const product = pick(random, [undefined, 'dpi', 'none-such']);
        const maxHops = pick(random, [2, 3, 6, 12]);
        const from = `n${(seed * 7 + search) % 20}`;
        const flags = flaggedEntities(reference, asOf);
        const options = { asOf, product, maxHops, flags };
        configureSearchHelper(ONE_THREAD);
        const alone = searchResult(graph, from, options);
        const routes = findFlaggedRoutes(compact, from, options);
        configureSearchHelper({ ...TWO_THREADS, pieceStates: 1 + ((seed + search) % 8) });
        expect(searchResult(graph, from, options), `seed ${seed}, search ${search}`).toEqual(alone);
        expect(findFlaggedRoutes(compact, from, options), `seed ${seed}, search ${search}, routes`).toEqual(routes);
        expect(routes, `seed ${seed}, search ${search}, reference`).toEqual(findFlaggedRoutes(reference, from, options));
        if (alone.node.length > 20) helped++;
      }
    }
    // Searches large enough to have layers both threads take from.
    expect(helped).toBeGreaterThan(100);
  });

  it('stays exact over 600 searches of one graph with changing flags, so the arrival words wrap and the flags change', async () => {
    const { reference, compact, graph } = await views(4242, 400, 3200);
    expect(await searchHelperUp(graph)).toBe(true);
    const random = seededRandom(4242);
    for (let search = 0; search < 600; search++) {
      const asOf = pick(random, ['2009-06-30', '2012-06-30', '2030-01-01']);
      const options = { asOf, product: undefined, maxHops: pick(random, [2, 6]), flags: flaggedEntities(reference, asOf) };
      const from = `n${search % 30}`;
      configureSearchHelper(ONE_THREAD);
      const alone = searchResult(graph, from, options);
      configureSearchHelper({ ...TWO_THREADS, pieceStates: 1 + (search % 5) });
      expect(searchResult(graph, from, options), `search ${search}`).toEqual(alone);
    }
    expect(findFlaggedRoutes(compact, 'n1', { asOf: '2030-01-01', maxHops: 6 })).toEqual(findFlaggedRoutes(reference, 'n1', { asOf: '2030-01-01', maxHops: 6 }));
  });

  it('gives the same searches with the built helper (dist/), as an installed package runs it', async () => {
    const built = packageFile('dist', 'analysis', 'compact', 'layer-helper-worker.js');
    expect(existsSync(built), 'npm run build made the helper').toBe(true);
    const random = seededRandom(31);
    try {
      for (let seed = 40; seed < 44; seed++) {
        const { reference, graph } = await views(seed, 300, 2400);
        configureSearchHelper({ ...TWO_THREADS, workerFile: built });
        expect(await searchHelperUp(graph), 'the built helper started').toBe(true);
        for (let search = 0; search < 5; search++) {
          const asOf = pick(random, ['2010-12-31', '2030-01-01']);
          const options = { asOf, product: undefined, maxHops: 6, flags: flaggedEntities(reference, asOf) };
          const from = `n${search}`;
          configureSearchHelper(ONE_THREAD);
          const alone = searchResult(graph, from, options);
          configureSearchHelper({ ...TWO_THREADS, pieceStates: 2, workerFile: built });
          expect(searchResult(graph, from, options), `seed ${seed}, search ${search}`).toEqual(alone);
        }
      }
    } finally {
      configureSearchHelper({ ...TWO_THREADS, workerFile: searchHelperSettingsDefaults.workerFile });
    }
  });

  it('gives a helper that falls silent up, and does its part of the layer itself: the same searches', async () => {
    const silent = new URL('../support/silent-search-helper.mjs', import.meta.url).pathname;
    const { reference, graph } = await views(12, 300, 2400);
    const options = { asOf: '2030-01-01', product: undefined, maxHops: 6, flags: flaggedEntities(reference, '2030-01-01') };
    try {
      configureSearchHelper(ONE_THREAD);
      const alone = searchResult(graph, 'n1', options);
      configureSearchHelper({ ...TWO_THREADS, workerFile: silent, silenceMs: 300 });
      expect(await searchHelperUp(graph), 'the silent helper says it is ready').toBe(true);
      const started = performance.now();
      expect(searchResult(graph, 'n1', options)).toEqual(alone);
      expect(performance.now() - started, 'waited for the silence').toBeGreaterThanOrEqual(300);
      expect(readySearchHelper(graph), 'never used again').toBeUndefined();
      expect(searchResult(graph, 'n1', options)).toEqual(alone);
    } finally {
      configureSearchHelper({ ...TWO_THREADS, workerFile: searchHelperSettingsDefaults.workerFile, silenceMs: searchHelperSettingsDefaults.silenceMs });
    }
  });

  it('keeps the helpers of the two graphs searched last, so searching two data versions in turn (a diff) starts no thread per switch', async () => {
    const first = (await views(5, 200, 1200)).graph;
    const second = (await views(6, 200, 1200)).graph;
    expect(await searchHelperUp(first)).toBe(true);
    expect(await searchHelperUp(second)).toBe(true);
    const helperOfFirst = readySearchHelper(first);
    expect(helperOfFirst, 'still up').toBeDefined();
    expect(readySearchHelper(second)).toBeDefined();
    expect(readySearchHelper(first)).toBe(helperOfFirst);
    // A third graph's helper replaces the one used least recently (the second's), which is stopped.
    const third = (await views(7, 200, 1200)).graph;
    expect(await searchHelperUp(third)).toBe(true);
    expect(readySearchHelper(first)).toBe(helperOfFirst);
    expect(readySearchHelper(second), 'a new helper, not up yet').toBeUndefined();
  });

  it('keeps a deadline budget, and leaves a budget that counts steps to one thread so it stops exactly where the reference does', async () => {
    const { reference, compact, graph } = await views(99, 500, 4000);
    expect(await searchHelperUp(graph)).toBe(true);
    const flags = flaggedEntities(reference, '2030-01-01');
    const options = { asOf: '2030-01-01', maxHops: 6, flags };
    const generous = new SearchBudget({ deadline: performance.now() + 60_000 });
    expect(findFlaggedRoutes(compact, 'n0', { ...options, budget: generous })).toEqual(findFlaggedRoutes(reference, 'n0', options));
    expect(generous.exhausted).toBe(false);
    // Both threads' steps are charged: as many as the search alone spends.
    const alone = new SearchBudget({ deadline: performance.now() + 60_000 });
    configureSearchHelper(ONE_THREAD);
    findFlaggedRoutes(compact, 'n0', { ...options, budget: alone });
    configureSearchHelper(TWO_THREADS);
    expect(generous.steps).toBe(alone.steps);
    for (const maxSteps of [50, 400, 3000]) {
      const compactBudget = new SearchBudget({ maxSteps });
      const referenceBudget = new SearchBudget({ maxSteps });
      expect(findFlaggedRoutes(compact, 'n0', { ...options, budget: compactBudget }), `maxSteps ${maxSteps}`).toEqual(findFlaggedRoutes(reference, 'n0', { ...options, budget: referenceBudget }));
      expect(compactBudget.steps).toBe(referenceBudget.steps);
    }
  });
});

describe('the search helper setting (ENDUSE_SEARCH_HELPER)', () => {
  it('takes 1 or 0 and refuses anything else, naming the variable', () => {
    expect(searchHelperWanted({})).toBe(true);
    expect(searchHelperWanted({ ENDUSE_SEARCH_HELPER: '1' })).toBe(true);
    expect(searchHelperWanted({ ENDUSE_SEARCH_HELPER: ' 0 ' })).toBe(false);
    for (const value of ['off', 'false', '2', 'yes']) {
      expect(() => searchHelperWanted({ ENDUSE_SEARCH_HELPER: value }), value).toThrow(InvalidInputError);
    }
  });

  it('refuses a mistyped value in the CLI at once, on a small case too: exit 2, one line naming it', () => {
    const run = spawnSync(process.execPath, [packageFile('bin', 'enduse.js'), 'routes', '--data', packageFile('data', 'cases', 'blue-coat-syria'), '--from', 'bluecoat', '--as-of', '2011-06-30'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ENDUSE_SEARCH_HELPER: 'off' },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('ENDUSE_SEARCH_HELPER');
    expect(run.stderr).toContain("'off'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
