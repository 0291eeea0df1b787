// reachableWithin (exposure.ts) over the compact index: the same layered earliest-arrival search,
// recording every entity reached and expanding only unflagged ones, over typed arrays.
import { dayNumber, type IsoDay } from '../../domain/dates.ts';
import { GOODS_RELATIONSHIP_TYPES } from '../../domain/schema.ts';
import { NONE, type CompactGraph } from '../../store/compact/compact-graph.ts';
import type { FlagIndex } from '../flags.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';
import { flaggedMask } from './flagged-routes.ts';

export interface CompactReachOptions {
  asOf: IsoDay;
  maxHops: number;
  product?: string;
  flags: FlagIndex;
  /** Charged as exposure.ts charges it: one step per state plus its goods edges. */
  budget?: SearchBudget;
}

/**
 * Ids reachable from entity index `from` within maxHops, in the order exposure.ts finds them.
 *
 * @example compactReachableWithin(graph, graph.indexOf('bluecoat')!, { asOf: '2011-06-30', maxHops: 6, flags }).has('ste-syria')
 */
export function compactReachableWithin(graph: CompactGraph, from: number, options: CompactReachOptions): Set<string> {
  const flagged = flaggedMask(graph, options.flags);
  const { outOffsets, edges } = graph;
  const { target, type, product, startDay, endDay } = edges;
  const goods = new Uint8Array(256);
  for (const name of GOODS_RELATIONSHIP_TYPES) goods[graph.typeCode[name]] = 1;
  const supplies = graph.typeCode.SUPPLIES;
  const wanted = options.product?.trim().toLowerCase();
  const productKeys = graph.productKeys();
  const wantedProduct = wanted === undefined ? -2 : (productKeys.keyOf.get(wanted) ?? -2);
  const asOfDay = dayNumber(options.asOf);
  const goodsDegree = options.budget === undefined ? undefined : graph.goodsOutDegree();

  const earliest = new Float64Array(graph.nodeCount).fill(Infinity);
  earliest[from] = -Infinity;
  const layerOf = new Int32Array(graph.nodeCount);
  const bestTime = new Float64Array(graph.nodeCount);
  const reached = new Set<string>();
  let layerNodes = [from];
  let layerTimes = [-Infinity];
  for (let hops = 1; hops <= options.maxHops && layerNodes.length > 0; hops++) {
    const touched: number[] = [];
    for (let index = 0; index < layerNodes.length; index++) {
      const node = layerNodes[index]!;
      const after = layerTimes[index]!;
      if (goodsDegree !== undefined && !withinBudget(options.budget, goodsDegree[node]! + 1)) break;
      for (let edge = outOffsets[node]!, last = outOffsets[node + 1]!; edge < last; edge++) {
        const edgeType = type[edge]!;
        if (goods[edgeType] === 0) continue;
        if (wanted !== undefined && edgeType === supplies) {
          const edgeProduct = product[edge]!;
          if (edgeProduct !== NONE && productKeys.keys[edgeProduct] !== wantedProduct) continue;
        }
        const start = startDay[edge]!;
        if (start > asOfDay) continue;
        const time = after > start ? after : start;
        if (time > endDay[edge]!) continue;
        const next = target[edge]!;
        if (next === from || time >= earliest[next]!) continue;
        if (layerOf[next] !== hops) {
          layerOf[next] = hops;
          touched.push(next);
          bestTime[next] = time;
        } else if (time < bestTime[next]!) {
          bestTime[next] = time;
        }
      }
    }
    layerNodes = [];
    layerTimes = [];
    for (const node of touched) {
      earliest[node] = bestTime[node]!;
      reached.add(graph.ids[node]!);
      if (flagged[node] === 0) {
        layerNodes.push(node);
        layerTimes.push(bestTime[node]!);
      }
    }
  }
  return reached;
}
