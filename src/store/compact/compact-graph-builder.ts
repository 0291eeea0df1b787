// Builds a CompactGraph: entities numbered as they come, relationships appended to growable
// typed-array columns, then sorted by source (a counting sort) and within a source by content
// into CSR order. Day
// numbers are not staged: they follow from the interned dates once sorted.
import { dayNumber } from '../../domain/dates.ts';
import { EVIDENCE_GRADES, RELATIONSHIP_TYPE_NAMES, type Entity, type RelationshipFields } from '../../domain/schema.ts';
import { CompactGraph, NO_EVIDENCE, NONE, StringTable, type EdgeColumns } from './compact-graph.ts';
import { EntityTable } from './entity-table.ts';
import { IdIndex } from './id-index.ts';
import { byRank, idRanks, outgoingComparator } from './relationship-order.ts';
import { sharedFloat64Array, sharedInt32Array, sharedUint8Array } from './shared-arrays.ts';

const TYPE_CODES = new Map(RELATIONSHIP_TYPE_NAMES.map((name, code) => [name as string, code]));
const EVIDENCE_CODES = new Map(EVIDENCE_GRADES.map((grade, code) => [grade as string, code]));
/** The columns as relationships are added, in the order they come. */
export type StagedColumns = Omit<EdgeColumns, 'startDay' | 'endDay'>;
type StagedName = keyof StagedColumns;
/** The staged columns that move to their sorted slot as they are (source is written per source block). */
const INT_COLUMNS: StagedName[] = ['target', 'product', 'startText', 'endText', 'statedEndUser', 'sourceRef'];
const FLOAT_COLUMNS: StagedName[] = ['share'];
const BYTE_COLUMNS: StagedName[] = ['type', 'evidence'];

/** Relationship fields as entity indexes and plain values, ready for the columns. */
export interface EdgeInput {
  source: number;
  target: number;
  type: RelationshipFields['type'];
  product?: string;
  start?: string;
  end?: string;
  share?: number;
  statedEndUser?: number;
  evidence?: string;
  sourceRef?: string;
}

/**
 * One relationship as column values: type and evidence codes, table indexes (NONE when absent),
 * share NaN when absent. A reader fills one and reuses it for every row.
 */
export interface EdgeCodes {
  source: number;
  target: number;
  /** Index into RELATIONSHIP_TYPE_NAMES. */
  type: number;
  product: number;
  startText: number;
  endText: number;
  share: number;
  statedEndUser: number;
  /** Index into EVIDENCE_GRADES, or NO_EVIDENCE. */
  evidence: number;
  sourceRef: number;
}

/** The string tables edge codes index into. */
export interface EdgeTables {
  products: StringTable;
  dates: StringTable;
  texts: StringTable;
}

/** Fills `codes` for `edge`, interning its strings into `tables` in this order (product, start, end, source reference). */
export function edgeCodesOf(edge: EdgeInput, codes: EdgeCodes, tables: EdgeTables): EdgeCodes {
  codes.source = edge.source;
  codes.target = edge.target;
  codes.type = TYPE_CODES.get(edge.type)!;
  codes.product = edge.product === undefined ? NONE : tables.products.intern(edge.product);
  codes.startText = edge.start === undefined ? NONE : tables.dates.intern(edge.start);
  codes.endText = edge.end === undefined ? NONE : tables.dates.intern(edge.end);
  codes.share = edge.share ?? NaN;
  codes.statedEndUser = edge.statedEndUser ?? NONE;
  codes.evidence = edge.evidence === undefined ? NO_EVIDENCE : EVIDENCE_CODES.get(edge.evidence)!;
  codes.sourceRef = edge.sourceRef === undefined ? NONE : tables.texts.intern(edge.sourceRef);
  return codes;
}

export class CompactGraphBuilder {
  readonly entities: EntityTable;
  readonly indexById: IdIndex;
  private columns: StagedColumns;
  private length = 0;
  /** The tables addEdgeCodes takes indexes into. */
  readonly products = new StringTable();
  readonly texts = new StringTable();
  readonly dates = new StringTable();
  private readonly codes: EdgeCodes = { source: 0, target: 0, type: 0, product: NONE, startText: NONE, endText: NONE, share: NaN, statedEndUser: NONE, evidence: NO_EVIDENCE, sourceRef: NONE };
  private readonly days: number[] = [];
  private givenIds: string[] | undefined;

  constructor(expectedEdges = 1024, expectedEntities = 0) {
    this.columns = allocateStaged(Math.max(16, expectedEdges));
    this.entities = new EntityTable(expectedEntities);
    // The index keeps no id strings: a long id is compared with the id column.
    const ids = this.entities.ids;
    this.indexById = new IdIndex(expectedEntities, (value) => ids.at(value));
  }

  /** Numbers a new entity; the caller has checked that the id is new. */
  addEntity(entity: Entity): number {
    const index = this.entities.add(entity);
    this.indexById.set(entity.id, index);
    return index;
  }

  get entityCount(): number {
    return this.entities.count;
  }

  get edgeCount(): number {
    return this.length;
  }

  /** Appends one relationship; `id` only when the data came with ids (then every edge must have one). */
  addEdge(edge: EdgeInput, id?: string): void {
    this.addEdgeCodes(edgeCodesOf(edge, this.codes, this));
    if (id !== undefined) (this.givenIds ??= [])[this.length - 1] = id;
  }

  /** Appends one relationship already turned into codes and table indexes. */
  addEdgeCodes(codes: EdgeCodes): void {
    if (this.length === this.columns.target.length) this.columns = grow(this.columns, this.length * 2);
    writeStagedRow(this.columns, this.length++, codes);
  }

  /**
   * Appends `count` relationships read elsewhere (a worker's part of the file), their table
   * indexes turned into this builder's by `products`, `dates` and `texts` (index there → index here).
   */
  appendEdges(columns: StagedColumns, count: number, products: Int32Array, dates: Int32Array, texts: Int32Array): void {
    if (this.length + count > this.columns.target.length) this.columns = grow(this.columns, Math.max(this.length + count, this.length * 2));
    const at = this.length;
    const staged = this.columns;
    for (const name of ['source', 'target', 'statedEndUser'] as const) staged[name].set(columns[name].subarray(0, count), at);
    staged.share.set(columns.share.subarray(0, count), at);
    staged.type.set(columns.type.subarray(0, count), at);
    staged.evidence.set(columns.evidence.subarray(0, count), at);
    remapInto(columns.product, count, products, staged.product, at);
    remapInto(columns.startText, count, dates, staged.startText, at);
    remapInto(columns.endText, count, dates, staged.endText, at);
    remapInto(columns.sourceRef, count, texts, staged.sourceRef, at);
    this.length += count;
  }

  /** Sorts the columns by source, each source's by content (relationship-order.ts), and indexes in-edges. */
  build(): CompactGraph {
    const nodeCount = this.entities.count;
    this.entities.trim();
    // Before the columns are sorted (the load's peak in memory): the smaller table is made while less is held.
    this.indexById.trim();
    const edgeCount = this.length;
    const staged = this.columns;
    this.columns = allocateStaged(16);
    const outOffsets = countingOffsets(staged.source, edgeCount, nodeCount);
    const inOffsets = countingOffsets(staged.target, edgeCount, nodeCount);
    // Each relationship's sorted slot. Moving the columns by it (sequential reads, scattered
    // writes) costs less than gathering them through the inverse order.
    const ranks = idRanks(this.entities);
    const slotOf = this.slotsInOrder(staged, outOffsets, ranks);
    const sorted = allocate(edgeCount);
    for (let node = 0; node < nodeCount; node++) sorted.source.fill(node, outOffsets[node]!, outOffsets[node + 1]!);
    // One loop per array type keeps each loop monomorphic (several times faster in V8).
    for (const name of INT_COLUMNS) scatterInt32(staged[name] as Int32Array, sorted[name] as Int32Array, slotOf);
    for (const name of FLOAT_COLUMNS) scatterFloat64(staged[name] as Float64Array, sorted[name] as Float64Array, slotOf);
    for (const name of BYTE_COLUMNS) scatterUint8(staged[name] as Uint8Array, sorted[name] as Uint8Array, slotOf);
    this.fillDays(sorted.startText, sorted.startDay, -Infinity);
    this.fillDays(sorted.endText, sorted.endDay, Infinity);
    let givenIds: string[] | undefined;
    if (this.givenIds !== undefined) {
      const order = new Int32Array(edgeCount);
      for (let edge = 0; edge < edgeCount; edge++) order[slotOf[edge]!] = edge;
      givenIds = Array.from(order, (edge) => this.givenIds![edge]!);
    }
    // In-edges by source id, then content (compareIncoming): sources visited in id order, each block in its order.
    const inEdges = sharedInt32Array(edgeCount);
    const inCursor = inOffsets.slice(0, nodeCount);
    for (const node of byRank(ranks)) {
      for (let slot = outOffsets[node]!, last = outOffsets[node + 1]!; slot < last; slot++) inEdges[inCursor[sorted.target[slot]!]!++] = slot;
    }
    return new CompactGraph(this.entities, this.indexById, outOffsets, sorted, inOffsets, inEdges, this.products, this.dates, this.texts, givenIds);
  }

  /**
   * Each staged relationship's slot: sources in entity order, each source's relationships in
   * content order (relationship-order.ts), so any feeder's rows give the same blocks.
   */
  private slotsInOrder(staged: StagedColumns, outOffsets: Int32Array, ranks: Int32Array): Int32Array {
    const edgeCount = this.length;
    const nodeCount = this.entities.count;
    // Staged indexes by slot: first in the order they came (a stable counting sort by source) …
    const bySlot = new Int32Array(edgeCount);
    const cursor = outOffsets.slice(0, nodeCount);
    for (let edge = 0; edge < edgeCount; edge++) bySlot[cursor[staged.source[edge]!]!++] = edge;
    // … then each block of two or more by content.
    const byContent = outgoingComparator(staged, { products: this.products, dates: this.dates, texts: this.texts, givenIds: this.givenIds }, ranks);
    for (let node = 0; node < nodeCount; node++) {
      const first = outOffsets[node]!;
      const last = outOffsets[node + 1]!;
      if (last - first > 1) bySlot.subarray(first, last).sort(byContent);
    }
    const slotOf = new Int32Array(edgeCount);
    for (let slot = 0; slot < edgeCount; slot++) slotOf[bySlot[slot]!] = slot;
    return slotOf;
  }

  /** Day numbers of interned ISO days, `open` where there is none. */
  private fillDays(texts: Int32Array, days: Float64Array, open: number): void {
    for (let slot = 0; slot < texts.length; slot++) {
      const text = texts[slot]!;
      days[slot] = text === NONE ? open : this.day(text);
    }
  }

  /** The day number of an interned ISO day, computed once per distinct text. */
  private day(text: number): number {
    let day = this.days[text];
    if (day === undefined) {
      day = dayNumber(this.dates.values[text]!);
      this.days[text] = day;
    }
    return day;
  }
}

/** to[at + i] = map[from[i]] for i < count, NONE staying NONE. */
function remapInto(from: Int32Array, count: number, map: Int32Array, to: Int32Array, at: number): void {
  for (let index = 0; index < count; index++) {
    const value = from[index]!;
    to[at + index] = value === NONE ? NONE : map[value]!;
  }
}

function scatterInt32(from: Int32Array, to: Int32Array, slotOf: Int32Array): void {
  for (let edge = 0; edge < slotOf.length; edge++) to[slotOf[edge]!] = from[edge]!;
}

function scatterFloat64(from: Float64Array, to: Float64Array, slotOf: Int32Array): void {
  for (let edge = 0; edge < slotOf.length; edge++) to[slotOf[edge]!] = from[edge]!;
}

function scatterUint8(from: Uint8Array, to: Uint8Array, slotOf: Int32Array): void {
  for (let edge = 0; edge < slotOf.length; edge++) to[slotOf[edge]!] = from[edge]!;
}

function countingOffsets(keys: Int32Array, length: number, nodeCount: number): Int32Array {
  const offsets = sharedInt32Array(nodeCount + 1);
  for (let index = 0; index < length; index++) offsets[keys[index]! + 1]!++;
  for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
  return offsets;
}

/** The built graph's columns, in shared memory (worker threads read them in place). */
function allocate(capacity: number): EdgeColumns {
  return {
    source: sharedInt32Array(capacity),
    target: sharedInt32Array(capacity),
    type: sharedUint8Array(capacity),
    product: sharedInt32Array(capacity),
    startText: sharedInt32Array(capacity),
    endText: sharedInt32Array(capacity),
    startDay: sharedFloat64Array(capacity),
    endDay: sharedFloat64Array(capacity),
    share: sharedFloat64Array(capacity),
    statedEndUser: sharedInt32Array(capacity),
    evidence: sharedUint8Array(capacity),
    sourceRef: sharedInt32Array(capacity),
  };
}

/** Writes one relationship's codes into row `slot` of staged columns (the builder's, or a reader thread's). */
export function writeStagedRow(columns: StagedColumns, slot: number, codes: EdgeCodes): void {
  columns.source[slot] = codes.source;
  columns.target[slot] = codes.target;
  columns.type[slot] = codes.type;
  columns.product[slot] = codes.product;
  columns.startText[slot] = codes.startText;
  columns.endText[slot] = codes.endText;
  columns.share[slot] = codes.share;
  columns.statedEndUser[slot] = codes.statedEndUser;
  columns.evidence[slot] = codes.evidence;
  columns.sourceRef[slot] = codes.sourceRef;
}

/** Staged columns in ordinary (transferable) buffers: a worker's part of the file is moved, not copied, to the loading thread. */
export function allocateStaged(capacity: number): StagedColumns {
  return {
    source: new Int32Array(capacity),
    target: new Int32Array(capacity),
    type: new Uint8Array(capacity),
    product: new Int32Array(capacity),
    startText: new Int32Array(capacity),
    endText: new Int32Array(capacity),
    share: new Float64Array(capacity),
    statedEndUser: new Int32Array(capacity),
    evidence: new Uint8Array(capacity),
    sourceRef: new Int32Array(capacity),
  };
}

function grow(columns: StagedColumns, capacity: number): StagedColumns {
  const grown = allocateStaged(capacity);
  for (const name of Object.keys(columns) as StagedName[]) grown[name].set(columns[name] as never);
  return grown;
}
