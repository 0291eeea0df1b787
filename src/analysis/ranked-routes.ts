// Flagged routes with their red flags and score, k alternatives per target, sorted by score
// or by length: the answer of `enduse routes`.
import type { FreeTradeZone, RedFlag } from '../domain/red-flags.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities } from './flags.ts';
import { kShortestFlaggedRoutes } from './k-shortest-routes.ts';
import { routeRedFlags } from './red-flags.ts';
import { scoreRoute, type RouteScore } from './route-score.ts';
import type { Route, RouteOptions } from './routes.ts';

export const ROUTE_SORTS = ['length', 'score'] as const;
export type RouteSort = (typeof ROUTE_SORTS)[number];

export interface RankedRouteOptions extends RouteOptions {
  /** Alternatives per flagged target (default 1). */
  k?: number;
  /** `length` (default): fewest hops first; `score`: highest score first, then fewest hops. */
  sort?: RouteSort;
  freeTradeZones: readonly FreeTradeZone[];
}

export interface RankedRoute extends Route {
  /** 1 for the shortest route to its target, 2 for the next alternative, … */
  alternative: number;
  redFlags: RedFlag[];
  score: RouteScore;
  /** Position in the sorted answer, from 1. */
  rank: number;
}

/**
 * Up to k flagged routes per target, each with its red flags and score, sorted and ranked.
 * Ties keep the order of kShortestFlaggedRoutes, so k = 1 sorted by length lists the routes of
 * findFlaggedRoutes in its order.
 *
 * @example rankedFlaggedRoutes(view, 'bluecoat', { asOf: '2011-06-30', k: 3, sort: 'score', freeTradeZones })[0].score.total
 */
export function rankedFlaggedRoutes(view: GraphView, from: string, options: RankedRouteOptions): RankedRoute[] {
  const flags = options.flags ?? flaggedEntities(view, options.asOf);
  return rankRoutes(view, kShortestFlaggedRoutes(view, from, { ...options, flags, k: options.k ?? 1 }), options);
}

/**
 * Routes (alternatives to one target in a row, as kShortestFlaggedRoutes lists them) with their
 * red flags and score, sorted by `options.sort` and ranked.
 *
 * @example rankRoutes(view, findFlaggedRoutes(view, 'bluecoat', { asOf }), { asOf, sort: 'score', freeTradeZones })[0].rank // 1
 */
export function rankRoutes(view: GraphView, routes: readonly Route[], options: { asOf: string; sort?: RouteSort; freeTradeZones: readonly FreeTradeZone[] }): RankedRoute[] {
  const alternatives = new Map<string, number>();
  const described = routes.map((route) => {
    const alternative = (alternatives.get(route.target) ?? 0) + 1;
    alternatives.set(route.target, alternative);
    const { redFlags, score } = assessRoute(view, route, options);
    // Spelled out, not spread: exposure ranks tens of thousands of routes.
    return { target: route.target, path: route.path, hops: route.hops, reasons: route.reasons, edges: route.edges, alternative, redFlags, score, rank: 0 };
  });
  // Array.prototype.sort is stable, so ties keep the routes' order.
  const sorted = described.sort(options.sort === 'score' ? (a, b) => b.score.total - a.score.total || a.hops - b.hops : (a, b) => a.hops - b.hops);
  sorted.forEach((route, index) => (route.rank = index + 1));
  return sorted;
}

/**
 * A route's red flags and the score they feed.
 *
 * @example assessRoute(view, route, { asOf: '2011-06-30', freeTradeZones }).score.total
 */
export function assessRoute(
  view: GraphView,
  route: Route,
  options: { asOf: string; freeTradeZones: readonly FreeTradeZone[]; openEnded?: boolean; hypothetical?: ReadonlySet<string> },
): { redFlags: RedFlag[]; score: RouteScore } {
  const redFlags = routeRedFlags(view, route, options);
  return { redFlags, score: scoreRoute(route, redFlags, options) };
}
