// Up to k alternative flagged routes per target, shortest first (Yen's k-shortest loopless
// paths, adapted to time windows, products and the stop-at-first-flagged rule). The one
// dispatcher: the compact version (compact/k-shortest-routes.ts) when the view keeps the
// typed-array index, else the reference (reference/k-shortest-routes.ts) it is tested against.
import { NotFoundError } from '../domain/errors.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities } from './flags.ts';
import { COMPACT_SEARCH_MAX_HOPS, compactTimedFlaggedRoutes } from './compact/flagged-routes.ts';
import { compactKShortestRoutes } from './compact/k-shortest-routes.ts';
import { referenceKShortestRoutes } from './reference/k-shortest-routes.ts';
import { DEFAULT_MAX_HOPS, findFlaggedRoutes, type Route, type RouteOptions } from './routes.ts';

export { shortestFlaggedFrom, type SpurSearch, type TimedRoute } from './reference/k-shortest-routes.ts';

export { MAX_ROUTES_PER_TARGET } from './search-limits.ts';

export interface KRouteOptions extends RouteOptions {
  /** Routes per flagged target (1 to MAX_ROUTES_PER_TARGET); k = 1 gives findFlaggedRoutes. */
  k: number;
}

/**
 * For `k` = 1 exactly `findFlaggedRoutes`; for larger k, up to k routes to each flagged target
 * in order of increasing hops (targets in findFlaggedRoutes' order, each target's routes
 * together, read reference/k-shortest-routes.ts for the method). When the budget runs out, the
 * target being worked on keeps the alternatives found so far and later ones their first route.
 *
 * @example kShortestFlaggedRoutes(view, 'bluecoat', { asOf: '2011-06-30', k: 3 }).map((route) => route.hops) // [2, 3, 3]
 */
export function kShortestFlaggedRoutes(view: GraphView, from: string, options: KRouteOptions): Route[] {
  if (view.entity(from) === undefined) throw new NotFoundError('entity', from);
  const flags = options.flags ?? flaggedEntities(view, options.asOf, undefined, { regime: options.regime });
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const product = options.product?.trim().toLowerCase();
  const search = { k: options.k, asOf: options.asOf, product, maxHops, flags, budget: options.budget };
  const compact = options.k > 1 && maxHops <= COMPACT_SEARCH_MAX_HOPS ? view.compact?.() : undefined;
  if (compact !== undefined) {
    // The first routes come with the entity numbers, slots and days Yen starts from.
    const first = compactTimedFlaggedRoutes(compact, compact.indexOf(from)!, { asOf: options.asOf, product, maxHops, flags, budget: options.budget });
    // A spur search cut short may miss the shortest spur, so nothing is chosen after the budget runs out.
    if (options.budget?.exhausted === true) return first.routes;
    return compactKShortestRoutes(compact, first.routes, search, first.timed);
  }
  const firstRoutes = findFlaggedRoutes(view, from, { ...options, flags });
  if (options.k <= 1 || options.budget?.exhausted === true) return firstRoutes;
  return referenceKShortestRoutes(view, firstRoutes, search);
}
