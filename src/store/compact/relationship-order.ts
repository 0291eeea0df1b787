// The relationship order of domain/relationship-order.ts on the builder's columns: which slot
// each relationship takes in its source's block (content order), and the order of each entity's
// in-edges (source id, then content). Every feeder (files, a Dataset, a Neo4j read) then gives
// the same graph slot for slot, whatever order its rows came in and however it numbered entities.
import { dayNumber } from '../../domain/dates.ts';
import { compareNumbers, compareOptional, compareRelationshipIds, compareStrings } from '../../domain/relationship-order.ts';
import type { StringValues } from './compact-graph.ts';
import type { EntityTable } from './entity-table.ts';

/** The staged columns the order reads (indexes into the tables, NONE = -1 when absent). */
export interface StagedRelationships {
  target: Int32Array;
  type: Uint8Array;
  product: Int32Array;
  startText: Int32Array;
  endText: Int32Array;
  share: Float64Array;
  statedEndUser: Int32Array;
  evidence: Uint8Array;
  sourceRef: Int32Array;
}

export interface OrderTables {
  products: StringValues;
  dates: StringValues;
  texts: StringValues;
  /** Ids given with the data, by staged index; absent when derived from content. */
  givenIds: readonly string[] | undefined;
}

/**
 * Each entity's place among all entity ids sorted as strings (UTF-16 code units, as Neo4j's
 * ORDER BY sorts them). Entities numbered in id order (a Neo4j projection) need one pass, no sort.
 */
export function idRanks(entities: EntityTable): Int32Array {
  const count = entities.count;
  const ids = Array.from({ length: count }, (_, index) => entities.idAt(index));
  const ranks = new Int32Array(count);
  let inOrder = true;
  for (let index = 1; index < count && inOrder; index++) inOrder = ids[index - 1]! < ids[index]!;
  if (inOrder) {
    for (let index = 0; index < count; index++) ranks[index] = index;
    return ranks;
  }
  const order = Array.from({ length: count }, (_, index) => index).sort((a, b) => compareStrings(ids[a]!, ids[b]!));
  for (let rank = 0; rank < count; rank++) ranks[order[rank]!] = rank;
  return ranks;
}

/**
 * compareOutgoing (domain/relationship-order.ts) on two staged relationships of one source.
 * Identical rows without given ids keep the order they came in (the files number them so).
 */
export function outgoingComparator(staged: StagedRelationships, tables: OrderTables, ranks: Int32Array): (a: number, b: number) => number {
  const { target, type, product, startText, endText, share, statedEndUser, evidence, sourceRef } = staged;
  const products = tables.products.values;
  const texts = tables.texts.values;
  const givenIds = tables.givenIds;
  const dayOfText = tables.dates.values.map((text) => dayNumber(text));
  const day = (text: number, open: number) => (text < 0 ? open : dayOfText[text]!);
  const rankOf = (entity: number) => (entity < 0 ? -1 : ranks[entity]!);
  const text = (values: readonly string[], index: number) => (index < 0 ? undefined : values[index]);
  return (a, b) =>
    ranks[target[a]!]! - ranks[target[b]!]! ||
    type[a]! - type[b]! ||
    compareNumbers(day(startText[a]!, -Infinity), day(startText[b]!, -Infinity)) ||
    compareNumbers(day(endText[a]!, Infinity), day(endText[b]!, Infinity)) ||
    compareOptional(text(products, product[a]!), text(products, product[b]!)) ||
    compareNumbers(share[a]!, share[b]!) ||
    rankOf(statedEndUser[a]!) - rankOf(statedEndUser[b]!) ||
    evidence[a]! - evidence[b]! ||
    compareOptional(text(texts, sourceRef[a]!), text(texts, sourceRef[b]!)) ||
    (givenIds === undefined ? 0 : compareRelationshipIds(givenIds[a]!, givenIds[b]!)) ||
    a - b;
}

/** Entity numbers in id order (the inverse of idRanks). */
export function byRank(ranks: Int32Array): Int32Array {
  const nodes = new Int32Array(ranks.length);
  for (let node = 0; node < ranks.length; node++) nodes[ranks[node]!] = node;
  return nodes;
}
