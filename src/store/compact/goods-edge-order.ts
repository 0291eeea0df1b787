// The order a route search reads an entity's goods relationships in. Between equally early
// routes the search keeps the first it reads, so this order decides which route an answer
// shows. Stores put a source's relationships in different orders (the files' order; the order
// a Neo4j read returns them in) and number entities differently (file order; id order), so the
// order here depends on neither: it follows the relationships' content, and every store gives
// the same routes for the same data (tests/store/projection-parity.test.ts).
import type { EdgeColumns, StringValues } from './compact-graph.ts';
import type { EntityTable } from './entity-table.ts';

/** What the order reads of a graph. */
export interface OrderedGraph {
  entities: EntityTable;
  edges: EdgeColumns;
  products: StringValues;
  texts: StringValues;
  givenIds: readonly string[] | undefined;
}

/**
 * Each entity's place among all entity ids sorted as strings (UTF-16 code units, as Neo4j's
 * ORDER BY sorts them). A graph whose entities are numbered in id order (a Neo4j projection)
 * is checked in one pass and needs no sort.
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
 * Compares two relationship slots of one source by content: target (by id), type, start, end,
 * product, share, stated end user (by id), evidence, source reference. Identical rows come in
 * the order of their ids (`r-…` before `r-…-2`, which is how the files number them), or their
 * slots when the ids are derived from the files' order.
 */
export function goodsEdgeComparator(graph: OrderedGraph, ranks: Int32Array): (a: number, b: number) => number {
  const { target, type, startDay, endDay, product, share, statedEndUser, evidence, sourceRef } = graph.edges;
  const products = graph.products.values;
  const texts = graph.texts.values;
  const givenIds = graph.givenIds;
  const rankOf = (entity: number) => (entity < 0 ? -1 : ranks[entity]!);
  const text = (values: readonly string[], index: number) => (index < 0 ? undefined : values[index]);
  return (a, b) =>
    ranks[target[a]!]! - ranks[target[b]!]! ||
    type[a]! - type[b]! ||
    compareNumbers(startDay[a]!, startDay[b]!) ||
    compareNumbers(endDay[a]!, endDay[b]!) ||
    compareOptional(text(products, product[a]!), text(products, product[b]!)) ||
    compareNumbers(share[a]!, share[b]!) ||
    rankOf(statedEndUser[a]!) - rankOf(statedEndUser[b]!) ||
    evidence[a]! - evidence[b]! ||
    compareOptional(text(texts, sourceRef[a]!), text(texts, sourceRef[b]!)) ||
    (givenIds === undefined ? 0 : compareIds(givenIds[a]!, givenIds[b]!)) ||
    a - b;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Absent first. */
function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return compareStrings(a, b);
}

/** NaN (an absent share) first; ±Infinity (open dates) in their place. */
function compareNumbers(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : 1;
}

/** Ids of identical rows in the order the files number them: `r-x`, `r-x-2`, … `r-x-10` (shorter first). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || compareStrings(a, b);
}
