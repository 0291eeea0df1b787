// Writes a graph as the CSV files of Neo4j's bulk importer (`neo4j-admin database import full`):
// typed headers, the labels, types and properties the driver load writes (graph-names.ts,
// load-statements.ts), and an argument file that says how to import them.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
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
const PROPERTY_TYPES: Readonly<Record<string, string>> = { aliases: 'string[]', identifiers: 'string[]', measures: 'string[]', destinations: 'string[]', share: 'double', unverified: 'boolean' };

export interface AdminImportSummary {
  files: string[];
  rows: { lists: number; entities: number; jurisdictions: number; relationships: number; listings: number };
  /** Whether a value spans lines: the import then needs --multiline-fields=true (slower), which the argument file says. */
  multilineFields: boolean;
  /** The neo4j-admin arguments, file names relative to the folder (also in ADMIN_IMPORT_ARGS_FILE). */
  arguments: string[];
}

/** A value the format cannot hold, with where it is. */
export class UnwritableValueError extends Error {
  constructor(
    readonly record: string,
    readonly field: string,
  ) {
    super(`${record} ${field}: a list item holds the character U+001F, which the neo4j-admin files use between list items`);
  }
}

/**
 * Writes every row of `view` into `folder` (which must exist and be empty) as neo4j-admin import
 * files. Listings and jurisdiction flag periods get the ids the driver load gives them, and like
 * it each is written once.
 * @example const summary = await writeAdminImportFiles(view, '/tmp/export'); summary.arguments
 */
export async function writeAdminImportFiles(view: GraphView, folder: string): Promise<AdminImportSummary> {
  const rows = { lists: 0, entities: 0, jurisdictions: 0, relationships: 0, listings: 0 };
  let multilineFields = false;
  const write = async <T>(file: string, header: string[], records: Iterable<T>, cells: (record: T) => unknown[]): Promise<number> => {
    const out = new LineFile(join(folder, file));
    let count = 0;
    try {
      await out.line(header.map(encodeField).join(','));
      for (const record of records) {
        const line = cells(record).map(encodeField).join(',');
        // Only a quoted field can hold a line break.
        if (!multilineFields && line.includes('"') && /[\r\n]/.test(line)) multilineFields = true;
        await out.line(line);
        count += 1;
      }
    } finally {
      await out.close();
    }
    return count;
  };

  rows.lists = await write(ADMIN_IMPORT_FILES.lists, [...LIST_PROPERTIES.map((name) => (name === 'code' ? `code:ID(${LIST_ID_SPACE})` : header(name))), ':LABEL'], view.lists(), (list: ListDefinition) => [
    ...LIST_PROPERTIES.map((name) => listValue(list[name as keyof ListDefinition], `list '${list.code}'`, name)),
    LIST_LABEL,
  ]);
  rows.entities = await write(ADMIN_IMPORT_FILES.entities, [...ENTITY_PROPERTIES.map((name) => (name === 'id' ? `id:ID(${ENTITY_ID_SPACE})` : header(name))), ':LABEL'], view.entities(), (entity: Entity) => [
    ...ENTITY_PROPERTIES.map((name) => listValue(entity[name as keyof Entity], `entity '${entity.id}'`, name)),
    `${ENTITY_LABEL}${ARRAY_DELIMITER}${kindLabel(entity.kind)}`,
  ]);
  rows.jurisdictions = await write(
    ADMIN_IMPORT_FILES.jurisdictions,
    [...JURISDICTION_FLAG_PROPERTIES.map((name) => (name === 'id' ? `id:ID(${JURISDICTION_FLAG_ID_SPACE})` : header(name))), ':LABEL'],
    distinctBy(view.jurisdictions(), flagPeriodKey),
    ([id, period]: [string, JurisdictionFlagPeriod]) => [...JURISDICTION_FLAG_PROPERTIES.map((name) => (name === 'id' ? id : listValue(period[name as keyof JurisdictionFlagPeriod], `jurisdiction flag '${id}'`, name))), JURISDICTION_FLAG_LABEL],
  );
  rows.relationships = await write(
    ADMIN_IMPORT_FILES.relationships,
    [`:START_ID(${ENTITY_ID_SPACE})`, `:END_ID(${ENTITY_ID_SPACE})`, ':TYPE', ...RELATIONSHIP_PROPERTIES.map(header)],
    view.relationships(),
    (relationship: Relationship) => [relationship.source, relationship.target, relationship.type, ...RELATIONSHIP_PROPERTIES.map((name) => relationship[name as keyof Relationship])],
  );
  rows.listings = await write(
    ADMIN_IMPORT_FILES.listings,
    [`:START_ID(${ENTITY_ID_SPACE})`, `:END_ID(${LIST_ID_SPACE})`, ':TYPE', ...LISTING_PROPERTIES.map(header)],
    distinctBy(view.listings(), listingKey),
    ([id, listing]: [string, Listing]) => [listing.entity_id, listing.list, LISTED_ON, ...LISTING_PROPERTIES.map((name) => (name === 'id' ? id : listValue(listing[name as keyof Listing], `listing '${id}'`, name)))],
  );

  const args = adminImportArguments(multilineFields);
  const argsFile = new LineFile(join(folder, ADMIN_IMPORT_ARGS_FILE));
  for (const argument of args) await argsFile.line(argument);
  await argsFile.close();
  return { files: [...Object.values(ADMIN_IMPORT_FILES), ADMIN_IMPORT_ARGS_FILE], rows, multilineFields, arguments: args };
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

function* distinctBy<T>(items: Iterable<T>, idOf: (item: T) => string): Iterable<[string, T]> {
  const seen = new Set<string>();
  for (const item of items) {
    const id = idOf(item);
    if (seen.has(id)) continue;
    seen.add(id);
    yield [id, item];
  }
}

/** A file written line by line through a buffer, waiting when the disk falls behind. */
class LineFile {
  private readonly stream: WriteStream;
  private buffered: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
  }

  async line(text: string): Promise<void> {
    this.buffered.push(text);
    this.size += text.length + 1;
    if (this.size >= 1 << 20) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  private async flush(): Promise<void> {
    if (this.buffered.length === 0) return;
    const chunk = `${this.buffered.join('\n')}\n`;
    this.buffered = [];
    this.size = 0;
    // once() rejects when the stream fails instead (a full disk).
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}
