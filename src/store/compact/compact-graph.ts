// The compact index analysis runs on at scale: entities numbered 0..n-1, relationships as
// typed-array columns sorted by source (CSR, compressed sparse row), plus an in-edge index.
// Relationship objects are materialised only when asked for, ids derived lazily.
import { dayNumber } from '../../domain/dates.ts';
import { EVIDENCE_GRADES, RELATIONSHIP_TYPES, RELATIONSHIP_TYPE_NAMES, type Relationship, type RelationshipType } from '../../domain/schema.ts';
import { relationshipContent, relationshipIdOf } from '../../domain/record-identity.ts';
import type { EntityTable } from './entity-table.ts';
import { ABSENT, IdIndex } from './id-index.ts';
import { sharedInt32Array } from './shared-arrays.ts';

/** Marks an absent integer reference (product, stated end user, text) in a column. */
export const NONE = -1;

/** Interned strings: each distinct value stored once, referred to by index. */
export class StringTable {
  readonly values: string[] = [];
  private readonly indexes = new IdIndex();

  /** A table holding `values` in this order. */
  static of(values: readonly string[]): StringTable {
    const table = new StringTable();
    for (const value of values) table.intern(value);
    return table;
  }

  intern(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }

  /**
   * Interns the value written at text[start, end) without cutting a string when it is known
   * (a loader reading a chunk of a file in place, millions of times).
   */
  internRange(text: string, start: number, end: number): number {
    let index = this.indexes.getRange(text, start, end);
    if (index === ABSENT) {
      index = this.values.length;
      // A copy, not a slice: V8 keeps a sliced string's whole parent alive (V8 issue 2869), here
      // a megabyte of file per value.
      const value = ` ${text.slice(start, end)}`.slice(1);
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }

  indexOf(value: string): number | undefined {
    return this.indexes.get(value);
  }
}

/** What the graph reads of an interned table: its values by index. */
export type StringValues = Pick<StringTable, 'values'>;

/**
 * Everything a CompactGraph is made of, derived arrays included: what a worker thread needs to
 * rebuild the same graph over the same shared arrays (store/compact/shared-compact-state.ts).
 */
export interface CompactGraphParts {
  /** The entities, numbered as the graph numbers them (their ids are the graph's). */
  entities: EntityTable;
  indexById: Pick<ReadonlyMap<string, number>, 'get'>;
  outOffsets: Int32Array;
  edges: EdgeColumns;
  inOffsets: Int32Array;
  inEdges: Int32Array;
  products: StringValues;
  dates: StringValues;
  texts: StringValues;
  givenIds: readonly string[] | undefined;
  goodsOutDegree: Int32Array;
  goodsAdjacency: GoodsAdjacency;
}

/** The relationship columns, one slot per relationship, in CSR order (by source, then content: relationship-order.ts). */
export interface EdgeColumns {
  source: Int32Array;
  target: Int32Array;
  /** Index into RELATIONSHIP_TYPE_NAMES. */
  type: Uint8Array;
  /** Interned product, or NONE. */
  product: Int32Array;
  /** Index of the ISO day of start/end in the date table, or NONE. */
  startText: Int32Array;
  endText: Int32Array;
  /** Day numbers (dates.ts dayNumber), -Infinity / +Infinity when the bound is open. */
  startDay: Float64Array;
  endDay: Float64Array;
  /** Share in percent, NaN when absent. */
  share: Float64Array;
  /** Entity index of the stated end user, or NONE. */
  statedEndUser: Int32Array;
  /** Index into EVIDENCE_GRADES, 255 when absent. */
  evidence: Uint8Array;
  /** Interned source reference, or NONE. */
  sourceRef: Int32Array;
}

export const NO_EVIDENCE = 255;

/** Int32 slots per record of GoodsAdjacency.records. */
export const GOODS_RECORD = 4;

/**
 * Goods-moving relationships in CSR order (the order of the full columns, filtered):
 * `offsets[v]..offsets[v+1]` are v's positions; record `p` is records[4p..4p+3] = target,
 * start rank, end rank, edge slot. `productKey[p]` is the SUPPLIES product's case-free key
 * (productKeys), NONE when the edge carries no product constraint.
 *
 * Days are ranks among the distinct days the data's starts and ends name (`days`, ascending):
 * a day's rank is its position + 1, OPEN_RANK (0) an open start, `days.length` an open end.
 * Ranks keep the order of days, so comparing them decides exactly what comparing days would,
 * and a rank fits in 24 bits (four-digit years hold 3.7M days), which lets the search pack an
 * arrival and a stamp in one 32-bit word.
 */
export interface GoodsAdjacency {
  offsets: Int32Array;
  records: Int32Array;
  productKey: Int32Array;
  days: Int32Array;
}

/** The rank of an open start: before every day. */
export const OPEN_RANK = 0;

/** How many of the ascending `days` are on or before `day` (+Infinity: all). */
export function dayRank(days: Int32Array, day: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle]! <= day) low = middle + 1;
    else high = middle;
  }
  return low;
}


/** Most materialised relationships kept in memory (about 60 MB). */
const MATERIALISED_LIMIT = 250_000;

/** Out-edge blocks up to this long are scanned for duplicates; longer ones get their ordinals worked out once. */
const DUPLICATE_SCAN_LIMIT = 64;
/** Most duplicate ordinals kept (4 bytes each), over all the long blocks remembered. */
const DUPLICATE_ORDINALS_LIMIT = 4_000_000;
/** A share's 64 bits as two 32-bit words, for contentHash. */
const SHARE_BITS = new Float64Array(1);
const SHARE_WORDS = new Int32Array(SHARE_BITS.buffer);

/** One step of contentHash: a 32-bit multiplicative mix of the hash so far and one value. */
function mix(hash: number, value: number): number {
  const mixed = Math.imul(hash ^ value, 0x9e3779b1);
  return mixed ^ (mixed >>> 15);
}

/**
 * The graph as arrays. `outOffsets[v]..outOffsets[v+1]` are the relationships leaving entity
 * v (edge slots), `inOffsets[v]..inOffsets[v+1]` index `inEdges`, the slots arriving at v.
 *
 * @example for (let e = graph.outOffsets[v]; e < graph.outOffsets[v + 1]; e++) graph.edges.target[e]
 */
export class CompactGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Type codes of the relationship types goods move along. */
  readonly typeCode: Readonly<Record<RelationshipType, number>>;
  private goodsDegreeCache: Int32Array | undefined;
  private readonly materialised = new Map<number, Relationship>();
  /** Per source with a long out-edge block: each slot's count of identical slots before it (see duplicatesBefore). */
  private readonly duplicateOrdinals = new Map<number, Int32Array>();
  private duplicateOrdinalsHeld = 0;
  private productKeyCache: { keys: Int32Array; keyOf: ReadonlyMap<string, number> } | undefined;
  private goodsAdjacencyCache: GoodsAdjacency | undefined;

  constructor(
    /** The entities by number: ids, names and the other fields as columns. */
    readonly entities: EntityTable,
    readonly indexById: Pick<ReadonlyMap<string, number>, 'get'>,
    readonly outOffsets: Int32Array,
    readonly edges: EdgeColumns,
    readonly inOffsets: Int32Array,
    readonly inEdges: Int32Array,
    readonly products: StringValues,
    /** ISO days of starts and ends. */
    readonly dates: StringValues,
    /** Source references. */
    readonly texts: StringValues,
    /** Relationship ids given with the data, by slot; absent when ids are derived from content. */
    readonly givenIds: readonly string[] | undefined,
  ) {
    this.nodeCount = entities.count;
    this.edgeCount = edges.target.length;
    this.typeCode = Object.fromEntries(RELATIONSHIP_TYPE_NAMES.map((name, code) => [name, code])) as Record<RelationshipType, number>;
  }

  /** The same graph over the same arrays (in another thread: see CompactGraphParts). */
  static fromParts(parts: CompactGraphParts): CompactGraph {
    const graph = new CompactGraph(parts.entities, parts.indexById, parts.outOffsets, parts.edges, parts.inOffsets, parts.inEdges, parts.products, parts.dates, parts.texts, parts.givenIds);
    graph.goodsDegreeCache = parts.goodsOutDegree;
    graph.goodsAdjacencyCache = parts.goodsAdjacency;
    return graph;
  }

  /** Every part of the graph, derived arrays built first (see CompactGraphParts). */
  parts(): CompactGraphParts {
    const { entities, indexById, outOffsets, edges, inOffsets, inEdges, products, dates, texts, givenIds } = this;
    return { entities, indexById, outOffsets, edges, inOffsets, inEdges, products, dates, texts, givenIds, goodsOutDegree: this.goodsOutDegree(), goodsAdjacency: this.goodsAdjacency() };
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /** The id of entity `index` (decoded from the id column: keep it if it is read often). */
  idAt(index: number): string {
    return this.entities.ids.at(index);
  }

  /** How many goods-moving relationships (SUPPLIES, FRONT_FOR) leave each entity. */
  goodsOutDegree(): Int32Array {
    if (this.goodsDegreeCache === undefined) {
      const goods = RELATIONSHIP_TYPE_NAMES.map((name) => RELATIONSHIP_TYPES[name].movesGoods);
      const degree = sharedInt32Array(this.nodeCount);
      for (let edge = 0; edge < this.edgeCount; edge++) if (goods[this.edges.type[edge]!]) degree[this.edges.source[edge]!]!++;
      this.goodsDegreeCache = degree;
    }
    return this.goodsDegreeCache;
  }

  /** Products compared without case: `keys[product]` is the same number for `DPI` and `dpi`. */
  productKeys(): { keys: Int32Array; keyOf: ReadonlyMap<string, number> } {
    if (this.productKeyCache === undefined) {
      const keyOf = new Map<string, number>();
      const keys = Int32Array.from(this.products.values, (product) => {
        const lower = product.toLowerCase();
        if (!keyOf.has(lower)) keyOf.set(lower, keyOf.size);
        return keyOf.get(lower)!;
      });
      this.productKeyCache = { keys, keyOf };
    }
    return this.productKeyCache;
  }

  /**
   * The goods-moving relationships only, each as one 16-byte record, for route searches: an
   * entity's block is one run of memory instead of a slot in each of several columns (a search
   * jumps from entity to entity, so each column costs a cache miss per entity). Built once.
   */
  goodsAdjacency(): GoodsAdjacency {
    if (this.goodsAdjacencyCache === undefined) {
      const goods = RELATIONSHIP_TYPE_NAMES.map((name) => RELATIONSHIP_TYPES[name].movesGoods);
      const degree = this.goodsOutDegree();
      // In shared memory, like the columns: worker threads search this adjacency in place.
      const offsets = sharedInt32Array(this.nodeCount + 1);
      for (let node = 0; node < this.nodeCount; node++) offsets[node + 1] = offsets[node]! + degree[node]!;
      const { startText, endText, target, product, type } = this.edges;
      // Ranks per date-table entry (a few thousand), so the edges need no search of their own.
      const dayOfText = this.dates.values.map((text) => dayNumber(text));
      const days = sharedInt32Array(new Set(dayOfText).size);
      days.set([...new Set(dayOfText)].sort((a, b) => a - b));
      const rankOfText = Int32Array.from(dayOfText, (day) => dayRank(days, day));
      const records = sharedInt32Array(offsets[this.nodeCount]! * GOODS_RECORD);
      const productKey = sharedInt32Array(offsets[this.nodeCount]!);
      const { keys } = this.productKeys();
      const supplies = this.typeCode.SUPPLIES;
      let position = 0;
      for (let edge = 0; edge < this.edgeCount; edge++) {
        if (!goods[type[edge]!]) continue;
        const at = position * GOODS_RECORD;
        const start = startText[edge]!;
        const end = endText[edge]!;
        records[at] = target[edge]!;
        records[at + 1] = start === NONE ? OPEN_RANK : rankOfText[start]!;
        records[at + 2] = end === NONE ? days.length : rankOfText[end]!;
        records[at + 3] = edge;
        productKey[position] = type[edge] === supplies && product[edge] !== NONE ? keys[product[edge]!]! : NONE;
        position++;
      }
      this.goodsAdjacencyCache = { offsets, records, productKey, days };
    }
    return this.goodsAdjacencyCache;
  }

  /**
   * The relationship in slot `edge`, as the rest of enduse sees relationships: a fresh object
   * (callers may change it). Materialised ones are remembered, up to a bound: routes of one
   * source share most edges, and content-derived ids cost a SHA-256 each.
   */
  relationship(edge: number): Relationship {
    let relationship = this.materialised.get(edge);
    if (relationship === undefined) {
      const fields = this.fields(edge);
      relationship = { ...fields, id: this.givenIds?.[edge] ?? relationshipIdOf(relationshipContent(fields), this.duplicatesBefore(edge)) };
      if (this.materialised.size >= MATERIALISED_LIMIT) this.materialised.clear();
      this.materialised.set(edge, relationship);
    }
    return { ...relationship };
  }

  /** Every relationship, in CSR order, ids derived once per source block. */
  *relationships(): Iterable<Relationship> {
    for (let node = 0; node < this.nodeCount; node++) {
      const seen = new Map<string, number>();
      for (let edge = this.outOffsets[node]!; edge < this.outOffsets[node + 1]!; edge++) {
        const fields = this.fields(edge);
        if (this.givenIds) {
          yield { ...fields, id: this.givenIds[edge]! };
          continue;
        }
        const content = relationshipContent(fields);
        const before = seen.get(content) ?? 0;
        seen.set(content, before + 1);
        yield { ...fields, id: relationshipIdOf(content, before) };
      }
    }
  }

  private fields(edge: number): Omit<Relationship, 'id'> {
    const columns = this.edges;
    const text = (index: number) => (index === NONE ? undefined : this.texts.values[index]);
    const product = columns.product[edge]!;
    const share = columns.share[edge]!;
    const statedEndUser = columns.statedEndUser[edge]!;
    const evidence = columns.evidence[edge]!;
    const fields: Record<string, unknown> = {
      source: this.idAt(columns.source[edge]!),
      target: this.idAt(columns.target[edge]!),
      type: RELATIONSHIP_TYPE_NAMES[columns.type[edge]!],
    };
    if (product !== NONE) fields.product = this.products.values[product];
    const start = columns.startText[edge]!;
    if (start !== NONE) fields.start = this.dates.values[start];
    const end = columns.endText[edge]!;
    if (end !== NONE) fields.end = this.dates.values[end];
    if (!Number.isNaN(share)) fields.share = share;
    if (statedEndUser !== NONE) fields.stated_end_user = this.idAt(statedEndUser);
    if (evidence !== NO_EVIDENCE) fields.evidence = EVIDENCE_GRADES[evidence];
    const sourceRef = text(columns.sourceRef[edge]!);
    if (sourceRef !== undefined) fields.source_ref = sourceRef;
    return fields as Omit<Relationship, 'id'>;
  }

  /**
   * How many earlier slots of the same source hold exactly the same content (duplicates share a
   * source). A hub's block holds tens of thousands of slots and a route search materialises many
   * of them, so scanning the block each time would be quadratic: a long block's ordinals are
   * worked out in one pass and remembered.
   */
  private duplicatesBefore(edge: number): number {
    const source = this.edges.source[edge]!;
    const first = this.outOffsets[source]!;
    const length = this.outOffsets[source + 1]! - first;
    if (length <= DUPLICATE_SCAN_LIMIT) {
      let count = 0;
      for (let other = first; other < edge; other++) if (this.sameContent(other, edge)) count++;
      return count;
    }
    let ordinals = this.duplicateOrdinals.get(source);
    if (ordinals === undefined) {
      ordinals = this.duplicateOrdinalsOf(first, length);
      // Least recently used blocks go first (a Map iterates in insertion order, and a hit is
      // re-inserted below): a hub's block, asked for by nearly every route from it, stays. Clearing
      // them all instead made the routes of a 10M hub (an 832k-slot block) recompute it over and over.
      for (const [oldest, held] of this.duplicateOrdinals) {
        if (this.duplicateOrdinalsHeld + length <= DUPLICATE_ORDINALS_LIMIT) break;
        this.duplicateOrdinals.delete(oldest);
        this.duplicateOrdinalsHeld -= held.length;
      }
      this.duplicateOrdinalsHeld += length;
    } else this.duplicateOrdinals.delete(source);
    this.duplicateOrdinals.set(source, ordinals);
    return ordinals[edge - first]!;
  }

  /**
   * For the slots first … first + length − 1, how many identical slots come before each. Slots
   * are grouped by a hash of their content (a number, so no string is built per slot); within a
   * hash, each distinct content keeps one slot to compare with and how many have had it.
   */
  private duplicateOrdinalsOf(first: number, length: number): Int32Array {
    const ordinals = new Int32Array(length);
    // Hash → [a slot with that content, how many slots so far had it, another content's slot, its count, …].
    const contents = new Map<number, number[]>();
    for (let slot = first; slot < first + length; slot++) {
      const hash = this.contentHash(slot);
      const known = contents.get(hash);
      if (known === undefined) {
        contents.set(hash, [slot, 1]);
        continue;
      }
      let at = 0;
      while (at < known.length && !this.sameContent(known[at]!, slot)) at += 2;
      if (at === known.length) known.push(slot, 0);
      ordinals[slot - first] = known[at + 1]!;
      known[at + 1]!++;
    }
    return ordinals;
  }

  /** Whether two slots hold exactly the same content (their source aside). */
  private sameContent(one: number, other: number): boolean {
    const columns = this.edges;
    return (
      columns.target[one] === columns.target[other] &&
      columns.type[one] === columns.type[other] &&
      columns.product[one] === columns.product[other] &&
      columns.startText[one] === columns.startText[other] &&
      columns.endText[one] === columns.endText[other] &&
      Object.is(columns.share[one], columns.share[other]) &&
      columns.statedEndUser[one] === columns.statedEndUser[other] &&
      columns.evidence[one] === columns.evidence[other] &&
      columns.sourceRef[one] === columns.sourceRef[other]
    );
  }

  /** A hash of a slot's content columns: equal whenever sameContent says the contents are. */
  private contentHash(edge: number): number {
    const columns = this.edges;
    const share = columns.share[edge]!;
    // Object.is, as sameContent compares shares: every NaN is one, 0 and −0 are two.
    SHARE_BITS[0] = Number.isNaN(share) ? NaN : share;
    let hash = mix(mix(mix(0x2545f491, columns.target[edge]!), columns.type[edge]!), columns.product[edge]!);
    hash = mix(mix(mix(mix(hash, columns.startText[edge]!), columns.endText[edge]!), SHARE_WORDS[0]!), SHARE_WORDS[1]!);
    hash = mix(mix(mix(hash, columns.statedEndUser[edge]!), columns.evidence[edge]!), columns.sourceRef[edge]!);
    // Kept to 30 bits, so the hash is a small integer as a Map key.
    return hash >>> 2;
  }

}
