// Flagged routes with their red flags and score, k alternatives per target, sorted by score
// or by length: the answer of `enduse routes`.
import type { RedFlagOptions } from './red-flags.ts';
import type { FreeTradeZone, RedFlag } from '../domain/red-flags.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities } from './flags.ts';
import { kShortestFlaggedRoutes } from './k-shortest-routes.ts';
import { routeRedFlags } from './red-flags.ts';
import { scoreBounds, scoreBoundsOf, scoreRoute, type RouteScore } from './route-score.ts';
import type { Route, RouteOptions } from './routes.ts';
import type { FoundTargets } from './route-types.ts';

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
  const flags = options.flags ?? flaggedEntities(view, options.asOf, undefined, { regime: options.regime });
  return rankRoutes(view, kShortestFlaggedRoutes(view, from, { ...options, flags, k: options.k ?? 1 }), options);
}

/**
 * Routes (alternatives to one target in a row, as kShortestFlaggedRoutes lists them) with their
 * red flags and score, sorted by `options.sort` and ranked.
 *
 * @example rankRoutes(view, findFlaggedRoutes(view, 'bluecoat', { asOf }), { asOf, sort: 'score', freeTradeZones })[0].rank // 1
 */
export function rankRoutes(view: GraphView, routes: readonly Route[], options: { asOf: string; sort?: RouteSort; freeTradeZones: readonly FreeTradeZone[] }): RankedRoute[] {
  const alternatives = alternativesOf(routes);
  const ranked = routes.map((route, index) => rankedRouteOf(view, route, alternatives[index]!, options));
  // Array.prototype.sort is stable, so ties keep the routes' order.
  const sorted = ranked.sort(options.sort === 'score' ? byScore : (a, b) => a.hops - b.hops);
  sorted.forEach((route, index) => (route.rank = index + 1));
  return sorted;
}

/**
 * The first `limit` routes of rankRoutes sorted by score: the same routes with the same red
 * flags, score and rank. Only routes that can still be among them are assessed: a route's score
 * is at most scoreBounds' ceiling, so once `limit` assessed routes score at least T, a route whose
 * ceiling is below T ranks after all of them (exposure lists the best 100 of tens of thousands).
 *
 * @example bestRankedRoutes(view, routes, { asOf, freeTradeZones, limit: 100 }) // rankRoutes(view, routes, { asOf, sort: 'score', freeTradeZones }).slice(0, 100)
 */
export function bestRankedRoutes(view: GraphView, routes: readonly Route[], options: { asOf: string; freeTradeZones: readonly FreeTradeZone[]; limit: number }): RankedRoute[] {
  const { limit } = options;
  if (limit >= routes.length) return rankRoutes(view, routes, { ...options, sort: 'score' });
  const alternatives = alternativesOf(routes);
  return bestRanked(view, routes.length, (index) => scoreBounds(routes[index]!), (index) => routes[index]!, (index) => alternatives[index]!, options);
}

/**
 * bestRankedRoutes over the routes to the targets a search found, one each, building only the
 * routes that can be among the best `limit` (exposure of a hub lists 100 of hundreds of thousands).
 *
 * @example bestRankedTargets(view, targets, { asOf, freeTradeZones, limit: 100 }) // bestRankedRoutes(view, all routes of targets, …)
 */
export function bestRankedTargets(view: GraphView, targets: FoundTargets, options: { asOf: string; freeTradeZones: readonly FreeTradeZone[]; limit: number }): RankedRoute[] {
  const { limit } = options;
  const routeAt = (index: number) => targets.route(index);
  if (limit >= targets.count) return rankRoutes(view, Array.from({ length: targets.count }, (_, index) => routeAt(index)), { ...options, sort: 'score' });
  return bestRanked(view, targets.count, (index) => scoreBoundsOf(targets.reasons(index), targets.hops(index), targets.weakestGrade(index)), routeAt, () => 1, options);
}

/** The first `limit` of `count` routes by score, as bestRankedRoutes documents; `routeAt` is asked only for routes that are assessed. */
function bestRanked(
  view: GraphView,
  count: number,
  boundsAt: (index: number) => { floor: number; ceiling: number },
  routeAt: (index: number) => Route,
  alternativeAt: (index: number) => number,
  options: { asOf: string; freeTradeZones: readonly FreeTradeZone[]; limit: number },
): RankedRoute[] {
  const { limit } = options;
  if (limit <= 0) return [];
  const floors = new Float64Array(count);
  const ceilings = new Float64Array(count);
  for (let index = 0; index < count; index++) ({ floor: floors[index], ceiling: ceilings[index] } = boundsAt(index));
  // No route scoring below the limit-th highest floor can be among the first `limit`.
  let threshold = Float64Array.from(floors).sort().reverse()[limit - 1]!;
  const candidates = Array.from({ length: count }, (_, index) => index).filter((index) => ceilings[index]! >= threshold).sort((a, b) => ceilings[b]! - ceilings[a]! || a - b);
  // Assessed routes with their position among the routes: ties on score and hops keep that order.
  const assessed: { route: RankedRoute; index: number }[] = [];
  const order = (a: { route: RankedRoute; index: number }, b: { route: RankedRoute; index: number }) => byScore(a.route, b.route) || a.index - b.index;
  let assessedAtThreshold = 0;
  for (const index of candidates) {
    if (ceilings[index]! < threshold) break;
    assessed.push({ route: rankedRouteOf(view, routeAt(index), alternativeAt(index), options), index });
    // Raise the threshold to the limit-th best assessed score now and then (each raise only skips more).
    if (assessed.length >= limit && assessed.length >= 2 * assessedAtThreshold) {
      threshold = Math.max(threshold, assessed.sort(order)[limit - 1]!.route.score.total);
      assessedAtThreshold = assessed.length;
    }
  }
  const best = assessed.sort(order).slice(0, limit).map(({ route }) => route);
  best.forEach((route, index) => (route.rank = index + 1));
  return best;
}

function byScore(a: RankedRoute, b: RankedRoute): number {
  return b.score.total - a.score.total || a.hops - b.hops;
}

/** Each route's alternative number: 1 for the first route to its target, 2 for the next, … */
function alternativesOf(routes: readonly Route[]): number[] {
  const seen = new Map<string, number>();
  return routes.map((route) => {
    const alternative = (seen.get(route.target) ?? 0) + 1;
    seen.set(route.target, alternative);
    return alternative;
  });
}

function rankedRouteOf(view: GraphView, route: Route, alternative: number, options: { asOf: string; freeTradeZones: readonly FreeTradeZone[] }): RankedRoute {
  const { redFlags, score } = assessRoute(view, route, options);
  // Spelled out, not spread: exposure ranks tens of thousands of routes.
  return { target: route.target, path: route.path, hops: route.hops, reasons: route.reasons, edges: route.edges, alternative, redFlags, score, rank: 0 };
}

/**
 * A route's red flags and the score they feed.
 *
 * @example assessRoute(view, route, { asOf: '2011-06-30', freeTradeZones }).score.total
 */
export function assessRoute(
  view: GraphView,
  route: Route,
  options: RedFlagOptions,
): { redFlags: RedFlag[]; score: RouteScore } {
  const redFlags = routeRedFlags(view, route, options);
  return { redFlags, score: scoreRoute(route, redFlags, options) };
}
