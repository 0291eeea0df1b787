// findFlaggedRoutes over the compact index: the same layered earliest-arrival search as
// routes.ts (read its comment for the method and why it is exact), over typed arrays, so a
// search touches no objects until it builds the routes it found.
import { dayFromNumber, dayNumber, type IsoDay } from '../../domain/dates.ts';
import { EVIDENCE_GRADES } from '../../domain/schema.ts';
import { NO_EVIDENCE, NONE, OPEN_RANK, dayRank, type CompactGraph } from '../../store/compact/compact-graph.ts';
import { sharedInt32Array, sharedUint8Array } from '../../store/compact/shared-arrays.ts';
import type { FlagIndex } from '../flags.ts';
import type { Reason } from '../../domain/reasons.ts';
import type { FoundTargets, Route, RouteEdge } from '../route-types.ts';
import type { SearchBudget } from '../search-budget.ts';
import { expandLayer, mergeHelperCandidates, States, type LayerExpansion } from './layer-expansion.ts';
import { helperAllowed, readySearchHelper, searchHelperSettings, type LayerHelper } from './layer-helper.ts';
import type { LayerTask } from './layer-helper-protocol.ts';
import { timedRouteTo, type CompactTimedRoute } from './timed-route.ts';

export interface CompactRouteOptions {
  asOf: IsoDay;
  /** Already trimmed and lower-cased, as routes.ts reads it. */
  product: string | undefined;
  maxHops: number;
  flags: FlagIndex;
  /** Charged as routes.ts charges it: one step per state plus its goods edges. */
  budget?: SearchBudget;
}

/**
 * Flagged routes from entity index `from`, in the order and with the paths routes.ts gives, and
 * with `collectReached` the indexes of every entity the search reached.
 *
 * @example compactFlaggedRoutes(graph, graph.indexOf('bluecoat')!, { asOf: '2011-06-30', product: undefined, maxHops: 6, flags }).routes
 */
export function compactFlaggedRoutes(graph: CompactGraph, from: number, options: CompactRouteOptions & { collectReached?: boolean }): { routes: Route[]; reached: Int32Array } {
  const { states, found, foundHops, reached } = compactRouteSearch(graph, from, options);
  // Routes from one source share their first hops (the states form a tree): each hop's edge is
  // materialised once and shared by the routes through it. Nothing changes a route's edges.
  const shared = sharedHops();
  return { routes: found.map((state, index) => routeOf(graph, states, state, foundHops[index]!, options.flags, shared)), reached };
}

/**
 * compactFlaggedRoutes' routes, each also as entity numbers, relationship slots and arrival day
 * numbers (−Infinity: any time): what Yen's alternatives start from (k-shortest-routes.ts). The
 * search's own states give them; working them out again from the routes' ids meant an id lookup
 * per entity and a scan of each hop's parallel edges, a tenth of k = 3 for a large manufacturer.
 * They are the routes timedRoute (k-shortest-routes.ts) would time: each state's arrival is the
 * earliest over its parent's edges into it, the first in slot order among equals.
 */
export function compactTimedFlaggedRoutes(graph: CompactGraph, from: number, options: CompactRouteOptions): { routes: Route[]; timed: CompactTimedRoute[] } {
  const { states, found, foundHops } = compactRouteSearch(graph, from, options);
  const shared = sharedHops();
  const { days } = graph.goodsAdjacency();
  const routes: Route[] = new Array(found.length);
  const timed: CompactTimedRoute[] = new Array(found.length);
  for (let index = 0; index < found.length; index++) {
    routes[index] = routeOf(graph, states, found[index]!, foundHops[index]!, options.flags, shared);
    timed[index] = timedRouteTo(states, found[index]!, days);
  }
  return { routes, timed };
}

/**
 * The flagged targets from entity index `from`, in compactFlaggedRoutes' order, each route built
 * only when asked for (FoundTargets). Its answers read the search's arena, which the graph's next
 * search reuses: read them before searching again.
 */
export function compactFlaggedTargets(graph: CompactGraph, from: number, options: CompactRouteOptions & { collectReached?: boolean }): { targets: FoundTargets; reached: Int32Array } {
  const { states, found, foundHops, reached } = compactRouteSearch(graph, from, options);
  const shared = sharedHops();
  const evidence = graph.parts().edges.evidence;
  // By entity index: exposure reads every target's reasons twice (counts, then score bounds), and an id decode each was a string copy per flagged entity reached.
  const flaggedReasons = flaggedByIndex(graph, options.flags).reasons;
  const nodeOf = (index: number) => states.node[found[index]!]!;
  const targets: FoundTargets = {
    count: found.length,
    target: (index) => graph.idAt(nodeOf(index)),
    reasons: (index) => flaggedReasons.get(nodeOf(index)) ?? [],
    hops: (index) => foundHops[index]!,
    country: (index) => graph.entities.countryAt(nodeOf(index)) ?? null,
    isEndUser: (index) => graph.entities.kindAt(nodeOf(index)) === 'end_user',
    weakestGrade: (index) => {
      // The weakest grade ranks highest: EVIDENCE_GRADES runs strongest first, and no grade ranks past them all.
      let weakest = -1;
      for (let state = found[index]!; states.edge[state]! !== NONE; state = states.parent[state]!) {
        const code = evidence[states.edge[state]!]!;
        const rank = code === NO_EVIDENCE ? EVIDENCE_GRADES.length : code;
        if (rank > weakest) weakest = rank;
      }
      return weakest === -1 ? undefined : weakest === EVIDENCE_GRADES.length ? 'ungraded' : EVIDENCE_GRADES[weakest]!;
    },
    route: (index) => routeOf(graph, states, found[index]!, foundHops[index]!, options.flags, shared),
  };
  return { targets, reached };
}

/**
 * What the search found: the arena of states, and the state and hop count of each flagged target
 * reached. The arena is the graph's own, reused by its next search: read it before searching again.
 */
export interface RouteSearchResult {
  states: States;
  found: number[];
  foundHops: number[];
  /** With `collectReached`: every entity index reached (not `from`), in the order first reached (a copy, the caller's to keep). */
  reached: Int32Array;
}

/**
 * The search alone, with no route objects built: what the benchmark compares with a bare BFS,
 * and what exposure reads its reachable set from (`collectReached`).
 */
export function compactRouteSearch(graph: CompactGraph, from: number, options: CompactRouteOptions & { collectReached?: boolean }): RouteSearchResult {
  const flagged = flaggedMask(graph, options.flags);
  const { offsets, records, productKey, days } = graph.goodsAdjacency();
  const filterProduct = options.product !== undefined;
  const wantedProduct = filterProduct ? (graph.productKeys().keyOf.get(options.product!) ?? -2) : -2;
  // An edge starting after the as-of date is one whose start rank is above this.
  const asOfRank = dayRank(days, dayNumber(options.asOf));
  const goodsDegree = options.budget === undefined ? undefined : graph.goodsOutDegree();
  const collectReached = options.collectReached === true;

  // Per-entity scratch, reused across searches so nothing of size n is cleared per question.
  // Every edge reads one 32-bit word of its target, as a BFS reads a visited byte, so a million
  // entities' words stay in cache: stamp << 24 | arrival rank. A stamp below this search's base
  // means "not reached yet"; the current layer's stamp means "a candidate of this layer", the
  // rank its best arrival so far (its arena slot in stateOf); a stamp in between means "reached
  // in an earlier layer", the rank its earliest arrival. One rank serves both: a candidate's
  // arrival is below the entity's earliest, so what cannot beat it cannot beat the earliest
  // either. An entity never to be entered again (the source, a flagged entity reached) gets
  // OPEN_RANK, which no arrival beats. A layer's states are a run of the arena, in the order
  // their entities were first touched, so a layer is two numbers, not a list.
  const scratch = scratchFor(graph);
  // An improving arrival is a simple path, so no search has more layers than entities.
  const searchBase = nextStamp(scratch, Math.min(options.maxHops, graph.nodeCount) + 1);
  // The arena and the reached list are the graph's too: a search from a hub holds a million
  // states, and allocating that much per question made V8 collect garbage (external memory pressure).
  const { arrivals, stateOf, states, reached } = scratch;
  arrivals[from] = (searchBase << 24) | OPEN_RANK;
  states.clear();
  const found: number[] = [];
  const foundHops: number[] = [];
  states.add(from, OPEN_RANK, NONE, NONE, 0);
  const expansion: LayerExpansion = { offsets, records, productKey, flagged, filterProduct, wantedProduct, asOfRank, searchBase, arrivals, stateOf, out: states, reached: collectReached ? reached : undefined, reachedCount: 0, budget: options.budget, goodsDegree };
  // A budget counting steps stops at a state the helper cannot know of in time; a deadline is no more exact alone.
  const mayUseHelper = options.budget?.limits.maxSteps === undefined && helperAllowed();
  // Where each layer's states begin in the arena (layer h is stamped searchBase + h), for the helper.
  const layerStarts = [0, 1];
  let helperSyncedTo = 0;
  let layerStart = 0;
  let layerEnd = 1;

  for (let hops = 1; hops <= options.maxHops && layerEnd > layerStart; hops++) {
    const layerStamp = searchBase + hops;
    const helper = mayUseHelper && layerEnd - layerStart >= searchHelperSettings().minLayerStates ? readySearchHelper(graph) : undefined;
    if (helper === undefined) {
      expandLayer(expansion, layerStamp, states.node, states.time, layerStart, layerEnd);
    } else {
      expandLayerWithHelper(helper, expansion, { searchBase, layerStamp, layerStarts, syncFrom: helperSyncedTo, node: states.node, time: states.time, flagged, mergeArrivals: arrivals, mergeStateOf: stateOf, last: layerEnd, pieceStates: searchHelperSettings().pieceStates, filterProduct, wantedProduct, asOfRank }, layerStart);
      helperSyncedTo = layerEnd;
    }
    layerStart = layerEnd;
    layerEnd = states.length;
    layerStarts.push(layerEnd);
    for (let state = layerStart; state < layerEnd; state++) {
      const node = states.node[state]!;
      if (flagged[node] === 0) continue;
      arrivals[node] = (layerStamp << 24) | OPEN_RANK;
      found.push(state);
      foundHops.push(hops);
    }
  }
  return { states, found, foundHops, reached: reached.slice(0, expansion.reachedCount) };
}

/**
 * Expands a layer (`task.last` ends it, `front` starts it) on two threads: this one takes pieces
 * from the front while the helper takes them from the back, then this one merges the helper's
 * pieces front to back, as one thread would have found them. When the budget runs out in this
 * thread's part, the helper's is dropped (the search stops where this thread did); when the
 * helper fails, this thread does its part itself.
 */
function expandLayerWithHelper(helper: LayerHelper, expansion: LayerExpansion, task: LayerTask, front: number): void {
  const { layerStamp, node, time } = task;
  helper.start(task, front);
  let stopped = false;
  for (let end = helper.claimFront(); end > front; front = end, end = helper.claimFront()) {
    if (expandLayer(expansion, layerStamp, node, time, front, end) < end) {
      stopped = true;
      break;
    }
  }
  const answer = helper.finish(stopped);
  if (!stopped) {
    if ('error' in answer) {
      expandLayer(expansion, layerStamp, node, time, helper.front(), task.last);
    } else {
      let merged = 0;
      for (let piece = answer.pieces.length - 2; piece >= 0; piece -= 2) {
        mergeHelperCandidates(expansion, layerStamp, answer.candidates, answer.pieces[piece]!, answer.pieces[piece + 1]!);
        merged += answer.pieces[piece + 1]! - answer.pieces[piece]!;
        helper.merged(merged);
      }
      expansion.budget?.spend(answer.steps);
    }
  }
  helper.mergeDone();
}

/**
 * What the routes of one search share: each hop's edge by state, and entity ids by entity (every
 * route starts at the source, and decoding an id from the text column is a string copy).
 */
interface SharedHops {
  edges: Map<number, RouteEdge>;
  ids: Map<number, string>;
}

function sharedHops(): SharedHops {
  return { edges: new Map(), ids: new Map() };
}

function routeOf(graph: CompactGraph, states: States, last: number, hops: number, flags: FlagIndex, shared: SharedHops): Route {
  const path: string[] = [];
  const edges: RouteEdge[] = [];
  const hopEdges = shared.edges;
  for (let state = last; state !== NONE; state = states.parent[state]!) {
    const node = states.node[state]!;
    let id = shared.ids.get(node);
    if (id === undefined) {
      id = graph.idAt(node);
      shared.ids.set(node, id);
    }
    path.push(id);
    const edge = states.edge[state]!;
    if (edge === NONE) continue;
    let relationship = hopEdges.get(state);
    if (relationship === undefined) {
      const rank = states.time[state]!;
      relationship = graph.relationship(edge);
      if (rank !== OPEN_RANK) relationship.at = isoDay(graph.goodsAdjacency().days[rank - 1]!);
      hopEdges.set(state, relationship);
    }
    edges.push(relationship);
  }
  const targetId = path[0]!;
  return { target: targetId, path: path.reverse(), hops, reasons: flags.get(targetId) ?? [], edges: edges.reverse() };
}

interface Scratch {
  /** The last stamp handed out: each search takes one for itself and one per layer. */
  stamps: number;
  /** Per entity: stamp << 24 | arrival rank, read as compactRouteSearch's comment says. */
  arrivals: Int32Array;
  /** Per entity: the arena slot of its candidate state in the current layer. */
  stateOf: Int32Array;
  /** The states of the last search (see RouteSearchResult). */
  states: States;
  /** The entities the last search reached, first reached first: each at most once, so nodeCount long. */
  reached: Int32Array;
}

/** Stamps are the top 8 bits of a word: past 255 the words are cleared and counting restarts. */
const STAMP_LIMIT = 255;
/** The most hops the compact search takes (a stamp for the search and one per layer must fit); routes.ts searches deeper ones itself. */
export const COMPACT_SEARCH_MAX_HOPS = STAMP_LIMIT - 2;

const scratches = new WeakMap<CompactGraph, Scratch>();

function scratchFor(graph: CompactGraph): Scratch {
  let scratch = scratches.get(graph);
  if (scratch === undefined) {
    scratch = { stamps: STAMP_LIMIT, arrivals: sharedInt32Array(graph.nodeCount), stateOf: sharedInt32Array(graph.nodeCount), states: new States(), reached: new Int32Array(graph.nodeCount) };
    scratches.set(graph, scratch);
  }
  return scratch;
}

/** A fresh stamp for a search, with `layers` more after it for its layers. */
function nextStamp(scratch: Scratch, layers: number): number {
  if (layers - 1 > COMPACT_SEARCH_MAX_HOPS) throw new RangeError(`a compact route search takes at most ${COMPACT_SEARCH_MAX_HOPS} hops`);
  if (scratch.stamps + 1 + layers > STAMP_LIMIT) {
    scratch.arrivals.fill(0);
    scratch.stamps = 0;
  }
  const base = scratch.stamps + 1;
  scratch.stamps = base + layers;
  return base;
}

const isoDays = new Map<number, IsoDay>();

/** dayFromNumber, remembered: routes repeat a few thousand days. `day` a whole number of days (a small integer key keeps the lookup fast). */
export function isoDay(day: number): IsoDay {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = dayFromNumber(day);
    isoDays.set(day, iso);
  }
  return iso;
}

const masks = new WeakMap<FlagIndex, { graph: CompactGraph; flagged: FlaggedByIndex }>();

/** The flagged entities of a flag index by entity index: what a search reads per entity it reaches. */
export interface FlaggedByIndex {
  /** 1 for a flagged entity. */
  mask: Uint8Array;
  /** The reasons of each flagged entity (the flag index's own arrays), so reading them decodes no id. */
  reasons: ReadonlyMap<number, readonly Reason[]>;
}

/** Flagged entities as a byte per entity index, remembered per flag index. */
export function flaggedMask(graph: CompactGraph, flags: FlagIndex): Uint8Array {
  return flaggedByIndex(graph, flags).mask;
}

/** Flagged entities by entity index, remembered per flag index (ids are exact keys: indexOf(id) is the entity whose idAt is id). */
export function flaggedByIndex(graph: CompactGraph, flags: FlagIndex): FlaggedByIndex {
  const known = masks.get(flags);
  if (known?.graph === graph) return known.flagged;
  // In shared memory: the search helper thread reads it too (layer-helper.ts).
  const mask = sharedUint8Array(graph.nodeCount);
  const reasons = new Map<number, readonly Reason[]>();
  for (const [id, idReasons] of flags) {
    const index = graph.indexOf(id);
    if (index === undefined) continue;
    reasons.set(index, idReasons);
    if (idReasons.length > 0) mask[index] = 1;
  }
  const flagged = { mask, reasons };
  masks.set(flags, { graph, flagged });
  return flagged;
}

