// Writes a graph as the CSV files of Neo4j's bulk importer (`neo4j-admin database import full`):
// typed headers, the labels, types and properties the driver load writes (graph-names.ts,
// load-statements.ts), and an argument file that says how to import them.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship } from '../../domain/schema.ts';
import type { GraphView } from '../graph-view.ts';
import { ENTITY_LABEL, JURISDICTION_FLAG_LABEL, LISTED_ON, LIST_LABEL, kindLabel } from './graph-names.ts';
import { ENTITY_PROPERTIES, JURISDICTION_FLAG_PROPERTIES, LISTING_PROPERTIES, LIST_PROPERTIES, RELATIONSHIP_PROPERTIES } from './load-statements.ts';
import { flagPeriodKey, listingKey } from '../../domain/record-identity.ts';

/**
 * Between the items of a list property (aliases, identifiers). The importer's default `;` occurs
 * in data; the unit separator does not in any text a person types, and a value holding one is refused.
 */
export const ARRAY_DELIMITER = '\u001f';
/** The same, as neo4j-admin's --array-delimiter takes it. */
const ARRAY_DELIMITER_OPTION = 'U+001F';

/** The argument file: one neo4j-admin argument per line, file names relative to the folder. */
export const ADMIN_IMPORT_ARGS_FILE = 'neo4j-admin-import.args';

/** The files, each one header and its rows; `nodes-*` are given as --nodes, `relationships-*` as --relationships. */
export const ADMIN_IMPORT_FILES = {
  lists: 'nodes-lists.csv',
  entities: 'nodes-entities.csv',
  jurisdictions: 'nodes-jurisdiction-flags.csv',
  relationships: 'relationships-entities.csv',
  listings: 'relationships-listings.csv',
} as const;

// ID spaces: a relationship names the space of each end, so an entity id and a list code never meet.
const ENTITY_ID_SPACE = ENTITY_LABEL;
const LIST_ID_SPACE = LIST_LABEL;
const JURISDICTION_FLAG_ID_SPACE = JURISDICTION_FLAG_LABEL;

/**
 * The importer stores a column as a string unless its header says otherwise; these are the
 * properties the driver load stores as something else (what the JavaScript driver sends for a
 * string array, a number and a boolean). The parity tests check the two loads read back alike.
 */
const RELATIONSHIP_KEYS = RELATIONSHIP_PROPERTIES as (keyof Relationship)[];

const PROPERTY_TYPES: Readonly<Record<string, string>> = { aliases: 'string[]', identifiers: 'string[]', measures: 'string[]', destinations: 'string[]', share: 'double', unverified: 'boolean' };

export interface AdminImportSummary {
  files: string[];
  rows: { lists: number; entities: number; jurisdictions: number; relationships: number; listings: number };
  /** Whether a value spans lines: the import then needs --multiline-fields=true (slower), which the argument file says. */
  multilineFields: boolean;
  /** The neo4j-admin arguments, file names relative to the folder (also in ADMIN_IMPORT_ARGS_FILE). */
  arguments: string[];
}

/** Why a list value cannot be written. */
export const UNWRITABLE_LIST_ITEM = 'a list item holds the character U+001F, which the neo4j-admin files use between list items';

/** A value the format cannot hold, with where it is. */
export class UnwritableValueError extends Error {
  constructor(
    readonly record: string,
    readonly field: string,
  ) {
    super(`${record} ${field}: ${UNWRITABLE_LIST_ITEM}`);
  }
}

/**
 * Writes every row of `view` into `folder` (which must exist and be empty) as neo4j-admin import
 * files. Listings and jurisdiction flag periods get the ids the driver load gives them, and like
 * it each is written once.
 * @example const summary = await writeAdminImportFiles(view, '/tmp/export'); summary.arguments
 */
export async function writeAdminImportFiles(view: GraphView, folder: string): Promise<AdminImportSummary> {
  const writer = new AdminImportWriter(folder);
  try {
    for (const list of view.lists()) writer.list(list);
    for (const entity of view.entities()) writer.entity(entity);
    for (const period of view.jurisdictions()) writer.jurisdiction(period);
    for (const relationship of view.relationships()) writer.relationship(relationship);
    for (const listing of view.listings()) writer.listing(listing);
    return writer.finish();
  } finally {
    writer.close();
  }
}

/**
 * The import files, written a row at a time as rows come (from a view, or straight from the
 * dataset files as they are read: admin-import-export.ts). Listings and jurisdiction flag periods
 * get the ids the driver load gives them, and like it each is written once; relationships carry
 * their id already.
 */
export class AdminImportWriter {
  readonly rows = { lists: 0, entities: 0, jurisdictions: 0, relationships: 0, listings: 0 };
  private multilineFields = false;
  private readonly files: Record<keyof typeof ADMIN_IMPORT_FILES, LineFile>;
  private readonly listingIds = new Set<string>();
  private readonly periodIds = new Set<string>();

  /** Creates the five files in `folder`, which must exist and hold none of them. */
  constructor(private readonly folder: string) {
    const open = (file: string, header: string[]) => {
      const out = new LineFile(join(folder, file));
      out.line(header.map(encodeField).join(','));
      return out;
    };
    const files: Partial<Record<keyof typeof ADMIN_IMPORT_FILES, LineFile>> = {};
    try {
      files.lists = open(ADMIN_IMPORT_FILES.lists, [...LIST_PROPERTIES.map((name) => (name === 'code' ? `code:ID(${LIST_ID_SPACE})` : header(name))), ':LABEL']);
      files.entities = open(ADMIN_IMPORT_FILES.entities, [...ENTITY_PROPERTIES.map((name) => (name === 'id' ? `id:ID(${ENTITY_ID_SPACE})` : header(name))), ':LABEL']);
      files.jurisdictions = open(ADMIN_IMPORT_FILES.jurisdictions, [...JURISDICTION_FLAG_PROPERTIES.map((name) => (name === 'id' ? `id:ID(${JURISDICTION_FLAG_ID_SPACE})` : header(name))), ':LABEL']);
      files.relationships = open(ADMIN_IMPORT_FILES.relationships, [`:START_ID(${ENTITY_ID_SPACE})`, `:END_ID(${ENTITY_ID_SPACE})`, ':TYPE', ...RELATIONSHIP_PROPERTIES.map(header)]);
      files.listings = open(ADMIN_IMPORT_FILES.listings, [`:START_ID(${ENTITY_ID_SPACE})`, `:END_ID(${LIST_ID_SPACE})`, ':TYPE', ...LISTING_PROPERTIES.map(header)]);
    } catch (error) {
      for (const file of Object.values(files)) file.close();
      throw error;
    }
    this.files = files as Record<keyof typeof ADMIN_IMPORT_FILES, LineFile>;
  }

  list(list: ListDefinition): void {
    this.write('lists', [...LIST_PROPERTIES.map((name) => listValue(list[name as keyof ListDefinition], `list '${list.code}'`, name)), LIST_LABEL]);
  }

  entity(entity: Entity): void {
    this.write('entities', [...ENTITY_PROPERTIES.map((name) => listValue(entity[name as keyof Entity], `entity '${entity.id}'`, name)), `${ENTITY_LABEL}${ARRAY_DELIMITER}${kindLabel(entity.kind)}`]);
  }

  jurisdiction(period: JurisdictionFlagPeriod): void {
    const id = flagPeriodKey(period);
    if (this.periodIds.has(id)) return;
    this.write('jurisdictions', [...JURISDICTION_FLAG_PROPERTIES.map((name) => (name === 'id' ? id : listValue(period[name as keyof JurisdictionFlagPeriod], `jurisdiction flag '${id}'`, name))), JURISDICTION_FLAG_LABEL]);
    this.periodIds.add(id);
  }

  relationship(relationship: Relationship): void {
    // Millions of rows: the line is built directly, without a list of cells.
    let line = `${encodeField(relationship.source)},${encodeField(relationship.target)},${relationship.type}`;
    for (const name of RELATIONSHIP_KEYS) line += `,${encodeField(relationship[name])}`;
    this.take('relationships', line);
  }

  listing(listing: Listing): void {
    const id = listingKey(listing);
    if (this.listingIds.has(id)) return;
    this.write('listings', [listing.entity_id, listing.list, LISTED_ON, ...LISTING_PROPERTIES.map((name) => (name === 'id' ? id : listValue(listing[name as keyof Listing], `listing '${id}'`, name)))]);
    this.listingIds.add(id);
  }

  /** Completes the files and writes the argument file; the writer is then closed. */
  finish(): AdminImportSummary {
    this.close();
    const args = adminImportArguments(this.multilineFields);
    const argsFile = new LineFile(join(this.folder, ADMIN_IMPORT_ARGS_FILE));
    for (const argument of args) argsFile.line(argument);
    argsFile.close();
    return { files: [...Object.values(ADMIN_IMPORT_FILES), ADMIN_IMPORT_ARGS_FILE], rows: { ...this.rows }, multilineFields: this.multilineFields, arguments: args };
  }

  /** Flushes and closes the files (again is harmless): after a failure, before they are removed. */
  close(): void {
    for (const file of Object.values(this.files)) file.close();
  }

  private write(kind: keyof typeof ADMIN_IMPORT_FILES, cells: unknown[]): void {
    let line = encodeField(cells[0]);
    for (let at = 1; at < cells.length; at++) line += `,${encodeField(cells[at])}`;
    this.take(kind, line);
  }

  private take(kind: keyof typeof ADMIN_IMPORT_FILES, line: string): void {
    // Only a quoted field can hold a line break.
    if (!this.multilineFields && line.includes('"') && /[\r\n]/.test(line)) this.multilineFields = true;
    this.files[kind].line(line);
    this.rows[kind] += 1;
  }
}

/**
 * The options of `neo4j-admin database import full` for these files, file names relative to
 * their folder (prefix them with where the folder is mounted). The database name goes before
 * them: --nodes and --relationships take every word after them as a file.
 */
export function adminImportArguments(multilineFields: boolean): string[] {
  return [
    `--array-delimiter=${ARRAY_DELIMITER_OPTION}`,
    ...(multilineFields ? ['--multiline-fields=true'] : []),
    ...[ADMIN_IMPORT_FILES.lists, ADMIN_IMPORT_FILES.entities, ADMIN_IMPORT_FILES.jurisdictions].map((file) => `--nodes=${file}`),
    ...[ADMIN_IMPORT_FILES.relationships, ADMIN_IMPORT_FILES.listings].map((file) => `--relationships=${file}`),
  ];
}

function header(name: string): string {
  const type = PROPERTY_TYPES[name];
  return type === undefined ? name : `${name}:${type}`;
}

/**
 * The first field of `record` the files cannot hold (a list item with ARRAY_DELIMITER in it), if
 * any: the writer throws UnwritableValueError for it, a reader checking rows can ask first.
 */
export function unwritableField(record: object): string | undefined {
  for (const [field, value] of Object.entries(record)) if (Array.isArray(value) && value.some((item) => String(item).includes(ARRAY_DELIMITER))) return field;
  return undefined;
}

/** A list joined for the importer; anything else as it is. */
function listValue(value: unknown, record: string, field: string): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return undefined;
  if (value.some((item) => String(item).includes(ARRAY_DELIMITER))) throw new UnwritableValueError(record, field);
  return value.join(ARRAY_DELIMITER);
}

/**
 * One CSV field as the importer reads it (RFC 4180 quoting, `"` doubled). A missing value is an
 * empty unquoted field, which the importer stores as no property, as the driver load does; an
 * empty string is `""`, stored as an empty string. An empty list is a missing value: the importer
 * cannot write an empty array (the reader gives `aliases` back as [] either way).
 */
export function encodeField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  if (text === '') return '""';
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A file written line by line through a buffer, a megabyte per synchronous write: the rows come
 * from synchronous readers, and a local disk keeps up with them.
 */
class LineFile {
  private readonly descriptor: number;
  private buffered: string[] = [];
  private size = 0;
  private closed = false;

  constructor(path: string) {
    this.descriptor = openSync(path, 'wx');
  }

  line(text: string): void {
    this.buffered.push(text);
    this.size += text.length + 1;
    if (this.size >= 1 << 20) this.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      closeSync(this.descriptor);
    }
  }

  private flush(): void {
    if (this.buffered.length === 0) return;
    const chunk = `${this.buffered.join('\n')}\n`;
    this.buffered = [];
    this.size = 0;
    const bytes = Buffer.from(chunk);
    // A write may take less than it was given (a full disk throws instead).
    for (let done = 0; done < bytes.length; ) done += writeSync(this.descriptor, bytes, done);
  }
}
