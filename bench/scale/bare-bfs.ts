// The bare-traversal limit: breadth-first search over the same goods edges of the compact index,
// to a depth, with no dates, products or flags. What any exact route search must at least do.
import { GOODS_RELATIONSHIP_TYPES } from '../../src/domain/schema.ts';
import { GOODS_RECORD, type CompactGraph } from '../../src/store/compact/compact-graph.ts';

/** How many entities a plain BFS reaches from `from` within `maxHops` goods edges. */
export function bareBfs(graph: CompactGraph, from: number, maxHops: number): number {
  const goods = new Uint8Array(256);
  for (const name of GOODS_RELATIONSHIP_TYPES) goods[graph.typeCode[name]] = 1;
  const { outOffsets } = graph;
  const { target, type } = graph.edges;
  const seen = new Uint8Array(graph.nodeCount);
  seen[from] = 1;
  let frontier = [from];
  let reached = 0;
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let edge = outOffsets[node]!, last = outOffsets[node + 1]!; edge < last; edge++) {
        if (goods[type[edge]!] === 0) continue;
        const to = target[edge]!;
        if (seen[to] === 1) continue;
        seen[to] = 1;
        next.push(to);
      }
    }
    reached += next.length;
    frontier = next;
  }
  return reached;
}

/**
 * The same BFS over the goods-only adjacency the route search reads (targets only): the
 * baseline is whichever of the two layouts is faster, so the ratio never flatters enduse.
 */
export function bareBfsGoodsAdjacency(graph: CompactGraph, from: number, maxHops: number): number {
  const { offsets, records } = graph.goodsAdjacency();
  const seen = new Uint8Array(graph.nodeCount);
  seen[from] = 1;
  let frontier = [from];
  let reached = 0;
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let position = offsets[node]!, last = offsets[node + 1]!; position < last; position++) {
        const to = records[position * GOODS_RECORD]!;
        if (seen[to] === 1) continue;
        seen[to] = 1;
        next.push(to);
      }
    }
    reached += next.length;
    frontier = next;
  }
  return reached;
}
