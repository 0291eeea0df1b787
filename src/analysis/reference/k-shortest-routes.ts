// Up to k alternative flagged routes per target, shortest first: Yen's k-shortest loopless
// paths (Yen 1971) adapted to time windows, products and the stop-at-first-flagged rule. The
// reference: plain searches over a GraphView's objects. The compact version
// (compact/k-shortest-routes.ts) gives the same routes in the same order; tests hold the two
// equal, and k-shortest-routes.ts picks between them.
import { dayFromNumber, dayNumber } from '../../domain/dates.ts';
import { GOODS_RELATIONSHIP_TYPES, type Relationship } from '../../domain/schema.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { reasonsFor, type FlagIndex } from '../flags.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';
import type { Route, RouteEdge } from '../route-types.ts';
import { crossingTime } from './flagged-routes.ts';

/** A route with the arrival day number at each of its nodes (−Infinity before any dated edge). */
export interface TimedRoute {
  path: string[];
  edges: Relationship[];
  times: number[];
}

/** Limits of a min-hop, time-respecting search from one origin. */
export interface SpurSearch {
  /** Day number from which the goods are at the origin (−Infinity: any time). */
  startTime: number;
  /** Nodes the search may not enter (Yen's root path). */
  excluded: ReadonlySet<string>;
  /** Nodes the first step from the origin may not go to (Yen's removed edges). */
  bannedFirstSteps: ReadonlySet<string>;
  maxHops: number;
  flags: FlagIndex;
  asOfDay: number;
  /** Lower-cased product, or undefined for any. */
  product: string | undefined;
  /** Only this flagged target; undefined for every flagged entity. */
  target: string | undefined;
  /** Lower bounds of the hops from each entity to `target` (hopsToTarget): entities missing cannot reach it. */
  hopsLeft?: ReadonlyMap<string, number>;
  /** Work budget shared with the caller; the search stops when it runs out. */
  budget?: SearchBudget;
  /** Goods edges leaving an entity; defaults to the view's, a caller may pass a memoised one. */
  goodsOut?: (id: string) => readonly Relationship[];
}

interface State {
  node: string;
  time: number;
  edge: Relationship | undefined;
  parent: State | undefined;
}

/**
 * `firstRoutes` (findFlaggedRoutes' answer) with up to k − 1 alternatives after each, in order
 * of increasing hops. Two routes are distinct when their entity paths differ: parallel edges
 * between the same pair of entities (several orders, say) are one route, crossed by the edge
 * that gets the goods there earliest.
 *
 * Yen, J. Y. (1971), "Finding the k shortest loopless paths in a network", Management Science
 * 17(11): 712-716. For each found path A_j and each node s on it, the spur path is the
 * shortest path from s that avoids the root path's other nodes and the next-steps taken from s
 * by found paths with the same root. Here "shortest" is a min-hop, time-respecting search that
 * starts at s at the root's arrival time there, never passes a flagged entity, and stays
 * within max-hops. This keeps Yen's proof: whether a suffix can follow a root depends only on
 * the root's node set and its arrival time, and the earliest arrival along a fixed entity path
 * is reached by taking the earliest-crossing edge at each hop.
 *
 * @example referenceKShortestRoutes(view, findFlaggedRoutes(view, 'bluecoat', { asOf, flags }), { k: 3, asOf, product: undefined, maxHops: 6, flags }).map((route) => route.hops) // [2, 3, 3]
 */
export function referenceKShortestRoutes(
  view: GraphView,
  firstRoutes: readonly Route[],
  options: { k: number; asOf: string; product: string | undefined; maxHops: number; flags: FlagIndex; budget?: SearchBudget },
): Route[] {
  const { flags, maxHops, product } = options;
  // A spur search cut short may miss the shortest spur, so nothing is chosen after the budget runs out.
  const outOfBudget = () => options.budget?.exhausted === true;
  const asOfDay = dayNumber(options.asOf);
  const routes: Route[] = [];
  const goodsOut = memoised((id) => view.outEdges(id, GOODS_RELATIONSHIP_TYPES));
  const goodsIn = memoised((id) => view.inEdges(id, GOODS_RELATIONSHIP_TYPES));
  for (const first of firstRoutes) {
    routes.push(first);
    if (outOfBudget()) continue;
    const found: TimedRoute[] = [timed(view, first.path, asOfDay, product)];
    const candidates = new Map<string, TimedRoute>();
    const known = new Set([first.path.join('\u0000')]);
    const hopsLeft = hopsToTarget(goodsIn, first.target, { maxHops, flags, asOfDay, product, budget: options.budget });
    while (found.length < options.k) {
      const last = found[found.length - 1]!;
      // Yen's bound: with enough candidates already, a spur route longer than the one that
      // would be picked last cannot be among the k shortest.
      const needed = options.k - found.length;
      const lengths = [...candidates.values()].map((candidate) => candidate.edges.length).sort((a, b) => a - b);
      const longestUseful = lengths.length >= needed ? lengths[needed - 1]! : maxHops;
      for (let spurIndex = 0; spurIndex < last.path.length - 1 && spurIndex < longestUseful; spurIndex++) {
        const root = last.path.slice(0, spurIndex + 1);
        const bannedFirstSteps = new Set(found.filter((route) => sharesRoot(route.path, root)).map((route) => route.path[spurIndex + 1]!));
        const spur = shortestFlaggedFrom(view, root[spurIndex]!, {
          startTime: last.times[spurIndex]!,
          excluded: new Set(root.slice(0, spurIndex)),
          bannedFirstSteps,
          maxHops: longestUseful - spurIndex,
          flags,
          asOfDay,
          product,
          target: first.target,
          hopsLeft,
          budget: options.budget,
          goodsOut,
        }).get(first.target);
        if (spur === undefined) continue;
        const candidate: TimedRoute = {
          path: [...root, ...spur.path.slice(1)],
          edges: [...last.edges.slice(0, spurIndex), ...spur.edges],
          times: [...last.times.slice(0, spurIndex), ...spur.times],
        };
        const key = candidate.path.join('\u0000');
        if (!known.has(key)) {
          known.add(key);
          candidates.set(key, candidate);
        }
      }
      if (outOfBudget()) break;
      const next = shortestCandidate(candidates);
      if (next === undefined) break;
      candidates.delete(next.path.join('\u0000'));
      found.push(next);
      routes.push(toRoute(next, first));
    }
  }
  return routes;
}

/**
 * Min-hop, time-respecting routes from `origin` to flagged entities under the search limits:
 * the layered earliest-arrival search of findFlaggedRoutes with Yen's exclusions and a start
 * time. Returns one route per flagged entity reached (only `target` when it is set).
 *
 * @example shortestFlaggedFrom(view, 'computerlinks-fzco', search).get('ste-syria')?.path
 */
export function shortestFlaggedFrom(view: GraphView, origin: string, search: SpurSearch): Map<string, TimedRoute> {
  const earliestArrival = new Map<string, number>([[origin, search.startTime]]);
  const found = new Map<string, TimedRoute>();
  let layer: State[] = [{ node: origin, time: search.startTime, edge: undefined, parent: undefined }];
  for (let hops = 1; hops <= search.maxHops && layer.length > 0; hops++) {
    const bestInLayer = new Map<string, State>();
    for (const state of layer) {
      const outEdges = search.goodsOut?.(state.node) ?? view.outEdges(state.node, GOODS_RELATIONSHIP_TYPES);
      if (!withinBudget(search.budget, outEdges.length + 1)) return found;
      for (const edge of outEdges) {
        if (edge.target === origin || search.excluded.has(edge.target) || found.has(edge.target)) continue;
        if (hops === 1 && search.bannedFirstSteps.has(edge.target)) continue;
        if (search.hopsLeft !== undefined && hops + (search.hopsLeft.get(edge.target) ?? Infinity) > search.maxHops) continue;
        const time = crossingTime(edge, state.time, search.asOfDay, search.product);
        if (time === undefined || time >= (earliestArrival.get(edge.target) ?? Infinity)) continue;
        const candidate = bestInLayer.get(edge.target);
        if (candidate === undefined || time < candidate.time) bestInLayer.set(edge.target, { node: edge.target, time, edge, parent: state });
      }
    }
    layer = [];
    for (const [node, state] of bestInLayer) {
      earliestArrival.set(node, state.time);
      if (reasonsFor(search.flags, node).length === 0) layer.push(state);
      else if (search.target === undefined || search.target === node) found.set(node, timedFromState(state));
    }
    if (search.target !== undefined && found.has(search.target)) break;
  }
  return found;
}

/** Goods edges of an entity, asked for once: the spur searches ask for the same entities many times. */
function memoised(edgesOf: (id: string) => readonly Relationship[]): (id: string) => readonly Relationship[] {
  const cache = new Map<string, readonly Relationship[]>();
  return (id) => {
    let edges = cache.get(id);
    if (edges === undefined) cache.set(id, (edges = edgesOf(id)));
    return edges;
  };
}

/**
 * Fewest hops from each entity to `target` over goods edges known at the date and of the
 * product, ignoring time windows, through unflagged entities only: a lower bound that lets the
 * spur searches skip what cannot reach the target in the hops left. Up to maxHops − 1 only: an
 * entity a search steps onto has used at least one hop.
 */
function hopsToTarget(
  goodsIn: (id: string) => readonly Relationship[],
  target: string,
  limits: { maxHops: number; flags: FlagIndex; asOfDay: number; product: string | undefined; budget: SearchBudget | undefined },
): Map<string, number> {
  const hops = new Map<string, number>([[target, 0]]);
  let frontier = [target];
  for (let distance = 1; distance < limits.maxHops && frontier.length > 0; distance++) {
    const next: string[] = [];
    for (const node of frontier) {
      const inEdges = goodsIn(node);
      // Cut short, the bounds are wrong, but nothing is chosen once the budget has run out.
      if (!withinBudget(limits.budget, inEdges.length + 1)) return hops;
      for (const edge of inEdges) {
        if (hops.has(edge.source) || crossingTime(edge, -Infinity, limits.asOfDay, limits.product) === undefined) continue;
        hops.set(edge.source, distance);
        if (reasonsFor(limits.flags, edge.source).length === 0) next.push(edge.source);
      }
    }
    frontier = next;
  }
  return hops;
}

/** Arrival times along a known-feasible entity path, crossing each hop by its earliest edge. */
function timed(view: GraphView, path: readonly string[], asOfDay: number, product: string | undefined): TimedRoute {
  const times = [-Infinity];
  const edges: Relationship[] = [];
  for (let index = 0; index + 1 < path.length; index++) {
    let best: { edge: Relationship; time: number } | undefined;
    for (const edge of view.outEdges(path[index]!, GOODS_RELATIONSHIP_TYPES)) {
      if (edge.target !== path[index + 1]) continue;
      const time = crossingTime(edge, times[index]!, asOfDay, product);
      if (time !== undefined && (best === undefined || time < best.time)) best = { edge, time };
    }
    if (best === undefined) throw new Error(`route ${path.join(' → ')} cannot be crossed at hop ${index + 1}`);
    edges.push(best.edge);
    times.push(best.time);
  }
  return { path: [...path], edges, times };
}

function timedFromState(last: State): TimedRoute {
  const states: State[] = [];
  for (let state: State | undefined = last; state !== undefined; state = state.parent) states.push(state);
  states.reverse();
  return {
    path: states.map((state) => state.node),
    edges: states.slice(1).map((state) => state.edge!),
    times: states.map((state) => state.time),
  };
}

function sharesRoot(path: readonly string[], root: readonly string[]): boolean {
  return path.length > root.length && root.every((node, index) => path[index] === node);
}

/** The candidate with the fewest hops; among equals, the one found first. */
function shortestCandidate(candidates: ReadonlyMap<string, TimedRoute>): TimedRoute | undefined {
  let best: TimedRoute | undefined;
  for (const candidate of candidates.values()) if (best === undefined || candidate.edges.length < best.edges.length) best = candidate;
  return best;
}

function toRoute(route: TimedRoute, first: Route): Route {
  const edges: RouteEdge[] = route.edges.map((edge, index) => {
    const time = route.times[index + 1]!;
    return Number.isFinite(time) ? { ...edge, at: dayFromNumber(time) } : { ...edge };
  });
  return { target: first.target, path: route.path, hops: route.edges.length, reasons: first.reasons, edges };
}
