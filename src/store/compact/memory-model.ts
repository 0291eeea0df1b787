// What a loaded compact state holds, in bytes per entity and per relationship, counted from its
// arrays: the memory model README (Performance) publishes and the scale benchmark checks.
import type { CompactState } from './compact-graph-view.ts';
import { IdIndex } from './id-index.ts';

/**
 * The model's ceilings, for ids and names of the generator's lengths (about 11 and 25 bytes):
 * per entity the text columns (bytes + 4-byte offsets), four code columns (8 bytes), the id
 * index's 32-byte slots at a load between 1/4 and 1/2 (64-128 bytes) and the per-entity offsets
 * and degrees of the CSR (16 bytes); per relationship 57 bytes of columns, 4 of in-edge index and
 * 20 of goods adjacency (for goods-moving ones). Longer names cost their extra bytes.
 */
export const MEMORY_MODEL = { bytesPerEntity: 200, bytesPerRelationship: 82 } as const;

export interface StateBytes {
  /** Entity columns, the id index and the per-entity CSR arrays. */
  entities: number;
  /** Relationship columns, the in-edge index and the goods adjacency. */
  relationships: number;
  perEntity: number;
  perRelationship: number;
}

/** The bytes of `state`'s arrays (its small string tables and listings aside), split as the model splits them. */
export function stateBytes(state: CompactState): StateBytes {
  const graph = state.graph;
  const adjacency = graph.goodsAdjacency();
  const idTable = graph.indexById instanceof IdIndex ? graph.indexById.sharedTable.byteLength : 0;
  const entities = state.entities.byteLength() + idTable + graph.outOffsets.byteLength + graph.inOffsets.byteLength + graph.goodsOutDegree().byteLength + adjacency.offsets.byteLength;
  const columns = Object.values(graph.edges) as ArrayBufferView[];
  const relationships = columns.reduce((sum, column) => sum + column.byteLength, 0) + graph.inEdges.byteLength + adjacency.records.byteLength + adjacency.productKey.byteLength;
  return {
    entities,
    relationships,
    perEntity: entities / Math.max(1, graph.nodeCount),
    perRelationship: relationships / Math.max(1, graph.edgeCount),
  };
}
