// Yen's k alternatives (reference/k-shortest-routes.ts) over the compact index: the same routes
// in the same order, with spur searches over typed arrays and the candidates worked out lazily.
//
// The reference computes every spur of an iteration, each with a full search, then picks the
// candidate with the fewest hops (the first inserted among equals). Here each spur is a slot in
// insertion order with a lower bound on its length, and the pick goes up one length at a time:
// at length L, slots are asked in order whether they have a route of L hops (a spur search
// bounded to L hops, cheap because the target's ball need only be L − 1 levels deep); the first
// that has one is the pick. A search bounded to L hops finds exactly the route an unbounded
// one finds when that route has at most L hops, so the pick is the reference's. What the
// reference's own bounds (longestUseful) skip is only ever longer than what gets picked.
import { dayNumber, type IsoDay } from '../../domain/dates.ts';
import type { CompactGraph } from '../../store/compact/compact-graph.ts';
import type { FlagIndex } from '../flags.ts';
import type { Route, RouteEdge } from '../route-types.ts';
import type { SearchBudget } from '../search-budget.ts';
import { EdgeRules } from './edge-rules.ts';
import { isoDay } from './flagged-routes.ts';
import type { HubIndexes } from './hub-index.ts';
import { hubIndexesOf, partIndexes } from './k-scratch.ts';
import { SpurSearcher } from './spur-search.ts';
import { TargetBall } from './target-ball.ts';
import type { CompactTimedRoute } from './timed-route.ts';

export interface CompactKRouteOptions {
  k: number;
  asOf: IsoDay;
  /** Already trimmed and lower-cased. */
  product: string | undefined;
  maxHops: number;
  flags: FlagIndex;
  budget?: SearchBudget;
  /** Out-degree from which an entity's edges are read through a hub index (hub-index.ts); tests lower it. */
  hubDegree?: number;
  /** Whether every slot's crossability is worked out in one pass first; by default when the targets are many (SLOTS_READ_PER_TARGET). Tests force each way. */
  everySlotUpFront?: boolean;
}

/**
 * Roughly how many slots a target's spur searches and ball ask about, weighted by a random read
 * costing about ten reads in order: the largest manufacturer at 1M reads about 10M in-edges over
 * 24k targets. With targets × this at least the slot count, slots are worked out up front (edge-rules.ts).
 */
const SLOTS_READ_PER_TARGET = 4_000;

/** One spur of Yen's: the route it deviates from, where, and what is known of its route. */
interface Slot {
  base: CompactTimedRoute;
  spurIndex: number;
  bannedFirstSteps: number[];
  /** No route of fewer hops (once resolved, the route's hops). */
  atLeast: number;
  /**
   * Once resolved, the spur's route from base.path[spurIndex]: the candidate is the base's root
   * then this, joined only when picked (most resolved slots never are, and joining each cost
   * three arrays a slot, a fifth of what k = 3 allocated for a large manufacturer).
   */
  spur: CompactTimedRoute | undefined;
  resolved: boolean;
  /** Picked, or its route is one already picked. */
  done: boolean;
}

/**
 * `firstRoutes` (findFlaggedRoutes' answer over `graph`) with up to k − 1 alternatives after each,
 * `firstTimed` the same routes as compactTimedFlaggedRoutes gives them (else they are timed here),
 * as the reference gives them. When the budget runs out, the target being worked on keeps the
 * alternatives picked so far and later targets keep their first route only.
 *
 * @example compactKShortestRoutes(graph, findFlaggedRoutes(view, 'bluecoat', { asOf, flags }), { k: 3, asOf, product: undefined, maxHops: 6, flags })
 */
export function compactKShortestRoutes(graph: CompactGraph, firstRoutes: readonly Route[], options: CompactKRouteOptions, firstTimed?: readonly CompactTimedRoute[]): Route[] {
  const { k, maxHops, budget } = options;
  const rules = new EdgeRules(graph, options.flags, dayNumber(options.asOf), options.product, options.everySlotUpFront ?? firstRoutes.length * SLOTS_READ_PER_TARGET >= graph.edgeCount);
  const ball = new TargetBall(graph, rules);
  const hubs = hubIndexesOf(graph, options.hubDegree);
  const searcher = new SpurSearcher(graph, rules, budget, hubs);
  const parts = new RouteParts(graph);
  const hubSlots = new HubSlots();
  const routes: Route[] = [];
  try {
    for (let target = 0; target < firstRoutes.length; target++) {
      const first = firstRoutes[target]!;
      routes.push(first);
      if (budget?.exhausted === true) continue;
      const timed = firstTimed?.[target] ?? timedRoute(graph, rules, hubs, first.path.map((id) => graph.indexOf(id)!), hubSlots);
      parts.seed(timed, first);
      ball.reset(timed.path.at(-1)!);
      const found: CompactTimedRoute[] = [timed];
      const slots: Slot[] = [];
      while (found.length < k) {
        const last = found.at(-1)!;
        for (let spurIndex = 0; spurIndex + 1 < last.path.length; spurIndex++) {
          const bannedFirstSteps = firstStepsSharing(found, last.path, spurIndex);
          slots.push({ base: last, spurIndex, bannedFirstSteps, atLeast: Math.max(spurIndex + 1, last.edges.length), spur: undefined, resolved: false, done: false });
        }
        const next = pickShortest(slots, found, maxHops, ball, searcher, budget);
        if (next === undefined) break;
        next.done = true;
        const candidate = candidateOf(next);
        found.push(candidate);
        routes.push(routeOf(candidate, first, parts));
      }
    }
  } finally {
    // The arrays are the graph's, for its next question: left all zero.
    parts.release();
  }
  return routes;
}

/**
 * The open slot with the fewest hops, the first among equals, resolving slots only as far as
 * that takes; undefined when no slot has a route or the budget ran out.
 */
function pickShortest(slots: Slot[], found: readonly CompactTimedRoute[], maxHops: number, ball: TargetBall, searcher: SpurSearcher, budget: SearchBudget | undefined): Slot | undefined {
  let from = Infinity;
  for (const slot of slots) if (!slot.done) from = Math.min(from, slot.atLeast);
  for (let hops = from; hops <= maxHops; hops++) {
    for (const slot of slots) {
      if (slot.done || slot.atLeast > hops) continue;
      if (!slot.resolved) {
        const spurHops = hops - slot.spurIndex;
        if (!ball.grow(spurHops - 1, budget)) return undefined;
        const { base, spurIndex } = slot;
        const spur = searcher.search({
          origin: base.path[spurIndex]!,
          startTime: base.times[spurIndex]!,
          excluded: base.path.slice(0, spurIndex),
          bannedFirstSteps: slot.bannedFirstSteps,
          maxHops: spurHops,
          ball,
        });
        if (spur === null) return undefined;
        if (spur === undefined) {
          slot.atLeast = hops + 1;
          continue;
        }
        slot.resolved = true;
        slot.spur = spur;
        slot.atLeast = spurIndex + spur.edges.length;
      }
      if (slot.atLeast !== hops) continue;
      // The reference never inserts a route twice; a copy of a picked one is no candidate.
      if (isFound(found, slot)) {
        slot.done = true;
        continue;
      }
      return slot;
    }
  }
  return undefined;
}

/** A resolved slot's route: its base's root, then its spur. */
function candidateOf(slot: Slot): CompactTimedRoute {
  const { base, spurIndex } = slot;
  const spur = slot.spur!;
  return { path: joined(base.path, spurIndex, spur.path), edges: joined(base.edges, spurIndex, spur.edges), times: joined(base.times, spurIndex, spur.times) };
}

/** `root`'s first `count` numbers, then `rest`'s: one array of its final size (spreads of slices made two, grown as they went). */
function joined(root: readonly number[], count: number, rest: readonly number[]): number[] {
  const all: number[] = new Array<number>(count + rest.length);
  for (let index = 0; index < count; index++) all[index] = root[index]!;
  for (let index = 0; index < rest.length; index++) all[count + index] = rest[index]!;
  return all;
}

/** Whether a found route is the resolved slot's candidate (a loop, not `some`: no closure per slot asked). */
function isFound(found: readonly CompactTimedRoute[], slot: Slot): boolean {
  for (let index = 0; index < found.length; index++) if (isCandidatePath(found[index]!.path, slot)) return true;
  return false;
}

/** Whether `path` is the resolved slot's candidate path (its base's root, then its spur's path), without joining them. */
function isCandidatePath(path: readonly number[], slot: Slot): boolean {
  const { base, spurIndex } = slot;
  const spurPath = slot.spur!.path;
  if (path.length !== spurIndex + spurPath.length) return false;
  for (let index = 0; index < spurIndex; index++) if (path[index] !== base.path[index]) return false;
  for (let index = 0; index < spurPath.length; index++) if (path[spurIndex + index] !== spurPath[index]) return false;
  return true;
}

/**
 * The entity after the spur's origin on each found route through the same root (Yen's removed
 * edges), in one array of its size: filter and map made two closures and two arrays per slot,
 * hundreds of thousands of slots a question.
 */
function firstStepsSharing(found: readonly CompactTimedRoute[], root: readonly number[], spurIndex: number): number[] {
  let count = 0;
  for (let index = 0; index < found.length; index++) if (sharesRoot(found[index]!.path, root, spurIndex)) count++;
  const steps: number[] = new Array<number>(count);
  count = 0;
  for (let index = 0; index < found.length; index++) {
    const path = found[index]!.path;
    if (sharesRoot(path, root, spurIndex)) steps[count++] = path[spurIndex + 1]!;
  }
  return steps;
}

/** Whether `path` goes on past `root`'s first spurIndex + 1 entities, through the same ones. */
function sharesRoot(path: readonly number[], root: readonly number[], spurIndex: number): boolean {
  if (path.length <= spurIndex + 1) return false;
  for (let index = 0; index <= spurIndex; index++) if (path[index] !== root[index]) return false;
  return true;
}

/**
 * Arrival times along a known-feasible path, crossing each hop by its earliest edge (the first
 * in out-edge order among equals), reading a hub's index, or the shorter of the hop's out- and in-edges.
 */
function timedRoute(graph: CompactGraph, rules: EdgeRules, hubs: HubIndexes, path: readonly number[], hubSlots: HubSlots): CompactTimedRoute {
  const times = [-Infinity];
  const edges: number[] = [];
  const { outOffsets, inOffsets, inEdges } = graph;
  const { source, target } = graph.edges;
  for (let index = 0; index + 1 < path.length; index++) {
    const from = path[index]!;
    const to = path[index + 1]!;
    const after = times[index]!;
    let bestEdge = -1;
    let bestTime = Infinity;
    // The hop's candidate slots, each offered in turn (no closure: one per hop of 24k routes cost more than the hop).
    let count = 0;
    let candidates: Int32Array | undefined;
    if (hubs.isHub(from)) {
      candidates = hubSlots.fit(outOffsets[from + 1]! - outOffsets[from]!);
      count = hubs.slotsTo(from, to, candidates, 0);
    }
    const viaOut = candidates === undefined && outOffsets[from + 1]! - outOffsets[from]! <= inOffsets[to + 1]! - inOffsets[to]!;
    const first = candidates !== undefined ? 0 : viaOut ? outOffsets[from]! : inOffsets[to]!;
    const last = candidates !== undefined ? count : viaOut ? outOffsets[from + 1]! : inOffsets[to + 1]!;
    for (let at = first; at < last; at++) {
      let edge: number;
      if (candidates !== undefined) edge = candidates[at]!;
      else if (viaOut) {
        if (target[at] !== to) continue;
        edge = at;
      } else {
        edge = inEdges[at]!;
        if (source[edge] !== from) continue;
      }
      const time = rules.crossingTime(edge, after);
      if (Number.isNaN(time)) continue;
      if (bestEdge === -1 || time < bestTime || (time === bestTime && edge < bestEdge)) {
        bestEdge = edge;
        bestTime = time;
      }
    }
    if (bestEdge === -1) throw new Error(`route ${path.map((node) => graph.idAt(node)).join(' → ')} cannot be crossed at hop ${index + 1}`);
    edges.push(bestEdge);
    times.push(bestTime);
  }
  return { path: [...path], edges, times };
}

/** A scratch array for a hub's slots to one entity, grown as needed and reused. */
class HubSlots {
  private slots = new Int32Array(0);

  fit(atLeast: number): Int32Array {
    if (this.slots.length < atLeast) this.slots = new Int32Array(atLeast);
    return this.slots;
  }
}

/** A route edge crossed on one day, and another dated edge into the same entity, if any. */
interface DatedEdge {
  slot: number;
  time: number;
  edge: RouteEdge;
  other: DatedEdge | undefined;
}

/**
 * What the alternatives of one answer share: entity ids and route edges. Alternatives to one
 * target repeat its first route's root, and tens of thousands of them read the same few hundred
 * thousand (slot, day) pairs: each relationship is copied, dated and each id decoded once. Route
 * edges were shared between routes before (compactFlaggedRoutes shares a hop's edge among the
 * routes through it), so nothing may change them. Ids and dated edges are looked up by entity
 * (an edge by the entity it enters) through typed arrays, 1 + a place in a list, not in Maps:
 * at 1M a Map of a hundred thousand entries missed the cache on most of the few hundred
 * thousand lookups of one answer. By entity, not slot: an array per slot would cost 4 bytes a
 * relationship.
 */
class RouteParts {
  /** Per entity: 1 + its place in `idList`, 0 before its id is decoded. */
  private readonly idAt: Int32Array;
  private readonly idList: string[] = [];
  /** Per entity: 1 + the place in `datedList` of the last dated edge into it, 0 before one is made. */
  private readonly edgeInto: Int32Array;
  private readonly datedList: DatedEdge[] = [];

  /** Entities whose entry in idAt, then in edgeInto, is set: what release() clears. */
  private readonly idNodes: number[] = [];
  private readonly edgeNodes: number[] = [];

  constructor(private readonly graph: CompactGraph) {
    ({ idAt: this.idAt, edgeInto: this.edgeInto } = partIndexes(graph));
  }

  /** Leaves the graph's arrays all zero again, for its next question (k-scratch.ts). */
  release(): void {
    for (const node of this.idNodes) this.idAt[node] = 0;
    for (const node of this.edgeNodes) this.edgeInto[node] = 0;
    this.idNodes.length = 0;
    this.edgeNodes.length = 0;
  }

  /**
   * The first route's ids and edges, as edge() and id() would make them: its alternatives share
   * their roots with it, and compactFlaggedRoutes made them already.
   */
  seed(timed: CompactTimedRoute, route: Route): void {
    for (let index = 0; index < timed.path.length; index++) {
      const node = timed.path[index]!;
      if (this.idAt[node] !== 0) continue;
      this.idAt[node] = this.idList.push(route.path[index]!);
      this.idNodes.push(node);
    }
    for (let index = 0; index < timed.edges.length; index++) {
      const into = timed.path[index + 1]!;
      const slot = timed.edges[index]!;
      const time = timed.times[index + 1]!;
      if (this.known(slot, into, time) === undefined) this.remember(slot, into, time, route.edges[index]!);
    }
  }

  id(node: number): string {
    const at = this.idAt[node]!;
    if (at !== 0) return this.idList[at - 1]!;
    const id = this.graph.idAt(node);
    this.idAt[node] = this.idList.push(id);
    this.idNodes.push(node);
    return id;
  }

  /** The relationship in slot `edge` into entity `into`, crossed at day number `time` (its `at`; none when −Infinity). */
  edge(edge: number, into: number, time: number): RouteEdge {
    const known = this.known(edge, into, time);
    if (known !== undefined) return known;
    const relationship = this.fresh(edge, time);
    this.remember(edge, into, time, relationship);
    return relationship;
  }

  /** The route edge made for slot `edge` into `into` at `time`, if one was. */
  private known(edge: number, into: number, time: number): RouteEdge | undefined {
    const at = this.edgeInto[into]!;
    for (let dated = at === 0 ? undefined : this.datedList[at - 1]; dated !== undefined; dated = dated.other) if (dated.slot === edge && dated.time === time) return dated.edge;
    return undefined;
  }

  private remember(edge: number, into: number, time: number, relationship: RouteEdge): void {
    const at = this.edgeInto[into]!;
    if (at === 0) this.edgeNodes.push(into);
    this.edgeInto[into] = this.datedList.push({ slot: edge, time, edge: relationship, other: at === 0 ? undefined : this.datedList[at - 1] });
  }

  private fresh(edge: number, time: number): RouteEdge {
    const relationship: RouteEdge = this.graph.relationship(edge);
    // Day numbers read from a Float64Array are heap numbers: as 32-bit integers they are small-integer keys.
    if (Number.isFinite(time)) relationship.at = isoDay(time | 0);
    return relationship;
  }

}

function routeOf(route: CompactTimedRoute, first: Route, parts: RouteParts): Route {
  const edges: RouteEdge[] = new Array(route.edges.length);
  for (let index = 0; index < route.edges.length; index++) edges[index] = parts.edge(route.edges[index]!, route.path[index + 1]!, route.times[index + 1]!);
  const path: string[] = new Array(route.path.length);
  for (let index = 0; index < route.path.length; index++) path[index] = parts.id(route.path[index]!);
  return { target: first.target, path, hops: route.edges.length, reasons: first.reasons, edges };
}
