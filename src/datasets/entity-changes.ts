// What a load does to an entity already stored: the entity after it (per load mode) and the
// fields that change. Pure functions over the schema's fields.
import { entitySchema, type Entity } from '../domain/schema.ts';
import type { LoadMode } from './dataset-version.ts';

export const ENTITY_FIELDS = Object.keys(entitySchema.shape) as (keyof Entity)[];
/** Fields holding several values: a merge adds to them rather than replacing them. */
const LIST_FIELDS = new Set<keyof Entity>(['aliases', 'identifiers']);

export type FieldValue = string | string[] | undefined;

export interface FieldChange {
  entity: string;
  field: string;
  from?: string | string[];
  to?: string | string[];
}

/**
 * The entity after `incoming` is loaded over `stored`. `replace` takes `incoming` whole; `merge`
 * (and a load without mode, which is only accepted when that changes nothing) keeps what
 * `incoming` leaves out, takes what it states, and adds its aliases and identifiers to the
 * stored ones. When nothing changes the stored object itself is returned.
 *
 * @example entityAfter(stored, { ...stored, country: 'CH' }, 'merge').country // 'CH'
 */
export function entityAfter(stored: Entity, incoming: Entity, mode: LoadMode | undefined): Entity {
  if (mode === 'replace') return fieldChanges(stored, incoming).length === 0 ? stored : incoming;
  const merged: Record<string, unknown> = {};
  for (const field of ENTITY_FIELDS) {
    const before = stored[field];
    const given = incoming[field];
    const value = given === undefined ? before : LIST_FIELDS.has(field) ? union(before as string[] | undefined, given as string[]) : given;
    if (value !== undefined) merged[field] = value;
  }
  const after = { ...merged, aliases: (merged.aliases as string[] | undefined) ?? [] } as Entity;
  return fieldChanges(stored, after).length === 0 ? stored : after;
}

/** The fields that differ between two statements of one entity, in schema order. */
export function fieldChanges(before: Entity, after: Entity): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of ENTITY_FIELDS) {
    const from = comparable(before[field] as FieldValue);
    const to = comparable(after[field] as FieldValue);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes.push({ entity: before.id, field, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  }
  return changes;
}

// An empty list and a missing one say the same: no aliases.
function comparable(value: FieldValue): FieldValue {
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

function union(stored: readonly string[] | undefined, given: readonly string[]): string[] {
  const values = [...(stored ?? [])];
  for (const value of given) if (!values.includes(value)) values.push(value);
  return values;
}
