// Yen's spur search over the compact index: shortestFlaggedFrom (reference/k-shortest-routes.ts)
// for one target, over typed arrays, pruned by the target's ball (target-ball.ts).
//
// Pruning by the ball is exact: an entity is skipped at hop h when h plus its (capped) distance
// to the target exceeds the hops allowed. That distance drops by at most one along an edge the
// search can take, so whatever descends from a skipped entity would be skipped too, and skipped
// entities never compete with kept ones (same entity and layer means the same decision). The
// kept states are therefore exactly the unpruned search's states that can still reach the
// target, in the same order, and the target is reached at the same layer by the same path.
//
// A layer is expanded by pushing (reading each state's out-edges) or, when that would read
// more, by pulling (reading the in-edges of the entities the ball still allows): a hub such as
// a manufacturer with 94k customers is then not read once per target. Pulled edges are sorted
// back into push order (state, then slot, which is out-edge order), so the result is the same.
import { NONE, type CompactGraph } from '../../store/compact/compact-graph.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';
import type { EdgeRules } from './edge-rules.ts';
import { HubFirstLayers } from './hub-first-layer.ts';
import type { HubIndexes } from './hub-index.ts';
import { inSources } from './in-sources.ts';
import { spurArrays, type SpurArrays } from './k-scratch.ts';
import type { TargetBall } from './target-ball.ts';
import { timedRouteTo, type CompactTimedRoute } from './timed-route.ts';


export interface CompactSpur {
  origin: number;
  /** Day number from which the goods are at the origin (−Infinity: any time). */
  startTime: number;
  /** Entities the search may not enter (Yen's root path before the origin). */
  excluded: readonly number[];
  /** Entities the first step may not go to (Yen's removed edges). */
  bannedFirstSteps: readonly number[];
  maxHops: number;
  /** The ball around the target, grown to at least maxHops − 1 levels. */
  ball: TargetBall;
}

/** Slots are Int32 numbers: a pulled pair's key is its state's place in the layer times this, plus the slot. */
const EDGE_KEY_SPAN = 2 ** 31;
/** Layers of fewer states than this keep pulled keys under 2^53, so exact in a Float64Array; larger ones are pushed. */
const MAX_KEYED_LAYER = 2 ** 22;

function growFloat64(array: Float64Array, atLeast: number): Float64Array {
  const grown = new Float64Array(Math.max(atLeast, array.length * 2));
  grown.set(array);
  return grown;
}

/** Below this many numbers, sortPrefix sorts in place by insertion. */
const SMALL_SORT = 24;

/**
 * Sorts `array`'s first `count` numbers ascending, in place, and returns the array. Most spur
 * searches sort a few dozen numbers per layer, tens of thousands of searches a question: a
 * native sort of a subarray costs a view and a call more than an insertion sort of so few.
 * Equal numbers are interchangeable, so any sort gives the same array.
 */
function sortPrefix<T extends Int32Array | Float64Array>(array: T, count: number): T {
  if (count > SMALL_SORT) {
    array.subarray(0, count).sort();
    return array;
  }
  for (let at = 1; at < count; at++) {
    const value = array[at]!;
    let to = at;
    while (to > 0 && array[to - 1]! > value) {
      array[to] = array[to - 1]!;
      to--;
    }
    array[to] = value;
  }
  return array;
}

/** Search states in a growable arena: entity, arrival, slot taken, state before. */
class SpurStates {
  node = new Int32Array(256);
  time = new Float64Array(256);
  edge = new Int32Array(256);
  parent = new Int32Array(256);
  length = 0;

  add(node: number, time: number, edge: number, parent: number): number {
    if (this.length === this.node.length) this.grow();
    const state = this.length++;
    this.node[state] = node;
    this.time[state] = time;
    this.edge[state] = edge;
    this.parent[state] = parent;
    return state;
  }

  private grow(): void {
    const size = this.node.length * 2;
    const node = new Int32Array(size);
    node.set(this.node);
    const time = new Float64Array(size);
    time.set(this.time);
    const edge = new Int32Array(size);
    edge.set(this.edge);
    const parent = new Int32Array(size);
    parent.set(this.parent);
    Object.assign(this, { node, time, edge, parent });
  }
}

/**
 * Runs spur searches on one graph under one set of edge rules, reusing the graph's per-entity
 * scratch (k-scratch.ts; stamped, so nothing of size n is cleared per search) and sharing a work budget.
 */
export class SpurSearcher {
  /** The graph's arrays and stamp count, kept from one question to the next (k-scratch.ts). */
  private readonly arrays: SpurArrays;
  /** Per entity: the search stamp when `earliest` holds its earliest arrival of this search. */
  private readonly seen: Int32Array;
  private readonly earliest: Float64Array;
  /**
   * Per entity e: at 2e the layer stamp when 2e + 1 holds its state in that layer. Side by side,
   * one cache miss where two arrays took two (consider() reads both for most edges it keeps).
   */
  private readonly layerState: Int32Array;
  /** Per entity: the search stamp when it may not be entered. */
  private readonly blocked: Int32Array;
  private readonly states = new SpurStates();
  /** A hub's slots to the entities allowed, sorted natively (a comparator sort of tens of thousands of slots per search cost more than the search). */
  private hubSlots = new Int32Array(0);
  /** The first layers of searches from hubs, shared by every target's searches. */
  private readonly firstLayers: HubFirstLayers;
  /** Ranks in a hub's first layer of the entities one search may enter. */
  private ranks = new Int32Array(0);
  /** Pulled (state, slot) pairs of one layer as sortable keys, sorted back into push order. */
  private pulled: Float64Array = new Float64Array(256);
  /** Each in-edge's source, in in-edge order (in-sources.ts). */
  private readonly inSource: Int32Array;
  /** The search under way and its layer, as consider() reads them. */
  private spur: CompactSpur | undefined;
  private stamp = 0;
  private maxHops = 0;
  private hops = 0;
  private layer = 0;

  constructor(
    private readonly graph: CompactGraph,
    private readonly rules: EdgeRules,
    private readonly budget: SearchBudget | undefined,
    private readonly hubs: HubIndexes,
  ) {
    this.arrays = spurArrays(graph);
    ({ seen: this.seen, earliest: this.earliest, layerState: this.layerState, blocked: this.blocked } = this.arrays);
    this.firstLayers = new HubFirstLayers(graph, rules);
    this.inSource = inSources(graph);
  }

  /**
   * The fewest-hops route from the spur origin to the ball's target within maxHops, as the
   * reference search finds it; undefined when there is none, null when the budget ran out.
   */
  search(spur: CompactSpur): CompactTimedRoute | undefined | null {
    const { ball, origin, maxHops } = spur;
    const target = ball.target;
    const stamp = this.nextStamp(maxHops + 1);
    this.seen[origin] = stamp;
    this.earliest[origin] = spur.startTime;
    this.blocked[origin] = stamp;
    for (const node of spur.excluded) this.blocked[node] = stamp;
    const states = this.states;
    states.length = 0;
    states.add(origin, spur.startTime, NONE, NONE);
    let layerStart = 0;
    let layerEnd = 1;
    this.layerState[2 * origin] = stamp;
    this.layerState[2 * origin + 1] = 0;

    // What consider() reads of this search and layer, kept in fields: a closure made per layer
    // cost more than the layer's work in small searches (tens of thousands of searches a question).
    this.spur = spur;
    this.stamp = stamp;
    this.maxHops = maxHops;
    for (let hops = 1; hops <= maxHops && layerEnd > layerStart; hops++) {
      const previousLayer = stamp + hops - 1;
      this.hops = hops;
      this.layer = stamp + hops;
      // Entities the ball allows at this hop: distance to the target within the hops left.
      const reach = maxHops - hops;
      if (hops === 1 && this.hubs.isHub(origin)) {
        // The origin is the layer's one state: the hub's shared first layer gives its states.
        if (!this.enterFromHub(spur, stamp, this.layer, reach)) return null;
      } else if (!this.expand(ball, previousLayer, layerStart, layerEnd, reach)) {
        return null;
      }

      layerStart = layerEnd;
      layerEnd = states.length;
      const reached = this.markLayer(stamp, layerStart, layerEnd, target);
      if (reached !== NONE) return this.routeTo(reached);
    }
    return undefined;
  }

  /** Offers the search the edge `edge` out of state `state` of the layer being expanded: a new state, a better arrival, or nothing. */
  private consider(state: number, edge: number): void {
    const next = this.graph.edges.target[edge]!;
    const spur = this.spur!;
    const ball = spur.ball;
    const hops = this.hops;
    // The ball turns away most edges a push weighs, so it is asked first (the order of these
    // refusals changes nothing but how many arrays are read).
    if (hops + ball.distance(next) > this.maxHops) return;
    const stamp = this.stamp;
    if (this.blocked[next] === stamp) return;
    if (next !== ball.target && this.rules.flagged[next] === 1) return;
    if (hops === 1 && spur.bannedFirstSteps.includes(next)) return;
    const states = this.states;
    const time = this.rules.crossingTime(edge, states.time[state]!);
    if (Number.isNaN(time)) return;
    const layer = this.layer;
    const layerState = this.layerState;
    if (layerState[2 * next] === layer) {
      const candidate = layerState[2 * next + 1]!;
      if (time < states.time[candidate]!) {
        states.time[candidate] = time;
        states.edge[candidate] = edge;
        states.parent[candidate] = state;
      }
      return;
    }
    if (this.seen[next] === stamp && time >= this.earliest[next]!) return;
    layerState[2 * next] = layer;
    layerState[2 * next + 1] = states.add(next, time, edge, state);
  }

  /**
   * Offers `consider` the edges out of the layer's states: pushing (reading each state's
   * out-edges) or, when that would read more, pulling. False when the budget ran out.
   */
  private expand(ball: TargetBall, previousLayer: number, layerStart: number, layerEnd: number, reach: number): boolean {
    const states = this.states;
    const { outOffsets } = this.graph;
    // Push reads each state's out-edges, or for a hub only the slots to the entities allowed.
    const allowed = ball.countWithin(reach);
    let pushCost = 0;
    for (let state = layerStart; state < layerEnd; state++) {
      const node = states.node[state]!;
      const degree = outOffsets[node + 1]! - outOffsets[node]!;
      pushCost += this.hubs.isHub(node) ? Math.min(degree, allowed) : degree;
    }
    const pullCost = ball.inEdgesWithin(reach, pushCost);
    if (pullCost < pushCost && layerEnd - layerStart < MAX_KEYED_LAYER) {
      if (!this.pull(ball, reach, previousLayer, layerStart, layerEnd - layerStart)) return false;
    } else {
      for (let state = layerStart; state < layerEnd; state++) {
        const node = states.node[state]!;
        const first = outOffsets[node]!;
        const last = outOffsets[node + 1]!;
        if (this.hubs.isHub(node) && allowed < last - first) {
          if (!this.pushFromHub(ball, reach, state, node)) return false;
          continue;
        }
        if (!withinBudget(this.budget, last - first + 1)) return false;
        for (let edge = first; edge < last; edge++) this.consider(state, edge);
      }
    }
    return true;
  }

  /** Records a new layer's arrivals as seen; the target's state when the layer holds it, else NONE. */
  private markLayer(stamp: number, layerStart: number, layerEnd: number, target: number): number {
    const states = this.states;
    for (let state = layerStart; state < layerEnd; state++) {
      const node = states.node[state]!;
      this.seen[node] = stamp;
      this.earliest[node] = states.time[state]!;
      if (node === target) return state;
    }
    return NONE;
  }

  /**
   * The first layer of a search whose origin is a hub, from the hub's shared first layer
   * (hub-first-layer.ts): the entities this search may enter, in the order a push over the hub's
   * slots first reaches them, each with its earliest arrival and the first slot giving it, which
   * is the layer consider() would build from those slots. The ball's members within `reach` are
   * looked up in the layer, or the layer's entries in the ball, whichever list is shorter.
   */
  private enterFromHub(spur: CompactSpur, stamp: number, layer: number, reach: number): boolean {
    const { ball, origin, bannedFirstSteps } = spur;
    const target = ball.target;
    const hubLayer = this.firstLayers.of(origin, spur.startTime, this.budget);
    if (hubLayer === null) return false;
    const { rankOf, entity } = hubLayer;
    const { members } = ball;
    const count = ball.countWithin(reach);
    if (!withinBudget(this.budget, Math.min(count, hubLayer.count) + 1)) return false;
    if (this.ranks.length < hubLayer.count) this.ranks = new Int32Array(hubLayer.count);
    const ranks = this.ranks;
    let found = 0;
    if (count < hubLayer.count) {
      for (let index = 0; index < count; index++) {
        const node = members[index]!;
        const rank = rankOf[node]!;
        if (rank !== 0 && this.mayEnterFirst(node, stamp, target, bannedFirstSteps)) ranks[found++] = rank - 1;
      }
      sortPrefix(ranks, found);
    } else {
      for (let rank = 0; rank < hubLayer.count; rank++) {
        const node = entity[rank]!;
        if (ball.distance(node) <= reach && this.mayEnterFirst(node, stamp, target, bannedFirstSteps)) ranks[found++] = rank;
      }
    }
    const states = this.states;
    for (let index = 0; index < found; index++) {
      const rank = ranks[index]!;
      const node = entity[rank]!;
      this.layerState[2 * node] = layer;
      this.layerState[2 * node + 1] = states.add(node, hubLayer.time[rank]!, hubLayer.slot[rank]!, 0);
    }
    return true;
  }

  /** Whether a search's first step may enter `node`: not blocked, not flagged unless the target, not a banned first step. */
  private mayEnterFirst(node: number, stamp: number, target: number, bannedFirstSteps: readonly number[]): boolean {
    return this.blocked[node] !== stamp && (node === target || this.rules.flagged[node] !== 1) && !bannedFirstSteps.includes(node);
  }

  /**
   * Offers `consider` the edges from the previous layer's states into the ball's members within
   * `reach` hops of the target, in push order, reading those members' in-edges.
   */
  private pull(ball: TargetBall, reach: number, previousLayer: number, layerStart: number, layerSize: number): boolean {
    const { members } = ball;
    const count = ball.countWithin(reach);
    const { inOffsets, inEdges } = this.graph;
    const { inSource } = this;
    let pulled = this.pulled;
    let found = 0;
    for (let index = 0; index < count; index++) {
      const node = members[index]!;
      const first = inOffsets[node]!;
      const last = inOffsets[node + 1]!;
      if (!withinBudget(this.budget, last - first + 1)) return false;
      if (pulled.length < found + last - first) pulled = this.pulled = growFloat64(pulled, found + last - first);
      for (let position = first; position < last; position++) {
        const from = inSource[position]!;
        if (this.layerState[2 * from] !== previousLayer) continue;
        // A layer holds no flagged entity but the origin (consider() never enters one but the target).
        pulled[found++] = (this.layerState[2 * from + 1]! - layerStart) * EDGE_KEY_SPAN + inEdges[position]!;
      }
    }
    if (!withinBudget(this.budget, layerSize)) return false;
    // One number per pair, (state in the layer, slot), sorted natively: exact, as the state's
    // place in its layer times 2^31 plus a slot stays under 2^53 (expand() pulls only such layers).
    const keys = sortPrefix(pulled, found);
    for (let at = 0; at < found; at++) {
      const key = keys[at]!;
      const state = Math.floor(key / EDGE_KEY_SPAN);
      this.consider(layerStart + state, key - state * EDGE_KEY_SPAN);
    }
    return true;
  }

  /**
   * Offers `consider` the edges from a hub's state into the ball's members within `reach` hops
   * of the target, in out-edge order, through the hub's index (hub-index.ts), which every
   * target's searches share: the origin of every first spur is the same hub.
   */
  private pushFromHub(ball: TargetBall, reach: number, state: number, hub: number): boolean {
    const { members } = ball;
    const count = ball.countWithin(reach);
    if (!withinBudget(this.budget, count + 1)) return false;
    const degree = this.graph.outOffsets[hub + 1]! - this.graph.outOffsets[hub]!;
    if (this.hubSlots.length < degree) this.hubSlots = new Int32Array(degree);
    let found = 0;
    for (let member = 0; member < count; member++) found = this.hubs.slotsTo(hub, members[member]!, this.hubSlots, found);
    const slots = sortPrefix(this.hubSlots, found);
    for (let at = 0; at < found; at++) this.consider(state, slots[at]!);
    return true;
  }

  private routeTo(last: number): CompactTimedRoute {
    return timedRouteTo(this.states, last);
  }

  /** A fresh stamp for a search, with `layers` more after it, one per layer. */
  private nextStamp(layers: number): number {
    const arrays = this.arrays;
    if (arrays.stamps + layers + 1 >= 2 ** 31 - 1) {
      for (const array of [this.seen, this.layerState, this.blocked]) array.fill(0);
      arrays.stamps = 0;
    }
    const stamp = arrays.stamps + 1;
    arrays.stamps = stamp + layers;
    return stamp;
  }
}
