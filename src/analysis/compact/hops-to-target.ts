// hopsToTarget (k-shortest-routes.ts) over the compact index: the reverse breadth-first search
// that bounds Yen's spur searches, over the in-edge arrays instead of materialised relationships
// (which cost a SHA-256 id each), with the same order of work and the same budget charges.
import { GOODS_RELATIONSHIP_TYPES } from '../../domain/schema.ts';
import { NONE, type CompactGraph } from '../../store/compact/compact-graph.ts';
import type { FlagIndex } from '../flags.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';
import { flaggedMask } from './flagged-routes.ts';

/** Hops from an entity to the target, by id; undefined when it cannot reach it. */
export interface HopsLookup {
  get(id: string): number | undefined;
}

interface Scratch {
  calls: number;
  stamp: Int32Array;
  hops: Int32Array;
}

const scratches = new WeakMap<CompactGraph, Scratch>();

/**
 * The fewest goods hops from each entity to `target` (read hopsToTarget's comment for the rule),
 * as a lookup valid until the next call on the same graph: Yen asks for one target's bounds,
 * uses them, then moves to the next target. A stale lookup throws rather than answer wrongly.
 *
 * @example compactHopsToTarget(graph, graph.indexOf('ste-syria')!, { maxHops: 6, flags, asOfDay, product: undefined, budget: undefined }).get('computerlinks-fzco') // 1
 */
export function compactHopsToTarget(
  graph: CompactGraph,
  target: number,
  limits: { maxHops: number; flags: FlagIndex; asOfDay: number; product: string | undefined; budget: SearchBudget | undefined },
): HopsLookup {
  const flagged = flaggedMask(graph, limits.flags);
  const { inOffsets, inEdges } = graph;
  const { source, type, product, startDay, endDay } = graph.edges;
  const goods = new Uint8Array(256);
  for (const name of GOODS_RELATIONSHIP_TYPES) goods[graph.typeCode[name]] = 1;
  const supplies = graph.typeCode.SUPPLIES;
  const productKeys = graph.productKeys();
  const wantedProduct = limits.product === undefined ? -2 : (productKeys.keyOf.get(limits.product) ?? -2);
  let scratch = scratches.get(graph);
  if (scratch === undefined) {
    scratch = { calls: 0, stamp: new Int32Array(graph.nodeCount), hops: new Int32Array(graph.nodeCount) };
    scratches.set(graph, scratch);
  }
  if (scratch.calls === 2 ** 31 - 1) {
    scratch.stamp.fill(0);
    scratch.calls = 0;
  }
  const call = ++scratch.calls;
  const { stamp, hops } = scratch;
  stamp[target] = call;
  hops[target] = 0;
  let frontier = [target];
  search: for (let distance = 1; distance < limits.maxHops && frontier.length > 0; distance++) {
    const next: number[] = [];
    for (const node of frontier) {
      const first = inOffsets[node]!;
      const last = inOffsets[node + 1]!;
      if (limits.budget !== undefined) {
        let goodsIn = 0;
        for (let position = first; position < last; position++) goodsIn += goods[type[inEdges[position]!]!]!;
        if (!withinBudget(limits.budget, goodsIn + 1)) break search;
      }
      for (let position = first; position < last; position++) {
        const edge = inEdges[position]!;
        const edgeType = type[edge]!;
        if (goods[edgeType] === 0) continue;
        const from = source[edge]!;
        if (stamp[from] === call) continue;
        // crossingTime from "any time": the product matches, the edge has started by the as-of date and its window is not empty.
        if (limits.product !== undefined) {
          const edgeProduct = product[edge]!;
          if (edgeType === supplies && edgeProduct !== NONE && productKeys.keys[edgeProduct] !== wantedProduct) continue;
        }
        if (startDay[edge]! > limits.asOfDay || startDay[edge]! > endDay[edge]!) continue;
        stamp[from] = call;
        hops[from] = distance;
        if (flagged[from] === 0) next.push(from);
      }
    }
    frontier = next;
  }
  const current = scratch;
  return {
    get(id: string): number | undefined {
      if (current.calls !== call) throw new Error('a compactHopsToTarget lookup was used after the next search on its graph');
      const index = graph.indexOf(id);
      return index !== undefined && stamp[index] === call ? hops[index] : undefined;
    },
  };
}
