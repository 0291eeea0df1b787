// The route search against brute-force enumeration of every simple path, on random graphs.
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { dayNumber } from '../../src/domain/dates.ts';
import { GOODS_RELATIONSHIP_TYPES, type Relationship } from '../../src/domain/schema.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { viewOf } from '../support/build-dataset.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';

/** Whether the goods can cross these edges in order with non-decreasing dates. */
function timeRespecting(edges: Relationship[], asOf: string): boolean {
  let time = -Infinity;
  for (const edge of edges) {
    if (edge.start !== undefined && edge.start > asOf) return false;
    time = Math.max(time, edge.start === undefined ? -Infinity : dayNumber(edge.start));
    if (edge.end !== undefined && time > dayNumber(edge.end)) return false;
  }
  return true;
}

function productFits(edge: Relationship, product: string | undefined): boolean {
  return product === undefined || edge.type !== 'SUPPLIES' || edge.product === undefined || edge.product.toLowerCase() === product;
}

/** Minimum hops to each flagged target, by enumerating every simple edge sequence. */
function bruteForce(view: GraphView, from: string, asOf: string, maxHops: number, product?: string): Map<string, number> {
  const flags = flaggedEntities(view, asOf);
  const best = new Map<string, number>();
  const visited = new Set([from]);
  const walk = (node: string, edges: Relationship[]) => {
    if (edges.length >= maxHops) return;
    for (const edge of view.outEdges(node, GOODS_RELATIONSHIP_TYPES)) {
      if (visited.has(edge.target) || !productFits(edge, product)) continue;
      const next = [...edges, edge];
      if (!timeRespecting(next, asOf)) continue;
      if (flags.has(edge.target)) {
        best.set(edge.target, Math.min(best.get(edge.target) ?? Infinity, next.length));
        continue;
      }
      visited.add(edge.target);
      walk(edge.target, next);
      visited.delete(edge.target);
    }
  };
  walk(from, []);
  return best;
}

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
      expect(found, `seed ${seed}`).toEqual(bruteForce(view, from, asOf, maxHops, product));
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
