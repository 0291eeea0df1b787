// Yen's k-shortest flagged routes: tiny graphs with exact answers, and brute-force enumeration
// of every simple path on random graphs.
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';
import { forEachValidWalk, productFits, timeRespecting } from '../support/brute-force-routes.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';

const listed = (id: string) => ({ entity_id: id, list: 'BIS_ENTITY' });
const paths = (routes: { path: string[] }[]) => routes.map((route) => route.path.join(' '));

describe('kShortestFlaggedRoutes on tiny graphs', () => {
  it('gives the alternatives to one target in order of length, parallel edges counted once', async () => {
    const view = await viewOf({
      entities: ['s', 'a', 'b', 'c', 't'].map((id) => entity(id)),
      relationships: [
        supplies('s', 't'),
        supplies('s', 'a', { start: '2010' }),
        supplies('s', 'a', { start: '2009' }),
        supplies('a', 't'),
        supplies('s', 'b'),
        supplies('b', 'c'),
        supplies('c', 't'),
        supplies('a', 'c'),
      ],
      listings: [listed('t')],
    });
    const routes = kShortestFlaggedRoutes(view, 's', { asOf: '2020-01-01', k: 10 });
    expect(paths(routes)).toEqual(['s t', 's a t', 's b c t', 's a c t']);
    expect(routes.map((route) => route.hops)).toEqual([1, 2, 3, 3]);
    expect(routes[1]!.edges[0]!.at).toBe('2009-01-01');
  });

  it('with k = 1 equals findFlaggedRoutes', async () => {
    const view = await viewOf({
      entities: ['s', 'a', 't', 'u'].map((id) => entity(id)),
      relationships: [supplies('s', 'a'), supplies('a', 't'), supplies('s', 't'), supplies('a', 'u')],
      listings: [listed('t'), listed('u')],
    });
    expect(kShortestFlaggedRoutes(view, 's', { asOf: '2020-01-01', k: 1 })).toEqual(findFlaggedRoutes(view, 's', { asOf: '2020-01-01' }));
  });

  it('never passes a flagged entity and keeps to time windows', async () => {
    // s → f → t passes the flagged f; s → a → t is too late for a → t.
    const view = await viewOf({
      entities: ['s', 'f', 'a', 'b', 't'].map((id) => entity(id)),
      relationships: [
        supplies('s', 'f'),
        supplies('f', 't'),
        supplies('s', 'a', { start: '2015' }),
        supplies('a', 't', { end: '2012' }),
        supplies('s', 'b', { start: '2011', end: '2011' }),
        supplies('b', 't', { end: '2012' }),
      ],
      listings: [listed('f'), listed('t')],
    });
    const routes = kShortestFlaggedRoutes(view, 's', { asOf: '2020-01-01', k: 5 });
    expect(paths(routes)).toEqual(['s f', 's b t']);
  });

  it('returns [] when nothing flagged is reachable and throws NotFoundError for an unknown source', async () => {
    const view = await viewOf({ entities: [entity('a'), entity('b')], relationships: [supplies('a', 'b')] });
    expect(kShortestFlaggedRoutes(view, 'a', { asOf: '2020-01-01', k: 3 })).toEqual([]);
    expect(() => kShortestFlaggedRoutes(view, 'nobody', { asOf: '2020-01-01', k: 3 })).toThrow(NotFoundError);
  });
});

/** Every distinct entity path to each flagged target, by enumerating every valid simple walk. */
function allRoutes(view: GraphView, from: string, asOf: string, maxHops: number, product?: string): Map<string, Set<string>> {
  const flags = flaggedEntities(view, asOf);
  const byTarget = new Map<string, Set<string>>();
  forEachValidWalk(view, from, { asOf, maxHops, product, flags }, (path) => {
    const target = path.at(-1)!;
    if (!flags.has(target)) return;
    const found = byTarget.get(target) ?? new Set<string>();
    found.add(path.join(' '));
    byTarget.set(target, found);
  });
  return byTarget;
}

describe('kShortestFlaggedRoutes against brute force', () => {
  it('gives the k shortest distinct valid routes per target on 500 random graphs', async () => {
    const random = seededRandom(4_1971);
    let routesChecked = 0;
    let targetsWithAlternatives = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const view = await viewOf(randomDataset(seed, 6 + (seed % 5), 16 + (seed % 20)));
      const asOf = pick(random, ['2009-06-30', '2010-12-31', '2012-06-30']);
      const product = pick(random, [undefined, 'dpi']);
      const maxHops = pick(random, [2, 3, 6]);
      const k = pick(random, [1, 2, 3, 5, 20]);
      const from = `n${seed % 6}`;
      const flags = flaggedEntities(view, asOf);
      const routes = kShortestFlaggedRoutes(view, from, { asOf, product, maxHops, flags, k });
      const expected = allRoutes(view, from, asOf, maxHops, product);
      expect(new Set(routes.map((route) => route.target)), `targets, seed ${seed}`).toEqual(new Set(expected.keys()));
      for (const [target, all] of expected) {
        const mine = routes.filter((route) => route.target === target);
        const bruteHops = [...all].map((path) => path.split(' ').length - 1).sort((a, b) => a - b);
        expect(mine.map((route) => route.hops), `hops to ${target}, seed ${seed}`).toEqual(bruteHops.slice(0, k));
        expect(new Set(paths(mine)).size, `distinct, seed ${seed}`).toBe(mine.length);
        if (mine.length > 1) targetsWithAlternatives++;
        for (const route of mine) {
          routesChecked++;
          expect(all.has(route.path.join(' ')), `a real route, seed ${seed}`).toBe(true);
          expect(route.edges.map((edge) => edge.source)).toEqual(route.path.slice(0, -1));
          expect(route.edges.map((edge) => edge.target)).toEqual(route.path.slice(1));
          expect(timeRespecting(route.edges, asOf)).toBe(true);
          expect(route.edges.every((edge) => productFits(edge, product))).toBe(true);
        }
      }
    }
    expect(routesChecked).toBeGreaterThan(500);
    expect(targetsWithAlternatives).toBeGreaterThan(80);
  });
});
