// Flagged routes: for every flagged entity that goods can reach from a source, one route of
// the fewest edges that respects time windows, products and the stop-at-first-flagged rule.
// The one dispatcher: the compact search (compact/flagged-routes.ts) when the view keeps the
// typed-array index, else the reference search (reference/flagged-routes.ts) it is tested against.
import { NotFoundError } from '../domain/errors.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities } from './flags.ts';
import { COMPACT_SEARCH_MAX_HOPS, compactFlaggedRoutes, compactFlaggedTargets } from './compact/flagged-routes.ts';
import { EVIDENCE_GRADES, type EvidenceGrade } from '../domain/schema.ts';
import { CompactReach } from './compact/compact-reach.ts';
import { referenceFlaggedRoutes } from './reference/flagged-routes.ts';
import { DEFAULT_MAX_HOPS, type FoundTargets, type Route, type RouteEdge, type RouteOptions, type RoutesAndReach, type TargetsAndReach } from './route-types.ts';

export { DEFAULT_MAX_HOPS, type FoundTargets, type Route, type RouteEdge, type RouteOptions, type RoutesAndReach, type TargetsAndReach } from './route-types.ts';
export { crossingTime } from './reference/flagged-routes.ts';

/**
 * Flagged routes from `from`, one per reachable flagged entity, shortest first.
 *
 * Time windows break plain breadth-first search: the first path to reach a node may arrive
 * too late to continue. The search is therefore over (node, arrival time) states, layer by
 * layer of hop count, keeping a state only when it arrives strictly earlier than every state
 * already kept for that node at the same or fewer hops; a dominated state can do nothing the
 * dominating one cannot. Each node improves at most `maxHops` times, so the work is
 * O(maxHops · edges). A walk of the fewest hops never repeats a node (cutting the loop out
 * keeps it time-respecting), so the routes found are simple paths.
 *
 * The source itself may be flagged: it is the subject of the question, so the rule "no
 * flagged entity before the target" applies to the intermediaries.
 *
 * @example findFlaggedRoutes(view, 'bluecoat', { asOf: '2011-06-30' })[0].path
 *   // ['bluecoat', 'computerlinks-fzco', 'ste-syria']
 */
export function findFlaggedRoutes(view: GraphView, from: string, options: RouteOptions): Route[] {
  return searchFlaggedRoutes(view, from, options, false).routes;
}

/**
 * findFlaggedRoutes, also listing every entity its search reached: what goods can reach is
 * exactly what the route search visits (it expands every unflagged entity it reaches, at its
 * earliest arrival), so exposure needs one search, not two.
 *
 * @example findFlaggedRoutesAndReach(view, 'bluecoat', { asOf: '2011-06-30' }).reached.ids()
 */
export function findFlaggedRoutesAndReach(view: GraphView, from: string, options: RouteOptions): RoutesAndReach {
  return searchFlaggedRoutes(view, from, options, true);
}

/**
 * findFlaggedRoutesAndReach with each route built only when asked for (FoundTargets): what
 * exposure reads. Over the compact index, the answers read the search's arena: read them before
 * the next search of the same view.
 *
 * @example findFlaggedTargetsAndReach(view, 'bluecoat', { asOf: '2011-06-30' }).targets.route(0).path
 */
export function findFlaggedTargetsAndReach(view: GraphView, from: string, options: RouteOptions): TargetsAndReach {
  if (view.entity(from) === undefined) throw new NotFoundError('entity', from);
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const compact = maxHops <= COMPACT_SEARCH_MAX_HOPS ? view.compact?.() : undefined;
  if (compact === undefined) {
    const { routes, reached } = searchFlaggedRoutes(view, from, options, true);
    return { targets: routesAsTargets(view, routes), reached };
  }
  const flags = options.flags ?? flaggedEntities(view, options.asOf, undefined, { regime: options.regime });
  const product = options.product?.trim().toLowerCase();
  const found = compactFlaggedTargets(compact, compact.indexOf(from)!, { asOf: options.asOf, product, maxHops, flags, budget: options.budget, collectReached: true });
  return { targets: found.targets, reached: new CompactReach(compact, found.reached) };
}

/** Routes already built, as FoundTargets. */
function routesAsTargets(view: GraphView, routes: readonly Route[]): FoundTargets {
  return {
    count: routes.length,
    target: (index) => routes[index]!.target,
    reasons: (index) => routes[index]!.reasons,
    hops: (index) => routes[index]!.hops,
    country: (index) => view.entity(routes[index]!.target)?.country ?? null,
    isEndUser: (index) => view.entity(routes[index]!.target)?.kind === 'end_user',
    weakestGrade: (index) => weakestGrade(routes[index]!.edges),
    route: (index) => routes[index]!,
  };
}

/** The weakest evidence grade of `edges` ('ungraded' weakest), undefined when there are none. */
function weakestGrade(edges: readonly RouteEdge[]): EvidenceGrade | 'ungraded' | undefined {
  let weakest = -1;
  for (const edge of edges) weakest = Math.max(weakest, edge.evidence === undefined ? EVIDENCE_GRADES.length : EVIDENCE_GRADES.indexOf(edge.evidence));
  return weakest === -1 ? undefined : weakest === EVIDENCE_GRADES.length ? 'ungraded' : EVIDENCE_GRADES[weakest]!;
}

function searchFlaggedRoutes(view: GraphView, from: string, options: RouteOptions, collectReached: boolean): RoutesAndReach {
  if (view.entity(from) === undefined) throw new NotFoundError('entity', from);
  const flags = options.flags ?? flaggedEntities(view, options.asOf, undefined, { regime: options.regime });
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const product = options.product?.trim().toLowerCase();
  const compact = maxHops <= COMPACT_SEARCH_MAX_HOPS ? view.compact?.() : undefined;
  if (compact !== undefined) {
    const found = compactFlaggedRoutes(compact, compact.indexOf(from)!, { asOf: options.asOf, product, maxHops, flags, budget: options.budget, collectReached });
    return { routes: found.routes, reached: new CompactReach(compact, found.reached) };
  }
  return referenceFlaggedRoutes(view, from, { asOf: options.asOf, product, maxHops, flags, budget: options.budget, collectReached });
}
