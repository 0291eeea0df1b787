// The route search against brute-force enumeration of every simple path, on random graphs.
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { viewOf } from '../support/build-dataset.ts';
import { minHopsToFlagged, productFits, timeRespecting } from '../support/brute-force-routes.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';

describe('findFlaggedRoutes against brute force', () => {
  it('agrees on targets and minimum hops on 300 random graphs, and every route it gives is valid', async () => {
    const random = seededRandom(20261128);
    let routesChecked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const view = await viewOf(randomDataset(seed, 6 + (seed % 5), 10 + (seed % 15)));
      const asOf = pick(random, ['2009-06-30', '2010-12-31', '2012-06-30']);
      const product = pick(random, [undefined, 'dpi']);
      const maxHops = pick(random, [2, 3, 6]);
      const from = `n${seed % 6}`;
      const flags = flaggedEntities(view, asOf);
      const routes = findFlaggedRoutes(view, from, { asOf, product, maxHops, flags });
      const found = new Map(routes.map((route) => [route.target, route.hops]));
      expect(found, `seed ${seed}`).toEqual(minHopsToFlagged(view, from, { asOf, maxHops, product, flags }));
      for (const route of routes) {
        routesChecked++;
        expect(new Set(route.path).size, `simple path, seed ${seed}`).toBe(route.path.length);
        expect(route.edges.map((edge) => edge.source)).toEqual(route.path.slice(0, -1));
        expect(route.edges.map((edge) => edge.target)).toEqual(route.path.slice(1));
        expect(timeRespecting(route.edges, asOf)).toBe(true);
        expect(route.edges.every((edge) => productFits(edge, product))).toBe(true);
        expect(route.path.slice(1, -1).some((id) => flags.has(id))).toBe(false);
      }
    }
    expect(routesChecked).toBeGreaterThan(100);
  });
});
