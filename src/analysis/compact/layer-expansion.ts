// One layer of compactRouteSearch (flagged-routes.ts): the loop over a layer's states and their
// goods edges, kept apart so that the search helper thread (layer-helper-worker.ts) runs the very
// same loop over the second half of a large layer, into an arena of its own, while the searching
// thread runs the first half. mergeHelperCandidates then puts the two halves together as one
// thread taking the states in order would have.
import { GOODS_RECORD, NONE } from '../../store/compact/compact-graph.ts';
import { sharedInt32Array } from '../../store/compact/shared-arrays.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';

/**
 * Search states, in a growable arena: node, arrival (a day rank, see GoodsAdjacency; OPEN_RANK
 * for "any time"), the edge taken, the state before, and the entity's arrival word from before
 * the layer (what the helper puts back after each piece). In shared memory, so that the helper
 * thread reads a layer's states in place and the searching thread reads the helper's candidates.
 */
export class States {
  node = sharedInt32Array(1024);
  time = sharedInt32Array(1024);
  edge = sharedInt32Array(1024);
  parent = sharedInt32Array(1024);
  prior = sharedInt32Array(1024);
  length = 0;

  /** Empties the arena, keeping its capacity. */
  clear(): void {
    this.length = 0;
  }

  add(node: number, time: number, edge: number, parent: number, prior: number): number {
    if (this.length === this.node.length) this.grow();
    const state = this.length++;
    this.node[state] = node;
    this.time[state] = time;
    this.edge[state] = edge;
    this.parent[state] = parent;
    this.prior[state] = prior;
    return state;
  }

  private grow(): void {
    const grown = (array: Int32Array) => {
      const bigger = sharedInt32Array(array.length * 2);
      bigger.set(array);
      return bigger;
    };
    this.node = grown(this.node);
    this.time = grown(this.time);
    this.edge = grown(this.edge);
    this.parent = grown(this.parent);
    this.prior = grown(this.prior);
  }
}

/** The arrival rank in an arrivals word (ranks fit in 24 bits: GoodsAdjacency). */
export const RANK_MASK = 0xffffff;

/**
 * What a layer's expansion reads and writes. `arrivals` and `stateOf` are per entity, read as
 * compactRouteSearch's comment says; `out` receives the layer's candidates.
 */
export interface LayerExpansion {
  offsets: Int32Array;
  records: Int32Array;
  productKey: Int32Array;
  /** 1 for a flagged entity: the search does not go on past one. In shared memory (the helper reads it). */
  flagged: Uint8Array;
  filterProduct: boolean;
  /** The product's key (-2 for a product no relationship names). */
  wantedProduct: number;
  /** An edge starting after the as-of date is one whose start rank is above this. */
  asOfRank: number;
  /** The search's own stamp: arrival words stamped below it are from earlier searches. */
  searchBase: number;
  arrivals: Int32Array;
  stateOf: Int32Array;
  out: States;
  /** With collectReached, every entity first reached, in order; else undefined. */
  reached: Int32Array | undefined;
  reachedCount: number;
  /** With a budget, each state is charged its goods edges and one (`goodsDegree`). */
  budget: SearchBudget | undefined;
  goodsDegree: Int32Array | undefined;
}

/**
 * Expands the states `first` to `last` (arena slots of `node` and `time`, the parents of what it
 * adds) as the layer stamped `layerStamp`, adding each entity an edge reaches earlier than before
 * to `out`, in the order first touched, or improving its candidate there. A flagged entity's
 * state is not expanded, unless it is the source (state 0). Answers the state it stopped before:
 * `last`, unless the budget ran out.
 */
export function expandLayer(expansion: LayerExpansion, layerStamp: number, node: Int32Array, time: Int32Array, first: number, last: number): number {
  const { offsets, records, productKey, flagged, filterProduct, wantedProduct, asOfRank, searchBase, arrivals, stateOf, out, reached, budget, goodsDegree } = expansion;
  let reachedCount = expansion.reachedCount;
  let state = first;
  for (; state < last; state++) {
    const at = node[state]!;
    if (flagged[at] === 1 && state !== 0) continue;
    const after = time[state]!;
    if (goodsDegree !== undefined && !withinBudget(budget, goodsDegree[at]! + 1)) break;
    for (let position = offsets[at]!, end = offsets[at + 1]!; position < end; position++) {
      if (filterProduct) {
        const key = productKey[position]!;
        if (key !== NONE && key !== wantedProduct) continue;
      }
      const record = position * GOODS_RECORD;
      const start = records[record + 1]!;
      if (start > asOfRank) continue;
      const arrival = after > start ? after : start;
      if (arrival > records[record + 2]!) continue;
      const next = records[record]!;
      const word = arrivals[next]!;
      const stamp = word >>> 24;
      if (stamp >= searchBase && arrival >= (word & RANK_MASK)) continue;
      arrivals[next] = (layerStamp << 24) | arrival;
      if (stamp !== layerStamp) {
        stateOf[next] = out.add(next, arrival, records[record + 3]!, state, word);
        if (reached !== undefined && stamp < searchBase) reached[reachedCount++] = next;
      } else {
        const candidate = stateOf[next]!;
        out.time[candidate] = arrival;
        out.edge[candidate] = records[record + 3]!;
        out.parent[candidate] = state;
      }
    }
  }
  expansion.reachedCount = reachedCount;
  return state;
}

/** The helper thread's candidates for the pieces of a layer it took: its arena. */
export interface HelperCandidates {
  count: number;
  node: Int32Array;
  time: Int32Array;
  edge: Int32Array;
  parent: Int32Array;
}

/**
 * Adds the helper's candidates for one piece of the layer (`first` to `end` of its arena) to what
 * expandLayer and earlier merges made of the states before that piece in `expansion.out`, as if
 * one thread had gone on through the piece: a candidate beats one from before for the same
 * entity only when strictly earlier (the first in state order wins among equals), and an entity
 * not touched before joins the arena after those that were, in the order the helper first
 * touched them. The helper's candidates each beat the entity's arrival from earlier layers, since
 * it read the same arrivals for them.
 */
export function mergeHelperCandidates(expansion: LayerExpansion, layerStamp: number, candidates: HelperCandidates, first: number, end: number): void {
  const { searchBase, arrivals, stateOf, out, reached } = expansion;
  let reachedCount = expansion.reachedCount;
  for (let index = first; index < end; index++) {
    const next = candidates.node[index]!;
    const arrival = candidates.time[index]!;
    const word = arrivals[next]!;
    const stamp = word >>> 24;
    if (stamp === layerStamp) {
      if (arrival >= (word & RANK_MASK)) continue;
      arrivals[next] = (layerStamp << 24) | arrival;
      const candidate = stateOf[next]!;
      out.time[candidate] = arrival;
      out.edge[candidate] = candidates.edge[index]!;
      out.parent[candidate] = candidates.parent[index]!;
    } else {
      arrivals[next] = (layerStamp << 24) | arrival;
      stateOf[next] = out.add(next, arrival, candidates.edge[index]!, candidates.parent[index]!, word);
      if (reached !== undefined && stamp < searchBase) reached[reachedCount++] = next;
    }
  }
  expansion.reachedCount = reachedCount;
}
