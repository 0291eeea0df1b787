// The reference route search: the layered earliest-arrival search over a GraphView's objects,
// plain and obviously right. The compact search (compact/flagged-routes.ts) is the indexed
// version every store answers with; tests hold the two equal. routes.ts picks between them.
import { dayFromNumber, dayNumber } from '../../domain/dates.ts';
import type { Reason } from '../../domain/reasons.ts';
import { GOODS_RELATIONSHIP_TYPES, type Entity, type Relationship } from '../../domain/schema.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { reasonsFor, type FlagIndex } from '../flags.ts';
import { ListedReach } from '../reach.ts';
import type { Route, RouteEdge, RoutesAndReach } from '../route-types.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';

/** A search state: at `node` after `hops` edges, no earlier than day `time`. */
interface State {
  node: string;
  time: number;
  edge: Relationship | undefined;
  parent: State | undefined;
}

/**
 * Flagged routes from `from` by the method routes.ts describes, and with `collectReached` every
 * entity reached. `product` is trimmed and lower-cased; `from` exists in the view.
 *
 * @example referenceFlaggedRoutes(view, 'bluecoat', { asOf: '2011-06-30', product: undefined, maxHops: 6, flags, collectReached: false }).routes
 */
export function referenceFlaggedRoutes(
  view: GraphView,
  from: string,
  options: { asOf: string; product: string | undefined; maxHops: number; flags: FlagIndex; budget?: SearchBudget; collectReached: boolean },
): RoutesAndReach {
  const { flags, maxHops, product, collectReached } = options;
  const asOfDay = dayNumber(options.asOf);
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
