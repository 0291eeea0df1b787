// A dataset version: one accepted load, named and numbered, with who loaded it, when, the digest
// of its rows and their counts. Every load path (CLI, API upload, `serve --data`) makes one.
import { basename, extname } from 'node:path';
import { z } from 'zod';

/**
 * How a load treats entities already stored with other fields. Without a mode such a load is
 * refused with the list of conflicts; `merge` updates the fields it states (aliases and
 * identifiers are added to), `replace` replaces the stored entity whole.
 */
export const LOAD_MODES = ['merge', 'replace'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];

/** A version's name: what the caller calls the dataset (`upload` when not given). */
export const VERSION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const versionNameSchema = z
  .string()
  .regex(VERSION_NAME_PATTERN, 'must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit')
  .describe('the dataset name; each accepted load of a name is its next version (name@1, name@2, …)');

export const rowCountsSchema = z.object({
  entities: z.number().int(),
  relationships: z.number().int(),
  listings: z.number().int(),
  jurisdictions: z.number().int(),
});
export type RowCounts = z.infer<typeof rowCountsSchema>;

export const datasetVersionSchema = z.object({
  id: z.string().describe('name@version: the id to delete it by'),
  name: z.string(),
  version: z.number().int().min(1),
  /** Load order: versions are applied in this order at every start. */
  seq: z.number().int().min(0).describe('load order; later versions are applied over earlier ones'),
  who: z.string().describe('the API key name, or cli:<user> for the command line; never a key'),
  via: z.enum(['api', 'cli', 'serve']),
  at: z.string().describe('ISO 8601 time it was accepted'),
  sha256: z.string().describe('SHA-256 of the rows as validated'),
  counts: rowCountsSchema.describe('rows the dataset states'),
  mode: z.enum(LOAD_MODES).optional().describe('how it was allowed to change entities stated by earlier versions'),
  changed: z.number().int().describe('entities whose stored fields it changed'),
  persisted: z.boolean().describe('kept in the data folder (uploads); false for --data paths, read again at each start'),
});
export type DatasetVersion = z.infer<typeof datasetVersionSchema>;

/** The id of the `version`th load of `name`. */
export function versionId(name: string, version: number): string {
  return `${name}@${version}`;
}

/**
 * The name of the version a server's `--data` paths make: the first path's file or folder name
 * (with `+N` more), `shipped-cases` for the default.
 * @example baseVersionName(['data/cases/blue-coat-syria']) // 'blue-coat-syria'
 */
export function baseVersionName(paths: readonly string[] | undefined): string {
  if (paths === undefined || paths.length === 0) return 'shipped-cases';
  const first = basename(paths[0]!, extname(paths[0]!)).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 50) || 'data';
  const name = paths.length === 1 ? first : `${first}-and-${paths.length - 1}-more`;
  return VERSION_NAME_PATTERN.test(name) ? name : 'data';
}
