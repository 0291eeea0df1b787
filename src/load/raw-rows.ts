// Rows as read from a file, before validation: loose values plus the place they came from.
import type { Problem } from '../domain/errors.ts';

export type RawValue = string | string[] | number | undefined;

export interface RawRow {
  values: Record<string, RawValue>;
  /** File and line (CSV) or file and field prefix such as `entities[3]` (JSON). */
  place: { file: string; line?: number; pointer?: string };
}

export interface RawCollections {
  entities: RawRow[];
  relationships: RawRow[];
  listings: RawRow[];
  jurisdictions: RawRow[];
}

export function emptyCollections(): RawCollections {
  return { entities: [], relationships: [], listings: [], jurisdictions: [] };
}

/** A problem located at a row, naming one of its fields. */
export function problemAt(row: RawRow, field: string | undefined, message: string): Problem {
  const fieldPath = row.place.pointer === undefined ? field : field === undefined ? row.place.pointer : `${row.place.pointer}.${field}`;
  return { file: row.place.file, line: row.place.line, field: fieldPath, message };
}
