// The declarative spreadsheet mapping, checked with zod so that a bad mapping names its key.
import { z } from 'zod';
import { COLLECTIONS } from '../domain/schema.ts';

/** A value built from a row: a template string `"kek-{id}"` (columns in braces, the rest constant) or an object. */
export const valueSpecSchema = z.union([
  z.string(),
  z
    .object({
      /** Template with `{Column}` placeholders; empty when any placeholder is empty. */
      template: z.string().optional(),
      /** One column, as is. */
      column: z.string().optional(),
      /** Several columns joined, empty ones left out. */
      join: z.array(z.string()).min(1).optional(),
      separator: z.string().default(' '),
      /** Reads a date with tokens YYYY, MM, M, DD, D, e.g. `DD.MM.YYYY`; the result is YYYY-MM-DD (or YYYY, YYYY-MM). */
      date: z.string().regex(/YYYY/, 'must contain YYYY, e.g. DD.MM.YYYY').optional(),
      /** Reads a country name or code as an ISO alpha-2 code. */
      country: z.literal(true).optional(),
      /** Replaces values: keys are the cell text, values the result. */
      map: z.record(z.string(), z.string()).optional(),
      /** Used when the value is empty or not in `map`. */
      default: z.string().optional(),
      /** Splits a cell into a list (aliases, identifiers). */
      split: z.string().optional(),
    })
    .strict()
    .refine((spec) => [spec.template, spec.column, spec.join].filter((part) => part !== undefined).length === 1, {
      message: 'give exactly one of template, column or join',
    }),
]);
export type ValueSpec = z.infer<typeof valueSpecSchema>;

const filterSchema = z
  .object({
    column: z.string(),
    equals: z.string().optional(),
    notEquals: z.string().optional(),
    in: z.array(z.string()).optional(),
    notIn: z.array(z.string()).optional(),
    present: z.boolean().optional(),
    matches: z
      .string()
      .refine((pattern) => {
        try {
          new RegExp(pattern);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression')
      .optional(),
  })
  .strict();
export type RowFilter = z.infer<typeof filterSchema>;

/** A template per collection: the collection's own fields, plus where the rows come from. */
function templateSchema(fields: readonly string[]) {
  const shape: Record<string, z.ZodType> = {
    from: z.string().optional(),
    where: z.array(filterSchema).default([]),
    distinct: z.boolean().default(false),
  };
  for (const field of fields) shape[field] = valueSpecSchema.optional();
  return z.object(shape).strict();
}

const inputSchema = z.union([
  z.string().min(1),
  z.object({ file: z.string().min(1), delimiter: z.string().length(1).default(',') }).strict(),
]);

export const mappingSchema = z
  .object({
    description: z.string().optional(),
    /** Input name → file (relative to the mapping file) or `{file, delimiter}`. */
    inputs: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'input names use letters, digits, _ and -'), inputSchema),
    entities: z.array(templateSchema(Object.keys(COLLECTIONS.entities.shape))).default([]),
    relationships: z.array(templateSchema(Object.keys(COLLECTIONS.relationships.shape))).default([]),
    listings: z.array(templateSchema(Object.keys(COLLECTIONS.listings.shape))).default([]),
  })
  .strict();
export type Mapping = z.infer<typeof mappingSchema>;
export type Template = Record<string, unknown> & { from?: string; where: RowFilter[]; distinct: boolean };
