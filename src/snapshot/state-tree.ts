// A compact state as a tree of JSON nodes plus binary sections, and back, derived from the state's
// own fields: every typed array becomes a section written straight from its buffer, every array
// of strings one text section (plus its lengths), any other array one v8-serialised section, and
// plain objects are walked field by field. A field added to the state (a new column, a new table)
// is saved and restored with no code here; only a new class needs a codec in CLASS_CODECS.
import { deserialize, serialize } from 'node:v8';
import { z } from 'zod';
import { CompactGraph, type CompactGraphParts } from '../store/compact/compact-graph.ts';
import type { CompactState } from '../store/compact/compact-graph-view.ts';
import { IdIndex } from '../store/compact/id-index.ts';
import { EntityTable, type EntityTableParts } from '../store/compact/entity-table.ts';
import { StringTable } from '../store/compact/compact-graph.ts';

/** The typed arrays a section can hold, by constructor name (the name is what the layout stores). */
const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
export type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;
const TYPED_ARRAY_NAMES = Object.keys(TYPED_ARRAYS) as [TypedArrayName, ...TypedArrayName[]];

/** One node of the tree the header stores; `section` numbers index the header's section list. */
export type TreeNode =
  | { node: 'typed'; array: TypedArrayName; section: number }
  | { node: 'strings'; encoding: 'utf8' | 'utf16le'; text: number; lengths: number }
  | { node: 'stringLists'; counts: number; strings: TreeNode }
  | { node: 'dictionary'; values: TreeNode; indexes: number }
  | { node: 'records'; shapes: string[][]; shapeOf: number; columns: Record<string, TreeNode> }
  | { node: 'serialised'; section: number }
  | { node: 'object'; fields: Record<string, TreeNode> }
  | { node: 'map'; entries: TreeNode }
  | { node: 'class'; name: string; parts: TreeNode }
  | { node: 'value'; value: string | number | boolean | null }
  | { node: 'undefined' };

export const treeNodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
  z.discriminatedUnion('node', [
    z.object({ node: z.literal('typed'), array: z.enum(TYPED_ARRAY_NAMES), section: z.number().int().nonnegative() }),
    z.object({ node: z.literal('strings'), encoding: z.enum(['utf8', 'utf16le']), text: z.number().int().nonnegative(), lengths: z.number().int().nonnegative() }),
    z.object({ node: z.literal('dictionary'), values: treeNodeSchema, indexes: z.number().int().nonnegative() }),
    z.object({ node: z.literal('stringLists'), counts: z.number().int().nonnegative(), strings: treeNodeSchema }),
    z.object({ node: z.literal('records'), shapes: z.array(z.array(z.string())), shapeOf: z.number().int().nonnegative(), columns: z.record(z.string(), treeNodeSchema) }),
    z.object({ node: z.literal('serialised'), section: z.number().int().nonnegative() }),
    z.object({ node: z.literal('object'), fields: z.record(z.string(), treeNodeSchema) }),
    z.object({ node: z.literal('map'), entries: treeNodeSchema }),
    z.object({ node: z.literal('class'), name: z.string(), parts: treeNodeSchema }),
    z.object({ node: z.literal('value'), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
    z.object({ node: z.literal('undefined') }),
  ]),
);

/**
 * Classes the state holds, each as plain parts and back. The compact graph is saved with its
 * derived arrays (route-search adjacency, id hash table), so reading it back builds nothing.
 */
const CLASS_CODECS: { name: string; type: abstract new (...args: never[]) => object; toParts(value: never): object; fromParts(parts: never): unknown }[] = [
  {
    name: 'CompactGraph',
    type: CompactGraph,
    toParts: (graph: CompactGraph) => {
      const { indexById, ...parts } = graph.parts();
      return { ...parts, idTable: indexById instanceof IdIndex ? indexById.sharedTable : undefined };
    },
    fromParts: ({ idTable, ...parts }: Omit<CompactGraphParts, 'indexById'> & { idTable: Int32Array | undefined }) => {
      const { entities } = parts;
      const idAt = (value: number) => entities.idAt(value);
      let indexById: IdIndex;
      if (idTable !== undefined) indexById = IdIndex.over(idTable, entities.count, idAt);
      else {
        indexById = new IdIndex(entities.count, idAt);
        for (let number = 0; number < entities.count; number++) indexById.set(entities.idAt(number), number);
      }
      return CompactGraph.fromParts({ ...parts, indexById });
    },
  },
  // The entity columns (typed arrays and text columns): read back in place, no entity objects.
  { name: 'EntityTable', type: EntityTable, toParts: (table: EntityTable) => table.parts(), fromParts: (parts: EntityTableParts) => EntityTable.over(parts) },
  // An interned table is read through its values only (StringValues); its lookup index is for building.
  { name: 'StringTable', type: StringTable, toParts: (table: StringTable) => ({ values: table.values }), fromParts: (parts: { values: string[] }) => parts },
];

/** The tree and the bytes of its sections, in section order (views over the state's own buffers). */
export interface StateTree {
  tree: TreeNode;
  sections: { kind: 'typed' | 'text' | 'serialised'; bytes: Uint8Array }[];
}

/** Splits a state into its tree and sections; nothing is copied but the strings and the serialised rows. */
export function treeOfState(whole: CompactState): StateTree {
  // The state's entity table is the graph's own: written once, with the graph (see stateOfTree).
  const state = { ...whole, entities: undefined };
  const sections: StateTree['sections'] = [];
  const add = (kind: StateTree['sections'][number]['kind'], bytes: Uint8Array) => sections.push({ kind, bytes }) - 1;
  const encode = (value: unknown, path: string): TreeNode => {
    if (value === undefined) return { node: 'undefined' };
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return { node: 'value', value };
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const array = value as AnyTypedArray;
      const name = array.constructor.name as TypedArrayName;
      if (!(name in TYPED_ARRAYS)) throw new Error(`a snapshot cannot hold ${path}, a ${name}`);
      return { node: 'typed', array: name, section: add('typed', new Uint8Array(array.buffer, array.byteOffset, array.byteLength)) };
    }
    if (Array.isArray(value)) {
      if (value.length > 0 && value.every((item) => typeof item === 'string')) return stringsNode(value as string[]);
      if (value.length > 0 && value.every(isPlainObject)) return recordsNode(value as Record<string, unknown>[], path);
      return { node: 'serialised', section: add('serialised', serialize(value)) };
    }
    if (value instanceof Map) return { node: 'map', entries: encode([...value.entries()], `${path} entries`) };
    if (typeof value === 'object') {
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype === Object.prototype || prototype === null) {
        return { node: 'object', fields: Object.fromEntries(Object.entries(value).map(([key, field]) => [key, encode(field, `${path}.${key}`)])) };
      }
      const codec = CLASS_CODECS.find((each) => value instanceof each.type);
      if (codec !== undefined) return { node: 'class', name: codec.name, parts: encode(codec.toParts(value as never), `${path} (${codec.name})`) };
    }
    throw new Error(`a snapshot cannot hold ${path} (${typeof value === 'object' ? (value as object).constructor?.name : typeof value}): add a codec in src/snapshot/state-tree.ts`);
  };
  const written: { values: readonly (string | undefined)[]; node: TreeNode }[] = [];
  /**
   * Strings, some perhaps undefined. A column that repeats another (entity ids are the graph's
   * ids) is written once; one of few distinct values (kinds, countries) as a dictionary, so
   * reading it back makes no string per row.
   */
  const stringsNode = (values: readonly (string | undefined)[]): TreeNode => {
    const same = written.find((each) => each.values.length === values.length && each.values.every((value, index) => value === values[index]));
    if (same !== undefined) return same.node;
    const distinct = new Map<string | undefined, number>();
    for (const value of values) if (!distinct.has(value) && distinct.size <= values.length / DICTIONARY_RATIO) distinct.set(value, distinct.size);
    const node = values.length >= DICTIONARY_MIN && distinct.size <= values.length / DICTIONARY_RATIO
      ? { node: 'dictionary' as const, values: plainStringsNode([...distinct.keys()]), indexes: add('typed', new Uint8Array(Int32Array.from(values, (value) => distinct.get(value)!).buffer)) }
      : plainStringsNode(values);
    written.push({ values, node });
    return node;
  };
  /** Strings, some perhaps undefined (length ABSENT_LENGTH), one after another in one text. */
  const plainStringsNode = (values: readonly (string | undefined)[]): TreeNode => {
    // UTF-8 unless a string holds a lone surrogate (possible from JSON input), which UTF-8 cannot carry.
    const encoding = values.every((text) => text === undefined || isWellFormed(text)) ? 'utf8' : 'utf16le';
    const lengths = Uint32Array.from(values, (text) => (text === undefined ? ABSENT_LENGTH : text.length));
    const text = Buffer.from(values.join(''), encoding);
    return { node: 'strings', encoding, text: add('text', text), lengths: add('typed', new Uint8Array(lengths.buffer)) };
  };
  /**
   * Rows of plain objects (entities, listings) by column, so reading them back parses no row:
   * each field one column (strings, lists of strings, or serialised values), and each row's
   * shape (its keys, in order) kept, so a row reads back with exactly the keys it had.
   */
  const recordsNode = (rows: readonly Record<string, unknown>[], path: string): TreeNode => {
    const shapes = new Map<string, number>();
    const shapeOf = new Int32Array(rows.length);
    const keys: string[] = [];
    rows.forEach((row, index) => {
      const rowKeys = Object.keys(row);
      const signature = rowKeys.join('\u0000');
      let shape = shapes.get(signature);
      if (shape === undefined) {
        shape = shapes.size;
        shapes.set(signature, shape);
        for (const key of rowKeys) if (!keys.includes(key)) keys.push(key);
      }
      shapeOf[index] = shape;
    });
    const columns = Object.fromEntries(keys.map((key) => [key, columnNode(rows.map((row) => row[key]), `${path}.${key}`)]));
    return { node: 'records', shapes: [...shapes.keys()].map((signature) => (signature === '' ? [] : signature.split('\u0000'))), shapeOf: add('typed', new Uint8Array(shapeOf.buffer)), columns };
  };
  const columnNode = (values: unknown[], path: string): TreeNode => {
    if (values.every((value) => value === undefined || typeof value === 'string')) return stringsNode(values as (string | undefined)[]);
    if (values.every((value) => value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string')))) {
      const lists = values as (string[] | undefined)[];
      const counts = Int32Array.from(lists, (list) => (list === undefined ? -1 : list.length));
      const strings: string[] = [];
      for (const list of lists) if (list !== undefined) for (const item of list) strings.push(item);
      return { node: 'stringLists', counts: add('typed', new Uint8Array(counts.buffer)), strings: strings.length === 0 ? { node: 'value', value: null } : stringsNode(strings) };
    }
    return encode(values, path);
  };
  return { tree: encode(state, 'the state'), sections };
}

/** Why a tree cannot be read back (the checksum held, so only a file written by other code). */
export class TreeShapeError extends Error {}

/**
 * The state a tree and its read sections make. `sections[i]` is section i's bytes: typed ones each
 * in their own (shared) buffer, which the arrays view in place.
 */
export function stateOfTree(tree: TreeNode, sections: readonly Uint8Array[]): CompactState {
  const section = (index: number) => {
    const bytes = sections[index];
    if (bytes === undefined) throw new TreeShapeError(`the layout names section ${index}, which the file does not hold`);
    return bytes;
  };
  const typed = (name: TypedArrayName, index: number): AnyTypedArray => {
    const bytes = section(index);
    const type = TYPED_ARRAYS[name];
    if (bytes.byteOffset % type.BYTES_PER_ELEMENT !== 0 || bytes.byteLength % type.BYTES_PER_ELEMENT !== 0) throw new TreeShapeError(`section ${index} does not hold whole ${name} elements`);
    return new type(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / type.BYTES_PER_ELEMENT);
  };
  // A column written once for two fields decodes once, so both hold the same strings.
  const decodedText = new Map<number, unknown>();
  const decode = (node: TreeNode): unknown => {
    switch (node.node) {
      case 'dictionary': {
        const values = decode(node.values) as unknown[];
        const indexes = typed('Int32Array', node.indexes) as Int32Array;
        const column = new Array<unknown>(indexes.length);
        for (let index = 0; index < indexes.length; index++) {
          if (indexes[index]! >= values.length) throw new TreeShapeError('a dictionary column names a value it does not hold');
          column[index] = values[indexes[index]!];
        }
        return column;
      }
      case 'undefined':
        return undefined;
      case 'value':
        return node.value;
      case 'typed':
        return typed(node.array, node.section);
      case 'strings':
        if (!decodedText.has(node.text)) decodedText.set(node.text, splitStrings(textOf(section(node.text), node.encoding), typed('Uint32Array', node.lengths) as Uint32Array));
        return decodedText.get(node.text);
      case 'stringLists':
        return stringLists(typed('Int32Array', node.counts) as Int32Array, node.strings.node === 'value' ? [] : (decode(node.strings) as string[]));
      case 'records':
        return records(node.shapes, typed('Int32Array', node.shapeOf) as Int32Array, Object.fromEntries(Object.entries(node.columns).map(([key, column]) => [key, decode(column) as unknown[]])));
      case 'serialised':
        return deserialize(section(node.section));
      case 'object':
        return Object.fromEntries(Object.entries(node.fields).map(([key, field]) => [key, decode(field)]));
      case 'map':
        return new Map(decode(node.entries) as [unknown, unknown][]);
      case 'class': {
        const codec = CLASS_CODECS.find((each) => each.name === node.name);
        if (codec === undefined) throw new TreeShapeError(`the layout names a ${node.name}, which this enduse does not know`);
        return codec.fromParts(decode(node.parts) as never);
      }
    }
  };
  const state = decode(tree) as Omit<CompactState, 'entities'> & { entities?: EntityTable };
  return { ...state, entities: state.entities ?? state.graph.entities };
}

/** No lone surrogate (String.prototype.isWellFormed, in Node 20 but not in this TypeScript's lib). */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A strings column of at least this many values, with at most 1/DICTIONARY_RATIO as many distinct ones, is written as a dictionary. */
const DICTIONARY_MIN = 64;
const DICTIONARY_RATIO = 4;

/** A text section's characters. Buffer's decoder, not TextDecoder: it keeps UTF-16 lone surrogates as they were. */
function textOf(bytes: Uint8Array, encoding: 'utf8' | 'utf16le'): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
}

/** The length a strings section gives an undefined value. */
const ABSENT_LENGTH = 0xffffffff;

/** The strings of a text section, by their lengths in UTF-16 code units (ABSENT_LENGTH: undefined). */
function splitStrings(text: string, lengths: Uint32Array): (string | undefined)[] {
  const values = new Array<string | undefined>(lengths.length);
  let at = 0;
  for (let index = 0; index < lengths.length; index++) {
    const length = lengths[index]!;
    if (length === ABSENT_LENGTH) {
      values[index] = undefined;
      continue;
    }
    values[index] = text.slice(at, at + length);
    at += length;
  }
  if (at !== text.length) throw new TreeShapeError('a string section is not as long as its lengths say');
  return values;
}

/** Lists of strings by their counts (-1: undefined), taken in order from `strings`. */
function stringLists(counts: Int32Array, strings: readonly string[]): (string[] | undefined)[] {
  const lists = new Array<string[] | undefined>(counts.length);
  let at = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index]!;
    lists[index] = count < 0 ? undefined : strings.slice(at, at + count);
    if (count > 0) at += count;
  }
  if (at !== strings.length) throw new TreeShapeError('a list column does not hold as many strings as its counts say');
  return lists;
}

/** Rows rebuilt from their columns, each with its shape's keys in order. */
function records(shapes: readonly string[][], shapeOf: Int32Array, columns: Record<string, unknown[]>): Record<string, unknown>[] {
  const shapeColumns = shapes.map((keys) =>
    keys.map((key) => {
      const column = columns[key];
      if (column === undefined || column.length !== shapeOf.length) throw new TreeShapeError(`the column ${key} does not hold one value per row`);
      return column;
    }),
  );
  const rows = new Array<Record<string, unknown>>(shapeOf.length);
  for (let index = 0; index < shapeOf.length; index++) {
    const keys = shapes[shapeOf[index]!];
    if (keys === undefined) throw new TreeShapeError('a row names a shape the layout does not hold');
    const values = shapeColumns[shapeOf[index]!]!;
    const row: Record<string, unknown> = {};
    for (let key = 0; key < keys.length; key++) row[keys[key]!] = values[key]![index];
    rows[index] = row;
  }
  return rows;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
