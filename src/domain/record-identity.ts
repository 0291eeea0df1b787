// The identity of every stored record, declared once: relationship ids derived from content, and
// the keys of listings and jurisdiction flag periods. Every store merges on these, so loading the
// same rows twice adds nothing, whichever store holds them.
import { hash } from 'node:crypto';
import type { JurisdictionFlagPeriod, Listing, RelationshipFields } from './schema.ts';

/**
 * The content a relationship's id is derived from: every field but the id, absent ones as null.
 * Two rows with the same content are the same relationship (or, in one dataset, its repeats).
 */
export function relationshipContent(fields: RelationshipFields): string {
  return JSON.stringify([
    fields.source,
    fields.target,
    fields.type,
    fields.product ?? null,
    fields.start ?? null,
    fields.end ?? null,
    fields.share ?? null,
    fields.stated_end_user ?? null,
    fields.evidence ?? null,
    fields.source_ref ?? null,
  ]);
}

/**
 * A relationship's id from its content (relationshipContent): `r-` and a SHA-256 prefix, with
 * `-2`, `-3` … for the second, third identical row of one dataset (two identical orders).
 * @example relationshipIdOf(relationshipContent(row), 0) // 'r-3f1c…'
 */
export function relationshipIdOf(content: string, identicalRowsBefore: number): string {
  const digest = digestOf(content);
  return identicalRowsBefore === 0 ? `r-${digest}` : `r-${digest}-${identicalRowsBefore + 1}`;
}

/**
 * A listing's key, from all its fields: the same listing loaded twice is one listing.
 * @example listingKey({ entity_id: 'ste', list: 'BIS_ENTITY', from: '2011-12-15' }) // 'l-…'
 */
export function listingKey(listing: Listing): string {
  return `l-${digestOf(JSON.stringify([listing.entity_id, listing.list, listing.from ?? null, listing.to ?? null, listing.source ?? null, ...laterFields(listing, ['measures', 'unverified'])]))}`;
}

/** A jurisdiction flag period's key, from all its fields. */
export function flagPeriodKey(period: JurisdictionFlagPeriod): string {
  return `j-${digestOf(JSON.stringify([period.code, period.flag, period.from ?? null, period.to ?? null, period.source ?? null, ...laterFields(period, ['regime', 'verified', 'unverified', 'destinations'])]))}`;
}

/**
 * `items` with later repeats of a key left out, in their order.
 * @example distinctBy([...stored, ...added], listingKey)
 */
export function distinctBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const item of items) {
    const itemKey = key(item);
    if (seen.has(itemKey)) continue;
    seen.add(itemKey);
    kept.push(item);
  }
  return kept;
}

function digestOf(content: string): string {
  return hash('sha256', content, 'hex').slice(0, 16);
}

/**
 * The fields added to a row's schema after its key was first defined (regime, measures, verified,
 * unverified, destinations), each as `{field: value}`, only when the row has it: a row without
 * them keeps the key, and so the Neo4j id, it had before they existed.
 */
function laterFields<T extends object>(row: T, fields: readonly (keyof T & string)[]): Record<string, unknown>[] {
  return fields.filter((field) => row[field] !== undefined).map((field) => ({ [field]: row[field] }));
}
