// The compact index handed to worker threads. Its typed arrays (the entity table's columns
// included) already live in shared memory and travel as references (never copied); what cannot
// be shared (small string tables, listings) is serialised once per index version into one shared
// buffer, which each worker reads once.
import { deserialize, serialize } from 'node:v8';
import type { JurisdictionFlagPeriod, ListDefinition, Listing } from '../../domain/schema.ts';
import type { GraphView } from '../graph-view.ts';
import { CompactGraph, type CompactGraphParts, type EdgeColumns, type GoodsAdjacency } from './compact-graph.ts';
import type { CompactState } from './compact-graph-view.ts';
import { EntityTable, type EntityTableParts } from './entity-table.ts';
import { IdIndex } from './id-index.ts';
import { inSharedMemory, type SharedNumbers } from './shared-arrays.ts';

/** The index of one version of the data, ready to post to worker threads. */
export interface SharedCompactState {
  /** Typed arrays in SharedArrayBuffers. */
  arrays: {
    outOffsets: Int32Array;
    inOffsets: Int32Array;
    inEdges: Int32Array;
    edges: EdgeColumns;
    goodsOutDegree: Int32Array;
    goodsAdjacency: GoodsAdjacency;
    /** The id index's hash table, absent when the graph's id lookup is not an IdIndex. */
    idTable: Int32Array | undefined;
    /** The entity table's columns (its two small string tables travel in `rest`). */
    entities: Omit<EntityTableParts, 'countries' | 'sources'>;
  };
  /** v8.serialize of the unshareable rest (see Rest), in a SharedArrayBuffer. */
  rest: SharedArrayBuffer;
  /** Sizes, for logs. */
  bytes: { shared: number; serialised: number };
}

interface Rest {
  countries: readonly string[];
  sources: readonly string[];
  listings: readonly Listing[];
  jurisdictions: readonly JurisdictionFlagPeriod[];
  lists: readonly ListDefinition[];
  products: readonly string[];
  dates: readonly string[];
  texts: readonly string[];
  givenIds: readonly string[] | undefined;
}

/** A view with a compact index, whose entities are numbered as the index numbers them. */
export type CompactIndexedView = GraphView & Required<Pick<GraphView, 'compact' | 'entityAt'>>;

export function hasCompactIndex(view: GraphView): view is CompactIndexedView {
  return view.compact !== undefined && view.entityAt !== undefined;
}

/** Packs a view's compact index for worker threads: arrays by reference, the rest serialised once. */
export function shareCompactState(view: CompactIndexedView): SharedCompactState {
  const parts = view.compact().parts();
  const { countries, sources, ...entityColumns } = parts.entities.parts();
  const rest: Rest = {
    countries,
    sources,
    listings: [...view.listings()],
    jurisdictions: [...view.jurisdictions()],
    lists: [...view.lists()],
    products: parts.products.values,
    dates: parts.dates.values,
    texts: parts.texts.values,
    givenIds: parts.givenIds,
  };
  const serialised = serialize(rest);
  const restBuffer = new SharedArrayBuffer(serialised.length);
  new Uint8Array(restBuffer).set(serialised);
  const edges = Object.fromEntries(Object.entries(parts.edges).map(([name, column]) => [name, inSharedMemory(column as SharedNumbers)])) as unknown as EdgeColumns;
  const goods = parts.goodsAdjacency;
  const arrays: SharedCompactState['arrays'] = {
    outOffsets: inSharedMemory(parts.outOffsets),
    inOffsets: inSharedMemory(parts.inOffsets),
    inEdges: inSharedMemory(parts.inEdges),
    edges,
    goodsOutDegree: inSharedMemory(parts.goodsOutDegree),
    goodsAdjacency: { offsets: inSharedMemory(goods.offsets), records: inSharedMemory(goods.records), productKey: inSharedMemory(goods.productKey), days: inSharedMemory(goods.days) },
    idTable: parts.indexById instanceof IdIndex ? inSharedMemory(parts.indexById.sharedTable) : undefined,
    entities: entityColumns,
  };
  const { ids, names, aliases, address, identifiers, kind, country, sector, source } = entityColumns;
  const entityArrays = [...[ids, names, aliases, address, identifiers].flatMap((column) => [column.bytes, column.offsets]), kind, country, sector, source];
  const shared = [arrays.outOffsets, arrays.inOffsets, arrays.inEdges, arrays.goodsOutDegree, ...Object.values(edges), ...Object.values(arrays.goodsAdjacency), ...(arrays.idTable ? [arrays.idTable] : []), ...entityArrays] as SharedNumbers[];
  return { arrays, rest: restBuffer, bytes: { shared: shared.reduce((sum, array) => sum + array.byteLength, 0), serialised: serialised.length } };
}

/** The compact state a worker thread analyses: the shared arrays read in place, the rest deserialised. */
export function compactStateFromShared(shared: SharedCompactState): CompactState {
  const rest = deserialize(new Uint8Array(shared.rest)) as Rest;
  const { arrays } = shared;
  const entities = EntityTable.over({ ...arrays.entities, countries: rest.countries, sources: rest.sources });
  const idAt = (value: number) => entities.idAt(value);
  let indexById: CompactGraphParts['indexById'];
  if (arrays.idTable !== undefined) {
    indexById = IdIndex.over(arrays.idTable, entities.count, idAt);
  } else {
    const index = new IdIndex(entities.count, idAt);
    for (let number = 0; number < entities.count; number++) index.set(entities.idAt(number), number);
    indexById = index;
  }
  const graph = CompactGraph.fromParts({
    entities,
    indexById,
    outOffsets: arrays.outOffsets,
    edges: arrays.edges,
    inOffsets: arrays.inOffsets,
    inEdges: arrays.inEdges,
    products: { values: rest.products as string[] },
    dates: { values: rest.dates as string[] },
    texts: { values: rest.texts as string[] },
    givenIds: rest.givenIds,
    goodsOutDegree: arrays.goodsOutDegree,
    goodsAdjacency: arrays.goodsAdjacency,
  });
  return { graph, entities, listings: rest.listings, jurisdictions: rest.jurisdictions, lists: new Map(rest.lists.map((list) => [list.code, list])) };
}
