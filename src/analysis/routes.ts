// Flagged routes: for every flagged entity that goods can reach from a source, one route of
// the fewest edges that respects time windows, products and the stop-at-first-flagged rule.
import type { RegimeSelection } from '../domain/regimes.ts';
import { NotFoundError } from '../domain/errors.ts';
import { dayFromNumber, dayNumber, type IsoDay } from '../domain/dates.ts';
import type { Reason } from '../domain/reasons.ts';
import { GOODS_RELATIONSHIP_TYPES, type Entity, type Relationship } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities, reasonsFor, type FlagIndex } from './flags.ts';
import { withinBudget, type SearchBudget } from './search-budget.ts';
import { COMPACT_SEARCH_MAX_HOPS, compactFlaggedRoutes } from './compact/flagged-routes.ts';
import { CompactReach } from './compact/compact-reach.ts';
import { ListedReach, type Reach } from './reach.ts';

export const DEFAULT_MAX_HOPS = 6;

export interface RouteOptions {
  /** The date of the question: flags in force then, and no edge starting after it. */
  asOf: IsoDay;
  /** Only SUPPLIES edges with this product (or with none); compared without case. */
  product?: string;
  /** The most edges a route may have (default 6). */
  maxHops?: number;
  /** Flags at `asOf`, when the caller has them already. */
  flags?: FlagIndex;
  /** Whose law applies when the flags are worked out here (default all). */
  regime?: RegimeSelection;
  /** Work budget: when it runs out the search stops with the routes found so far (budget.exhausted). */
  budget?: SearchBudget;
}

/** One hop of a route: the relationship and the earliest date the goods can cross it. */
export type RouteEdge = Relationship & { at?: IsoDay };

export interface Route {
  target: string;
  path: string[];
  hops: number;
  reasons: readonly Reason[];
  edges: RouteEdge[];
}

/** A search state: at `node` after `hops` edges, no earlier than day `time`. */
interface State {
  node: string;
  time: number;
  edge: Relationship | undefined;
  parent: State | undefined;
}

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

/** The routes of findFlaggedRoutes, and every entity the same search reached on the way. */
export interface RoutesAndReach {
  routes: Route[];
  /** Entities reached (flagged or not, `from` left out), in the order first reached. */
  reached: Reach;
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

function searchFlaggedRoutes(view: GraphView, from: string, options: RouteOptions, collectReached: boolean): RoutesAndReach {
  if (view.entity(from) === undefined) throw new NotFoundError('entity', from);
  const flags = options.flags ?? flaggedEntities(view, options.asOf, undefined, { regime: options.regime });
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const asOfDay = dayNumber(options.asOf);
  const product = options.product?.trim().toLowerCase();
  const compact = maxHops <= COMPACT_SEARCH_MAX_HOPS ? view.compact?.() : undefined;
  if (compact !== undefined) {
    const found = compactFlaggedRoutes(compact, compact.indexOf(from)!, { asOf: options.asOf, product, maxHops, flags, budget: options.budget, collectReached });
    const entityAt = (index: number) => view.entityAt?.(index) ?? view.entity(compact.ids[index]!)!;
    return { routes: found.routes, reached: new CompactReach(compact, entityAt, found.reached) };
  }

  const earliestArrival = new Map<string, number>([[from, -Infinity]]);
  const routes: Route[] = [];
  const reached = new Set<string>();
  const reachedInOrder: Entity[] = [];
  let layer: State[] = [{ node: from, time: -Infinity, edge: undefined, parent: undefined }];

  for (let hops = 1; hops <= maxHops && layer.length > 0; hops++) {
    const bestInLayer = new Map<string, State>();
    for (const state of layer) {
      const outEdges = view.outEdges(state.node, GOODS_RELATIONSHIP_TYPES);
      if (!withinBudget(options.budget, outEdges.length + 1)) break;
      for (const edge of outEdges) {
        const time = crossingTime(edge, state.time, asOfDay, product);
        if (time === undefined || edge.target === from || reached.has(edge.target)) continue;
        if (time >= (earliestArrival.get(edge.target) ?? Infinity)) continue;
        const candidate = bestInLayer.get(edge.target);
        if (candidate === undefined || time < candidate.time) {
          bestInLayer.set(edge.target, { node: edge.target, time, edge, parent: state });
        }
      }
    }
    layer = [];
    for (const [node, state] of bestInLayer) {
      if (collectReached && !earliestArrival.has(node)) reachedInOrder.push(view.entity(node)!);
      earliestArrival.set(node, state.time);
      const reasons = reasonsFor(flags, node);
      if (reasons.length > 0) {
        reached.add(node);
        routes.push(routeFromState(state, reasons, hops));
      } else {
        layer.push(state);
      }
    }
  }
  return { routes, reached: new ListedReach(reachedInOrder) };
}

/**
 * The earliest day at which goods that are at the edge's source from day `after` on can cross
 * it, or undefined when they cannot (window closed, starts after the as-of date, other product).
 */
export function crossingTime(edge: Relationship, after: number, asOfDay: number, product: string | undefined): number | undefined {
  if (product !== undefined && edge.type === 'SUPPLIES' && edge.product !== undefined && edge.product.toLowerCase() !== product) return undefined;
  const start = edge.start === undefined ? -Infinity : dayNumber(edge.start);
  if (start > asOfDay) return undefined;
  const end = edge.end === undefined ? Infinity : dayNumber(edge.end);
  const time = Math.max(after, start);
  return time <= end ? time : undefined;
}

function routeFromState(last: State, reasons: readonly Reason[], hops: number): Route {
  const edges: RouteEdge[] = [];
  const path: string[] = [];
  for (let state: State | undefined = last; state !== undefined; state = state.parent) {
    path.push(state.node);
    if (state.edge) edges.push(Number.isFinite(state.time) ? { ...state.edge, at: dayFromNumber(state.time) } : { ...state.edge });
  }
  return { target: last.node, path: path.reverse(), hops, reasons, edges: edges.reverse() };
}
