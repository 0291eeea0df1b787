// Precompiled checks for the two big collections, entities and relationships: a row they accept
// is one the zod schema and the model checks of validate-dataset.ts accept, with the same output.
// They only ever accept; a row they doubt goes through the ordinary path, which reports its
// problems. So the rules and messages stay in one place, and the common row skips zod.
import countries from '../domain/countries.ts';
import { parsePartialDate, type IsoDay } from '../domain/dates.ts';
import {
  ENTITY_KINDS,
  EVIDENCE_GRADES,
  ID_PATTERN,
  RELATIONSHIP_TYPES,
  SECTORS,
  type Entity,
  type EntityKind,
  type RelationshipType,
  type Sector,
} from '../domain/schema.ts';
import type { EdgeInput } from '../store/compact/compact-graph-builder.ts';

const KINDS = new Set<string>(ENTITY_KINDS);
const SECTOR_SET = new Set<string>(SECTORS);
const TYPES = new Set<string>(Object.keys(RELATIONSHIP_TYPES));
const EVIDENCE = new Set<string>(EVIDENCE_GRADES);
/** The country codes the schema accepts, upper case. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()).filter((code) => /^[A-Z]{2}$/.test(code) && countries.isValid(code)));
const SHARE_TEXT = /^\d{1,3}(\.\d{1,12})?$/;

export const FAST_ENTITY_COLUMNS = ['id', 'name', 'kind', 'country', 'sector', 'aliases', 'address', 'source'] as const;
export const FAST_RELATIONSHIP_COLUMNS = ['source', 'target', 'type', 'product', 'start', 'end', 'share', 'stated_end_user', 'evidence', 'source_ref'] as const;

/** Where each column the fast checks know sits in a file's header (-1 when absent), and the columns they do not know. */
export interface ColumnPlan {
  at: Record<string, number>;
  unknown: number[];
}

export function planColumns(header: readonly string[], known: readonly string[]): ColumnPlan {
  const at = Object.fromEntries(known.map((name) => [name, header.indexOf(name)]));
  const unknown = header.map((name, index) => (known.includes(name) ? -1 : index)).filter((index) => index !== -1);
  return { at, unknown };
}

/** The entity a row holds, or undefined when the ordinary path must judge it. */
export function fastEntity(cells: readonly string[], plan: ColumnPlan): Entity | undefined {
  if (hasUnknownValue(cells, plan)) return undefined;
  const at = plan.at;
  const id = trimmed(cells, at.id!);
  const name = trimmed(cells, at.name!);
  const kind = exact(cells, at.kind!);
  if (id === undefined || !ID_PATTERN.test(id) || name === undefined || kind === undefined || !KINDS.has(kind)) return undefined;
  const entity: Entity = { id, name, kind: kind as EntityKind, aliases: [] };
  const country = trimmed(cells, at.country!)?.toUpperCase();
  if (country !== undefined) {
    if (!COUNTRY_CODES.has(country)) return undefined;
    entity.country = country;
  }
  const sector = exact(cells, at.sector!);
  if (sector !== undefined) {
    if (!SECTOR_SET.has(sector)) return undefined;
    entity.sector = sector as Sector;
  }
  if (trimmed(cells, at.aliases!) !== undefined) {
    entity.aliases = cells[at.aliases!]!.split(';').map((alias) => alias.trim()).filter((alias) => alias !== '');
  }
  const address = trimmed(cells, at.address!);
  if (address !== undefined) entity.address = address;
  const source = trimmed(cells, at.source!);
  if (source !== undefined) entity.source = source;
  return entity;
}

/** What the relationship checks need to know of the entities read before. */
export interface EntityIndex {
  indexOf(id: string): number | undefined;
  kindAt(index: number): EntityKind;
}

/** Column positions of a relationships file, as plain numbers (-1 when absent) for a hot loop. */
export interface RelationshipColumns {
  source: number;
  target: number;
  type: number;
  product: number;
  start: number;
  end: number;
  share: number;
  statedEndUser: number;
  evidence: number;
  sourceRef: number;
  unknown: readonly number[];
}

export function relationshipColumns(plan: ColumnPlan): RelationshipColumns {
  const at = (name: string) => plan.at[name] ?? -1;
  return {
    source: at('source'),
    target: at('target'),
    type: at('type'),
    product: at('product'),
    start: at('start'),
    end: at('end'),
    share: at('share'),
    statedEndUser: at('stated_end_user'),
    evidence: at('evidence'),
    sourceRef: at('source_ref'),
    unknown: plan.unknown,
  };
}

/** The relationship a row holds, checked against the model too, or undefined when the ordinary path must judge it. */
export function fastRelationship(cells: readonly string[], at: RelationshipColumns, entities: EntityIndex, dates: DateCache): EdgeInput | undefined {
  for (const index of at.unknown) if (cells[index]!.trim() !== '') return undefined;
  const type = exact(cells, at.type);
  if (type === undefined || !TYPES.has(type)) return undefined;
  const rules = RELATIONSHIP_TYPES[type as RelationshipType];
  const source = knownEntity(trimmed(cells, at.source), entities);
  const target = knownEntity(trimmed(cells, at.target), entities);
  if (source === undefined || target === undefined) return undefined;
  if (!rules.targetMayBePerson && entities.kindAt(target) === 'person') return undefined;
  const startText = trimmed(cells, at.start);
  const endText = trimmed(cells, at.end);
  const start = startText === undefined ? undefined : dates.day(startText, 'start');
  const end = endText === undefined ? undefined : dates.day(endText, 'end');
  if (start === null || end === null) return undefined;
  if (start !== undefined && end !== undefined && start > end) return undefined;
  const shareText = exact(cells, at.share);
  if ((shareText !== undefined) !== (rules.share === 'required')) return undefined;
  let share: number | undefined;
  if (shareText !== undefined) {
    share = Number(shareText);
    if (!SHARE_TEXT.test(shareText) || !(share > 0 && share <= 100)) return undefined;
  }
  const statedEndUserText = trimmed(cells, at.statedEndUser);
  let statedEndUser: number | undefined;
  if (statedEndUserText !== undefined) {
    statedEndUser = knownEntity(statedEndUserText, entities);
    if (statedEndUser === undefined || rules.statedEndUser === 'forbidden') return undefined;
  }
  const evidence = exact(cells, at.evidence);
  if (evidence !== undefined && !EVIDENCE.has(evidence)) return undefined;
  // Every field set, present or not: one object shape keeps the builder's loop fast.
  return {
    source,
    target,
    type: type as RelationshipType,
    product: trimmed(cells, at.product),
    start,
    end,
    share,
    statedEndUser,
    evidence,
    sourceRef: trimmed(cells, at.sourceRef),
  };
}

/** Parsed partial dates, remembered: real data repeats a few thousand distinct dates. */
export class DateCache {
  private readonly starts = new Map<string, IsoDay | null>();
  private readonly ends = new Map<string, IsoDay | null>();

  /** The ISO day, or null when the text is not a date. */
  day(text: string, edge: 'start' | 'end'): IsoDay | null {
    if (isValidFullDay(text)) return text;
    const cache = edge === 'start' ? this.starts : this.ends;
    let day = cache.get(text);
    if (day === undefined) {
      day = parsePartialDate(text, edge) ?? null;
      cache.set(text, day);
    }
    return day;
  }
}

/** Every id in the index passed the id pattern when its entity was read. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `text` is a real YYYY-MM-DD day, which parsePartialDate returns unchanged; no lookup needed. */
function isValidFullDay(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  // Date.UTC, which dates.ts uses, reads years 0-99 as 1900-1999.
  const fullYear = year < 100 ? 1900 + year : year;
  const leap = (fullYear % 4 === 0 && fullYear % 100 !== 0) || fullYear % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** The number written by the ASCII digits text[from..to), or -1 when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

function knownEntity(id: string | undefined, entities: EntityIndex): number | undefined {
  return id === undefined ? undefined : entities.indexOf(id);
}

/** A cell counts as present when it is not blank, as read-csv.ts decides. */
function trimmed(cells: readonly string[], index: number): string | undefined {
  if (index < 0) return undefined;
  const value = cells[index]!.trim();
  return value === '' ? undefined : value;
}

/** A present cell as written: enums and numbers are not trimmed by the schema. */
function exact(cells: readonly string[], index: number): string | undefined {
  return trimmed(cells, index) === undefined ? undefined : cells[index];
}

function hasUnknownValue(cells: readonly string[], plan: ColumnPlan): boolean {
  for (const index of plan.unknown) if (cells[index]!.trim() !== '') return true;
  return false;
}
