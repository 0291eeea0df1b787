// The enduse domain, declared once: entity kinds, relationship types, evidence grades,
// reason codes and the dataset row shapes. Types, validation, file columns and (later)
// Neo4j labels are all derived from this module.
import { createRequire } from 'node:module';
import { z } from 'zod';
import countries from './countries.ts';
import { parsePartialDate } from './dates.ts';
import { REGIMES, type Regime } from './regime-codes.ts';

export const ENTITY_KINDS = [
  'manufacturer',
  'distributor',
  'reseller',
  'integrator',
  'freight_forwarder',
  'front_company',
  'end_user',
  'company',
  'person',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const SECTORS = [
  'government',
  'military',
  'intelligence',
  'police',
  'telecom',
  'commercial',
  'academic',
  'civil_society',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Sectors whose end users count as state end users for the human-rights reason. */
export const STATE_SECTORS: readonly Sector[] = ['government', 'military', 'intelligence', 'police'];

/** Evidence grades, strongest first: the order is used to find the weakest link of a route. */
export const EVIDENCE_GRADES = [
  'court',
  'settlement',
  'official_list',
  'registry',
  'press',
  'leak',
  'allegation',
  'other',
] as const;
export type EvidenceGrade = (typeof EVIDENCE_GRADES)[number];

export const JURISDICTION_FLAGS = [
  'comprehensive_sanctions',
  'arms_embargo',
  'hr_risk',
  'transshipment_hub',
  'licence_requirement',
] as const;
export type JurisdictionFlag = (typeof JURISDICTION_FLAGS)[number];

// Whose law a row is (regime-codes.ts: kept apart so the CLI's help needs no schema).
export { REGIMES, type Regime };

/**
 * What a designation does, where its source says so. Ownership rules count only the measures
 * their law names (the OFAC 50% rule counts `asset_freeze`, i.e. blocking).
 */
export const MEASURES = [
  'asset_freeze',
  'trade_ban',
  'licence_requirement',
  'export_privileges_denied',
  'travel_ban',
  'investment_ban',
  'transport_ban',
  'due_diligence',
] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * Relationship types with their direction and attribute rules.
 * `movesGoods`: whether goods travel along the edge (route search follows only these).
 * `share`: whether the `share` attribute is required, or forbidden.
 */
export const RELATIONSHIP_TYPES = {
  SUPPLIES: {
    direction: 'seller → buyer: goods move from source to target',
    movesGoods: true,
    share: 'forbidden',
    statedEndUser: 'allowed',
    targetMayBePerson: true,
  },
  FRONT_FOR: {
    direction: 'front company → the principal it acts for: goods reaching the front reach the principal',
    movesGoods: true,
    share: 'forbidden',
    statedEndUser: 'forbidden',
    targetMayBePerson: true,
  },
  OWNS: {
    direction: 'owner → owned, with a share in percent (0 < share ≤ 100)',
    movesGoods: false,
    share: 'required',
    statedEndUser: 'forbidden',
    targetMayBePerson: false,
  },
  CONTROLS: {
    direction: 'controller → controlled, without a share',
    movesGoods: false,
    share: 'forbidden',
    statedEndUser: 'forbidden',
    targetMayBePerson: false,
  },
} as const;
export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;
export const RELATIONSHIP_TYPE_NAMES = Object.keys(RELATIONSHIP_TYPES) as RelationshipType[];
export const GOODS_RELATIONSHIP_TYPES = RELATIONSHIP_TYPE_NAMES.filter((type) => RELATIONSHIP_TYPES[type].movesGoods);
export const OWNERSHIP_RELATIONSHIP_TYPES = RELATIONSHIP_TYPE_NAMES.filter((type) => !RELATIONSHIP_TYPES[type].movesGoods);

/** Why an entity is flagged at a date. Each code is explained in the README. */
export const REASON_CODES = [
  'LISTED',
  'SANCTIONED_JURISDICTION',
  'HR_RISK_GOVERNMENT_END_USER',
  'OWNED_50_BY_BLOCKED',
  'AFFILIATE_OF_LISTED',
  'OWNED_OR_CONTROLLED_BY_LISTED',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

// ---- field parsers shared by the row schemas ------------------------------------------

export const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

const text = z.string().trim().min(1, 'must not be empty');
const optionalText = z.string().trim().optional();

const entityId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .regex(ID_PATTERN, 'must use only letters, digits and . _ : -');

let subdivisions: ReadonlyMap<string, { name: string; parent: string }> | undefined;

/**
 * ISO 3166-2 subdivision codes (`UA-43`, Crimea), upper case. Read on first use: the table is a
 * third of a megabyte of code that a command start would otherwise compile for nothing.
 */
export function subdivisionCodes(): ReadonlyMap<string, { name: string; parent: string }> {
  if (subdivisions === undefined) {
    const { iso31662 } = createRequire(import.meta.url)('iso-3166/2.js') as typeof import('iso-3166');
    subdivisions = new Map(iso31662.map((entry) => [entry.code.toUpperCase(), { name: entry.name, parent: entry.parent.toUpperCase() }]));
  }
  return subdivisions;
}

/**
 * A place: an ISO 3166-1 alpha-2 country (`UA`) or an ISO 3166-2 subdivision (`UA-43`), whose
 * country is the part before the hyphen. Rows of a subdivision flag entities there; rows of its
 * country flag them too.
 */
const countryCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => (/^[A-Z]{2}$/.test(value) && countries.isValid(value)) || subdivisionCodes().has(value), {
    message: 'must be an ISO 3166-1 alpha-2 country code such as SY, AE or US, or an ISO 3166-2 subdivision code such as UA-43',
  });

/** The country of a place code: `UA` for `UA-43`, the code itself for a country. */
export function countryOf(place: string): string {
  return place.length > 2 && place[2] === '-' ? place.slice(0, 2) : place;
}

export const regimeCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value): value is Regime => (REGIMES as readonly string[]).includes(value), { message: `must be one of ${REGIMES.join(', ')}` });

/** Measures separated by ';' in CSV (a list in JSON), each one of MEASURES. */
export const measureList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(';')).map((measure) => measure.trim()).filter((measure) => measure !== ''))
  .refine((values): values is Measure[] => values.every((value) => (MEASURES as readonly string[]).includes(value)), {
    message: `must be measures separated by ; from ${MEASURES.join(', ')}`,
  })
  .transform((values) => values as Measure[]);

/** The day a row's source was last checked, `YYYY-MM-DD`. */
export const verifiedDay = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && parsePartialDate(value, 'start') === value, { message: 'must be the day the source was last checked, YYYY-MM-DD' });

/** A date that opens a period: YYYY, YYYY-MM or YYYY-MM-DD, read as the first day. */
export const periodStart = z.string().trim().transform((value, ctx) => {
  const parsed = parsePartialDate(value, 'start');
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a date YYYY, YYYY-MM or YYYY-MM-DD' });
    return z.NEVER;
  }
  return parsed;
});

/** A date that closes a period: YYYY, YYYY-MM or YYYY-MM-DD, read as the last day. */
export const periodEnd = z.string().trim().transform((value, ctx) => {
  const parsed = parsePartialDate(value, 'end');
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a date YYYY, YYYY-MM or YYYY-MM-DD' });
    return z.NEVER;
  }
  return parsed;
});

/** Decimal notation: `50`, `12.5`, `-3`. Not `0x32`, `0b110010`, `1e1`, `Infinity` or blank, all of which Number() reads. */
export const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A number given as a JSON number or as text in decimal notation (CSV cells are text). z.coerce
 * would read `0x32` and `0b110010` as 50 and a blank cell as 0.
 *
 * @example decimalNumber('must be a number of percent').parse(' 12.5 ') // 12.5
 */
export function decimalNumber(message: string) {
  return z
    .union([z.number({ message }), z.string().trim().regex(DECIMAL_TEXT, `${message}, in decimal notation such as 50 or 12.5`)], { message })
    .transform(Number);
}

const share = decimalNumber('must be a number of percent').pipe(
  z.number().refine((value) => Number.isFinite(value) && value > 0 && value <= 100, {
    message: 'must be a percentage with 0 < share ≤ 100',
  }),
);

const aliases = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(';')).map((alias) => alias.trim()).filter((alias) => alias !== ''),
  );

/** `scheme:value` identifiers such as `imo:9187629` or `merged:ofac-sdn-15036`, `;`-separated in CSV. */
const identifiers = aliases.refine((values) => values.every((value) => /^[a-z][a-z0-9_]*:\S.*$/.test(value)), {
  message: 'must be scheme:value identifiers separated by ; (for example imo:9187629)',
});

/** `yes` or `no`, as reference files write flags. */
export const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value === 'yes' || value === 'no', { message: 'must be yes or no' })
  .transform((value) => value === 'yes');

// ---- dataset rows -----------------------------------------------------------------------
// Field names are the file contract (CSV columns and JSON keys alike).

export const entitySchema = z.object({
  id: entityId,
  name: text,
  kind: z.enum(ENTITY_KINDS),
  country: countryCode.optional(),
  sector: z.enum(SECTORS).optional(),
  aliases: aliases.optional(),
  address: optionalText,
  source: optionalText,
  identifiers: identifiers.optional(),
});

export const relationshipSchema = z.object({
  source: entityId,
  target: entityId,
  type: z.enum(RELATIONSHIP_TYPE_NAMES as [RelationshipType, ...RelationshipType[]]),
  product: optionalText,
  start: periodStart.optional(),
  end: periodEnd.optional(),
  share: share.optional(),
  stated_end_user: entityId.optional(),
  evidence: z.enum(EVIDENCE_GRADES).optional(),
  source_ref: optionalText,
});

export const listingSchema = z.object({
  entity_id: entityId,
  list: text,
  from: periodStart.optional(),
  to: periodEnd.optional(),
  source: optionalText,
  /** What this designation does; absent: the list's default measures. */
  measures: measureList.optional(),
  /** `yes`: whether the listing holds in its period is not confirmed (an UNVERIFIED_LISTED red flag, never a flag). */
  unverified: yesNo.optional(),
});

export const jurisdictionSchema = z.object({
  code: countryCode,
  flag: z.enum(JURISDICTION_FLAGS),
  from: periodStart.optional(),
  to: periodEnd.optional(),
  source: optionalText,
  /** Whose law or finding the row is; a row without one holds under every regime. */
  regime: regimeCode.optional(),
  /** The day the row's source was last checked. */
  verified: verifiedDay.optional(),
  /** `yes`: whether the row holds in its period is not confirmed (an UNVERIFIED_ red flag, never a flag). */
  unverified: yesNo.optional(),
  /** Countries of final destination the row is about (`RU;BY`: a hub for goods bound to Russia or Belarus); absent: every destination. */
  destinations: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : value.split(';')).map((code) => code.trim().toUpperCase()).filter((code) => code !== ''))
    .refine((codes) => codes.every((code) => /^[A-Z]{2}$/.test(code) && countries.isValid(code)), { message: 'must be ISO 3166-1 alpha-2 country codes separated by ; (for example RU;BY)' })
    .optional(),
});

export const listDefinitionSchema = z.object({
  code: text,
  name: text,
  authority: text,
  /** Whose law the list is. */
  regime: regimeCode.optional(),
  /** The measures a listing carries when it names none (`asset_freeze` for a blocking list); empty when they differ per designation. */
  measures: measureList.optional(),
  source: optionalText,
  /** The day the list's source was last checked. */
  verified: verifiedDay.optional(),
});

/** The four collections of a dataset, in file order: CSV file names and JSON keys. */
export const COLLECTIONS = {
  entities: entitySchema,
  relationships: relationshipSchema,
  listings: listingSchema,
  jurisdictions: jurisdictionSchema,
} as const;
export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];

export type Entity = z.output<typeof entitySchema> & { aliases: string[] };
export type RelationshipFields = z.output<typeof relationshipSchema>;
/** A relationship with a stable id, so parallel edges stay distinct and loads are idempotent. */
export type Relationship = RelationshipFields & { id: string };
export type Listing = z.output<typeof listingSchema>;
export type JurisdictionFlagPeriod = z.output<typeof jurisdictionSchema>;
export type ListDefinition = z.output<typeof listDefinitionSchema>;

/** Column names of a collection and which of them are required, read off the schema. */
export function columnsOf(schema: z.ZodObject): { all: string[]; required: string[] } {
  const all = Object.keys(schema.shape);
  const required = all.filter((name) => !(schema.shape[name] as z.ZodType).safeParse(undefined).success);
  return { all, required };
}

/**
 * A validated dataset: every reference resolves, every value is in its domain. `lists` holds
 * the list definitions its listings use (from data/reference/lists.csv).
 */
export interface Dataset {
  entities: Entity[];
  relationships: Relationship[];
  listings: Listing[];
  jurisdictions: JurisdictionFlagPeriod[];
  lists: ListDefinition[];
}
