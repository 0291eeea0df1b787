// Brute-force enumeration of every valid simple walk: the reference the route searches are checked against.
import type { FlagIndex } from '../../src/analysis/flags.ts';
import { dayNumber } from '../../src/domain/dates.ts';
import { GOODS_RELATIONSHIP_TYPES, type Relationship } from '../../src/domain/schema.ts';
import type { GraphView } from '../../src/store/graph-view.ts';

/** Whether the goods can cross these edges in order with non-decreasing dates, none starting after `asOf`. */
export function timeRespecting(edges: readonly Relationship[], asOf: string): boolean {
  let time = -Infinity;
  for (const edge of edges) {
    if (edge.start !== undefined && edge.start > asOf) return false;
    time = Math.max(time, edge.start === undefined ? -Infinity : dayNumber(edge.start));
    if (edge.end !== undefined && time > dayNumber(edge.end)) return false;
  }
  return true;
}

/** Whether a hop fits the product asked for (lower-cased), unlabelled SUPPLIES and FRONT_FOR always do. */
export function productFits(edge: Relationship, product: string | undefined): boolean {
  return product === undefined || edge.type !== 'SUPPLIES' || edge.product === undefined || edge.product.toLowerCase() === product;
}

export interface WalkOptions {
  asOf: string;
  maxHops: number;
  product?: string;
  flags: FlagIndex;
  /** Entities no walk may enter. */
  removed?: ReadonlySet<string>;
}

/**
 * Calls `visit` for every simple walk from `from` of 1 to maxHops goods edges that is
 * time-respecting and product-consistent and passes no flagged entity; walks ending at a flagged
 * entity are visited but not extended.
 */
export function forEachValidWalk(view: GraphView, from: string, options: WalkOptions, visit: (path: string[], edges: Relationship[]) => void): void {
  const visited = new Set([from]);
  const walk = (path: string[], edges: Relationship[]) => {
    if (edges.length >= options.maxHops) return;
    for (const edge of view.outEdges(path.at(-1)!, GOODS_RELATIONSHIP_TYPES)) {
      if (visited.has(edge.target) || options.removed?.has(edge.target) || !productFits(edge, options.product)) continue;
      const nextEdges = [...edges, edge];
      if (!timeRespecting(nextEdges, options.asOf)) continue;
      const nextPath = [...path, edge.target];
      visit(nextPath, nextEdges);
      if (options.flags.has(edge.target)) continue;
      visited.add(edge.target);
      walk(nextPath, nextEdges);
      visited.delete(edge.target);
    }
  };
  walk([from], []);
}

/** The fewest hops to each flagged entity some valid walk reaches. */
export function minHopsToFlagged(view: GraphView, from: string, options: WalkOptions): Map<string, number> {
  const best = new Map<string, number>();
  forEachValidWalk(view, from, options, (path, edges) => {
    const target = path.at(-1)!;
    if (options.flags.has(target)) best.set(target, Math.min(best.get(target) ?? Infinity, edges.length));
  });
  return best;
}
