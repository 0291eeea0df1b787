// The one order of relationships every store lists them in: a source's relationships by content,
// and an entity's incoming ones by source id, then content. Route searches keep the first of
// equally early routes they read, so the order decides which route an answer shows; stores
// receive relationships in different orders (the files' order, the order a Neo4j read returns
// them in), so an order of their own would make the same data answer differently from
// `--data` and from Neo4j. The compact engine applies the same order to its columns
// (store/compact/relationship-order.ts); tests/store/projection-parity.test.ts holds them to it.
import { dayNumber } from './dates.ts';
import { EVIDENCE_GRADES, RELATIONSHIP_TYPE_NAMES, type Relationship } from './schema.ts';

const TYPE_CODES = new Map(RELATIONSHIP_TYPE_NAMES.map((name, code) => [name as string, code]));
/** Absent evidence sorts after every grade, as the compact engine's code for it does. */
const NO_EVIDENCE = 255;

/**
 * Two relationships of one source: target id, type, start day, end day (open first at the start,
 * last at the end), product, share, stated end user (absent first), evidence grade (absent last),
 * source reference, then id (shorter first: identical rows `r-x`, `r-x-2` … `r-x-10` in the files' order).
 */
export function compareOutgoing(a: Relationship, b: Relationship): number {
  return (
    compareStrings(a.target, b.target) ||
    TYPE_CODES.get(a.type)! - TYPE_CODES.get(b.type)! ||
    compareNumbers(day(a.start, -Infinity), day(b.start, -Infinity)) ||
    compareNumbers(day(a.end, Infinity), day(b.end, Infinity)) ||
    compareOptional(a.product, b.product) ||
    compareNumbers(a.share ?? NaN, b.share ?? NaN) ||
    compareOptional(a.stated_end_user, b.stated_end_user) ||
    evidenceCode(a) - evidenceCode(b) ||
    compareOptional(a.source_ref, b.source_ref) ||
    compareRelationshipIds(a.id, b.id)
  );
}

/** Two relationships into one target: source id, then as compareOutgoing. */
export function compareIncoming(a: Relationship, b: Relationship): number {
  return compareStrings(a.source, b.source) || compareOutgoing(a, b);
}

/** Strings as Neo4j's ORDER BY sorts them (UTF-16 code units). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Absent first. */
export function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return compareStrings(a, b);
}

/** NaN (an absent share) first; ±Infinity (open dates) in their place. */
export function compareNumbers(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : 1;
}

/** Ids of identical rows in the order the files number them: `r-x`, `r-x-2`, … `r-x-10` (shorter first). */
export function compareRelationshipIds(a: string, b: string): number {
  return a.length - b.length || compareStrings(a, b);
}

function day(text: string | undefined, open: number): number {
  return text === undefined ? open : dayNumber(text);
}

function evidenceCode(relationship: Relationship): number {
  return relationship.evidence === undefined ? NO_EVIDENCE : EVIDENCE_GRADES.indexOf(relationship.evidence);
}
