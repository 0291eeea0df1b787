// The enduse domain, declared once: entity kinds, relationship types, evidence grades,
// reason codes and the dataset row shapes. Types, validation, file columns and (later)
// Neo4j labels are all derived from this module.
import { z } from 'zod';
import countries from 'i18n-iso-countries';
import { parsePartialDate } from './dates.ts';

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
] as const;
export type JurisdictionFlag = (typeof JURISDICTION_FLAGS)[number];

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

const countryCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => /^[A-Z]{2}$/.test(value) && countries.isValid(value), {
    message: 'must be an ISO 3166-1 alpha-2 country code such as SY, AE or US',
  });

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
});

export const jurisdictionSchema = z.object({
  code: countryCode,
  flag: z.enum(JURISDICTION_FLAGS),
  from: periodStart.optional(),
  to: periodEnd.optional(),
  source: optionalText,
});

export const listDefinitionSchema = z.object({
  code: text,
  name: text,
  authority: text,
  blocking: yesNo,
  source: optionalText,
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
