// The API's zod schemas, derived from the domain schema: request parts (path, query, body) and
// response bodies. Validation and the OpenAPI document both read these, so they cannot drift.
import { z } from 'zod';
import { DEFAULT_MAX_HOPS } from '../analysis/routes.ts';
import { parseDay, today } from '../domain/dates.ts';
import { parseRegimeSelection, REGIME_SELECTIONS, type RegimeSelection } from '../domain/regimes.ts';
import { REPORTED_PROBLEMS } from '../domain/errors.ts';
import { reasonSchema } from '../domain/reasons.ts';
import { redFlagSchema } from '../domain/red-flags.ts';
import {
  COLLECTION_NAMES,
  entitySchema,
  jurisdictionSchema,
  MEASURES,
  listingSchema,
  relationshipSchema,
} from '../domain/schema.ts';
import { CSV_FILE_NAMES } from '../load/read-source.ts';
import { datasetVersionSchema, LOAD_MODES, rowCountsSchema, versionNameSchema } from '../datasets/dataset-version.ts';
import type { ApiLimits } from './config.ts';
import { STORE_BACKENDS } from '../store/graph-store.ts';

// ---- request parts ------------------------------------------------------------------

/** An entity id in a path, with the same pattern the dataset uses. */
export const entityIdParams = z.object({ id: entitySchema.shape.id.describe('entity id, as in the dataset') });

/** `asOf` in a query string: a full day, today (UTC) when absent. */
export const asOfQuery = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return today();
    const day = parseDay(value);
    if (day === undefined) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a date; give YYYY-MM-DD, for example 2011-06-30` });
      return z.NEVER;
    }
    return day;
  })
  .describe('date of the question, YYYY-MM-DD (default: today, UTC)');

/**
 * `regime` in a query string: whose law applies, as users type it (`us`, `US`); the server's
 * setting (`fallback`) when absent. It is part of the question's input, so of its cache key.
 */
export function regimeQuery(fallback: RegimeSelection) {
  return z
    .string()
    .optional()
    .transform((value, ctx): RegimeSelection => (value === undefined || value.trim() === '' ? fallback : regimeNamed(value, ctx)))
    .describe(`whose law applies: one of ${REGIME_SELECTIONS.join(', ')}, any case (default: the server's setting, here ${fallback})`);
}

/** `regime` in a request body: as the query parameter takes it, absent when not given. */
export const regimeBodyField = z
  .string()
  .optional()
  .transform((value, ctx): RegimeSelection | undefined => (value === undefined ? undefined : regimeNamed(value, ctx)))
  .describe(`whose law applies: one of ${REGIME_SELECTIONS.join(', ')}, any case; default: the server's setting`);

/** The regime `value` names in any case, or an issue naming the choices. */
function regimeNamed(value: string, ctx: z.RefinementCtx): RegimeSelection {
  const regime = parseRegimeSelection(value);
  if (regime !== undefined) return regime;
  ctx.addIssue({ code: 'custom', message: `'${value}' is not a regime; give one of ${REGIME_SELECTIONS.join(', ')}` });
  return z.NEVER;
}

/** The regime an answer was computed under, so a saved answer says whose law it holds under. */
export const answerRegimeOut = z.enum(REGIME_SELECTIONS).describe('whose law the answer holds under (all: every regime)');

/** A whole number in a query string, from 1 to `max`, `fallback` when absent. */
export function countQuery(fallback: number, max: number, description: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const number = Number(value);
      if (!/^\d+$/.test(value.trim()) || number < 1 || number > max) {
        ctx.addIssue({ code: 'custom', message: `'${value}' is not allowed; give a whole number from 1 to ${max}` });
        return z.NEVER;
      }
      return number;
    })
    .describe(`${description} (default ${fallback}, at most ${max})`);
}

/** `maxHops` in a query string: the route default, capped by the configured limit. */
export function maxHopsQuery(maxHops: number, description = 'most edges in a route') {
  return countQuery(Math.min(DEFAULT_MAX_HOPS, maxHops), maxHops, description);
}

export const productQuery = z
  .string()
  .trim()
  .min(1, 'must not be empty; leave product out to follow every product')
  .max(200)
  .optional()
  .describe('only SUPPLIES edges of this product (or with none); compared without case');

// ---- domain objects as they leave the API ------------------------------------------------
// The row schemas normalise on the way in (trimmed text, upper-case country, widened dates);
// what leaves is already normal, so the response shapes state the normalised types.

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('ISO day YYYY-MM-DD');

export const entityOut = entitySchema.extend({
  country: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
    .optional()
    .describe('ISO 3166-1 alpha-2 country (SY), or ISO 3166-2 region (UA-43) of that country'),
  aliases: z.array(z.string()),
  address: z.string().optional(),
  source: z.string().optional(),
});

export const relationshipOut = relationshipSchema.extend({
  id: z.string().describe('stable id of the relationship'),
  product: z.string().optional(),
  start: isoDay.optional(),
  end: isoDay.optional(),
  share: z.number().optional(),
  stated_end_user: z.string().optional(),
  source_ref: z.string().optional(),
});

export const listingOut = listingSchema.extend({ from: isoDay.optional(), to: isoDay.optional(), source: z.string().optional(), measures: z.array(z.enum(MEASURES)).optional(), unverified: z.boolean().optional() });

export const routeEdgeOut = relationshipOut.extend({ at: isoDay.optional().describe('earliest day the goods can cross this edge') });

export const routeOut = z.object({
  target: z.string(),
  path: z.array(z.string()),
  hops: z.number().int(),
  reasons: z.array(reasonSchema),
  edges: z.array(routeEdgeOut),
});

/** A flagged route with its red flags and score (rankedFlaggedRoutes). */
export const rankedRouteOut = routeOut.extend({
  alternative: z.number().int().describe('1 for the shortest route to its target, 2 for the next alternative, …'),
  redFlags: z.array(redFlagSchema),
  score: z.object({
    total: z.number().describe('0 to 100: target + directness + red_flags + evidence'),
    terms: z.array(z.object({ name: z.enum(['target', 'directness', 'red_flags', 'evidence']), points: z.number(), why: z.string() })),
  }),
  rank: z.number().int(),
});

export { reasonSchema, redFlagSchema };

// ---- datasets -----------------------------------------------------------------------

const csvFileNames = COLLECTION_NAMES.map((name) => CSV_FILE_NAMES[name]);

/**
 * A dataset sent over HTTP: either the JSON shape (the four collections as arrays of rows) or
 * `{ "files": { "entities.csv": "<CSV text>", … } }`. Each collection holds at most `uploadRows`
 * rows (zod checks an array's length before its items, so an over-long array is one issue, not
 * millions). Rows are checked again by the loader, which names every problem with its place.
 *
 * @example datasetBody({ uploadRows: 100_000 }).parse({ entities: [{ id: 'a', name: 'A', kind: 'company' }] })
 */
const versionFields = {
  name: versionNameSchema.optional().describe('the dataset name (default `upload`); each accepted load of a name is its next version, name@1, name@2, …'),
  mode: z
    .enum(LOAD_MODES)
    .optional()
    .describe('when the dataset restates entities already stored with other fields: `merge` updates the fields it gives (aliases and identifiers are added to), `replace` replaces those entities whole; without it such a load is refused 409 with every conflict'),
};

export function datasetBody(limits: Pick<ApiLimits, 'uploadRows'>) {
  const rows = <T extends z.ZodType>(row: T) => boundedRows(row, limits.uploadRows);
  return z.union([
    z
      .object({ files: z.partialRecord(z.enum(csvFileNames as [string, ...string[]]), z.string()), ...versionFields })
      .strict()
      .describe('CSV files by name; entities.csv is required'),
    z
      .object({
        ...versionFields,
        entities: rows(entitySchema),
        relationships: rows(relationshipSchema).optional(),
        listings: rows(listingSchema).optional(),
        jurisdictions: rows(jurisdictionSchema).optional(),
      })
      .describe('the JSON dataset shape, as read by --data file.json'),
  ]);
}

/**
 * An array of at most `maxRows` rows, each checked with `row`, reporting the first
 * REPORTED_PROBLEMS problems and one more issue counting the rest. `z.array(row)` would build an
 * issue object for every problem of every row: 100,000 rows of `{"id":7}` made 300,000 issues,
 * 233 MB at their peak, for an answer that shows 100 of them. The OpenAPI document still shows
 * each row's schema (`items`).
 */
/** The `params` key of the issue that counts problems a check found but did not list. */
export const UNLISTED_PROBLEMS = 'unlistedProblems';

function boundedRows<T extends z.ZodType>(row: T, maxRows: number) {
  const { $schema: _ignored, ...items } = z.toJSONSchema(row, { io: 'input', unrepresentable: 'any' });
  return z
    .array(z.unknown())
    .max(maxRows, `has more than ${maxRows} rows; split the upload`)
    .check((payload) => {
      const values = payload.value;
      if (values.length > maxRows) return;
      let more = 0;
      let shown = 0;
      values.forEach((value, index) => {
        // The schema's own run, not safeParse: its issues stay raw (no message text, no ZodError
        // with a stack trace per row, which made 100,000 bad rows take 1.4 s and 81 MB); those
        // listed get their messages when this parse finishes.
        const checked = row._zod.run({ value, issues: [] }, { async: false }) as z.core.ParsePayload;
        if (checked.issues.length === 0) {
          values[index] = checked.value;
          return;
        }
        for (const issue of checked.issues) {
          if (shown === REPORTED_PROBLEMS) more += 1;
          else {
            shown += 1;
            payload.issues.push({ ...issue, path: [index, ...(issue.path ?? [])] });
          }
        }
      });
      if (more > 0) payload.issues.push({ code: 'custom', path: [], message: `and ${more} more problems in these rows`, params: { [UNLISTED_PROBLEMS]: more }, input: values });
    })
    .meta({ items }) as unknown as z.ZodArray<T>;
}

const fieldValue = z.union([z.string(), z.array(z.string())]);
const fieldChangeOut = z.object({
  entity: z.string(),
  field: z.string(),
  from: fieldValue.optional().describe('the stored value (absent: none)'),
  to: fieldValue.optional().describe('the value now (absent: none)'),
});
const storeCountsOut = z.object({ backend: z.enum(STORE_BACKENDS), entities: z.number().int(), relationships: z.number().int() });

export const loadSummaryOut = z.object({
  version: datasetVersionSchema,
  loaded: rowCountsSchema,
  changes: z.array(fieldChangeOut).describe('every field of a stored entity this load changed (only with mode merge or replace)'),
  store: storeCountsOut,
});

export const datasetCheckOut = z.object({
  valid: z.literal(true).describe('the dataset would load (an invalid one is answered 400 with every problem in `issues`)'),
  rows: rowCountsSchema.describe('the rows it would load'),
  store: storeCountsOut.describe('the store as it is: the check changed nothing'),
});

export const datasetVersionParams = z.object({ id: z.string().min(1).max(200).describe('a dataset version id, name@version') });

export const datasetVersionsQuery = z.object({
  entity: entitySchema.shape.id.optional().describe('only the versions that state this entity, each with what it states'),
});

export const datasetVersionsOut = z.object({
  versions: z.array(datasetVersionSchema.extend({ entity: entitySchema.passthrough().optional().describe('with ?entity=: what this version states about it') })),
});

export const datasetRemovedOut = z.object({
  removed: datasetVersionSchema,
  rows: rowCountsSchema.describe('rows gone from the store: those no other version states'),
  changes: z.array(fieldChangeOut).describe('entities other versions still state, whose fields are now as those versions say'),
  store: storeCountsOut,
});

// ---- errors -------------------------------------------------------------------------

export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'STORE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorOut = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z
      .array(z.object({ file: z.string().optional(), line: z.number().optional(), field: z.string().optional(), message: z.string() }))
      .optional()
      .describe(`each problem with its place: the offending field (query.asOf, body.entities[2].kind) or file and line; the first ${REPORTED_PROBLEMS} problems`),
    issueCount: z.number().int().optional().describe('how many problems were found in all; `issues` lists the first of them'),
  }),
});
export type ErrorBody = z.infer<typeof errorOut>;

const dataVersionOut = z.object({ version: z.number().int(), dataAsOf: z.string() });

/** The serving holder's state (src/store/serving-store.ts, ProjectionHealth). */
export const projectionHealthOut = z.object({
  status: z.enum(['current', 'stale']).describe('stale: the last refresh failed and the last good data is still served'),
  serving: dataVersionOut.optional(),
  refreshing: z.boolean(),
  lastError: z.object({ at: z.string(), message: z.string() }).optional(),
  retryAt: z.string().optional(),
});

/** POST /api/refresh: the data now served. */
export const refreshOut = z.object({ serving: dataVersionOut, entities: z.number().int(), relationships: z.number().int() });

/** The filters an answer was worked out under, in words (domain/applied-filters.ts): an empty answer names them. */
export const appliedFiltersOut = z
  .array(
    z.object({
      name: z.enum(['asOf', 'regime', 'maxHops', 'product']),
      value: z.string(),
      says: z.string().describe('the filter as a phrase, e.g. "within 6 hops"'),
      known: z.boolean().optional().describe('for the product: whether any SUPPLIES relationship of the data names it'),
      suggestions: z.array(z.string()).optional().describe('for an unknown product: the products of the data closest to it'),
    }),
  )
  .describe('every filter applied, so an empty answer can name them');
