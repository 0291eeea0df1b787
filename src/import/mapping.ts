// Imports any spreadsheet through a declarative mapping (YAML or JSON): which input file,
// how columns become entity, relationship and listing fields, which rows to keep.
// Worked examples: data/mappings/*.yaml.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import type { ListDefinition } from '../domain/schema.ts';
import { alpha2OfCountryName } from './country-names.ts';
import { readLegacyText } from './decode-text.ts';
import { toEntityId } from './entity-id.ts';
import { ImportCollector, finishImport, type ImportResult } from './import-report.ts';
import { mappingSchema, type Mapping, type RowFilter, type Template, type ValueSpec } from './mapping-schema.ts';
import { readInputFile } from '../load/input-file.ts';

const ID_FIELDS = new Set(['id', 'source', 'target', 'entity_id', 'stated_end_user']);
const COLLECTION_KEYS = ['entities', 'relationships', 'listings'] as const;
const TEMPLATE_KEYS = new Set(['from', 'where', 'distinct']);

interface Table {
  file: string;
  header: string[];
  rows: { line: number; cells: Record<string, string> }[];
}

/**
 * Reads the mapping, its input tables, builds rows per template and validates them.
 * `overrides` replaces input files by name (`''` replaces the only input).
 *
 * @example importMapping('data/mappings/kek-media-ownership.yaml', readReference().lists)
 */
export function importMapping(mappingFile: string, lists: ReadonlyMap<string, ListDefinition>, overrides: Record<string, string> = {}): ImportResult {
  const mapping = readMapping(mappingFile);
  const tables = readInputs(mapping, mappingFile, overrides);
  const collector = new ImportCollector();
  for (const collection of COLLECTION_KEYS) {
    (mapping[collection] as Template[]).forEach((template, index) => applyTemplate(template, `${collection}[${index}]`, collection, tables, mappingFile, collector));
  }
  return finishImport(collector, lists);
}

/** Parses and checks a mapping file; every problem names its key, e.g. `relationships[0].share`. */
export function readMapping(file: string): Mapping {
  if (!existsSync(file)) throw new InvalidInputError('mapping not found', [{ file, field: '--mapping', message: 'does not exist' }]);
  const read = readInputFile(file);
  if (!read.ok) throw new InvalidInputError('mapping not read', [read.problem]);
  const text = read.bytes.toString('utf8');
  let document: unknown;
  try {
    document = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InvalidInputError('mapping is not readable', [{ file, message: `is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message}` }]);
  }
  const parsed = mappingSchema.safeParse(document);
  if (!parsed.success) {
    throw new InvalidInputError('mapping is invalid', parsed.error.issues.map((issue) => ({ file, field: issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, ''), message: issue.message })));
  }
  const problems: Problem[] = [];
  for (const collection of COLLECTION_KEYS) {
    (parsed.data[collection] as Template[]).forEach((template, index) => {
      if (template.from !== undefined && parsed.data.inputs[template.from] === undefined) {
        problems.push({ file, field: `${collection}[${index}].from`, message: `names no input; inputs are ${Object.keys(parsed.data.inputs).join(', ')}` });
      }
    });
  }
  if (problems.length > 0) throw new InvalidInputError('mapping is invalid', problems);
  return parsed.data;
}

function readInputs(mapping: Mapping, mappingFile: string, overrides: Record<string, string>): Map<string, Table> {
  const names = Object.keys(mapping.inputs);
  const tables = new Map<string, Table>();
  for (const name of names) {
    const spec = mapping.inputs[name]!;
    const declared = typeof spec === 'string' ? spec : spec.file;
    const override = overrides[name] ?? (names.length === 1 ? overrides[''] : undefined);
    const file = override ?? resolve(dirname(mappingFile), declared);
    if (!existsSync(file)) throw new InvalidInputError('mapping input not found', [{ file, field: `inputs.${name}`, message: 'does not exist; fix the path (relative to the mapping file) or pass --input NAME=FILE' }]);
    const delimiter = typeof spec === 'string' ? ',' : spec.delimiter;
    const records = parseCsv(readLegacyText(file).text, { info: true, relax_column_count: true, skip_empty_lines: true, delimiter }) as unknown as { record: string[]; info: { lines: number } }[];
    const [headerRecord, ...body] = records;
    const header = (headerRecord?.record ?? []).map((column) => column.trim());
    const rows = body.map(({ record, info }) => ({ line: info.lines, cells: Object.fromEntries(header.map((column, index) => [column, (record[index] ?? '').replace(/\s+/g, ' ').trim()])) }));
    tables.set(name, { file, header, rows });
  }
  return tables;
}

function applyTemplate(template: Template, key: string, collection: (typeof COLLECTION_KEYS)[number], tables: Map<string, Table>, mappingFile: string, collector: ImportCollector): void {
  const table = template.from === undefined ? { file: mappingFile, header: [], rows: [{ line: 0, cells: {} }] } : tables.get(template.from)!;
  checkColumns(template, key, table, mappingFile);
  const seen = new Set<string>();
  let folded = 0;
  for (const row of table.rows) {
    const place = template.from === undefined ? { file: mappingFile } : { file: table.file, line: row.line };
    const failed = template.where.find((filter) => !passes(filter, row.cells[filter.column] ?? ''));
    if (failed) {
      collector.skip(place, `filtered out by ${key}.where`, `column '${failed.column}' is '${row.cells[failed.column] ?? ''}'`);
      continue;
    }
    const values: Record<string, string | string[] | undefined> = {};
    for (const [field, spec] of Object.entries(template)) {
      if (TEMPLATE_KEYS.has(field) || spec === undefined) continue;
      const value = evaluate(spec as ValueSpec, row.cells, (name) => collector.warn(place, 'unmapped country', `'${name}' in ${key}.${field} is no ISO 3166 country; left empty`));
      values[field] = ID_FIELDS.has(field) && typeof value === 'string' ? toEntityId(value) || undefined : value;
    }
    if (template.distinct) {
      const signature = JSON.stringify(collection === 'entities' ? values.id : values);
      if (seen.has(signature)) {
        folded++;
        continue;
      }
      seen.add(signature);
    }
    if (collection === 'entities') collector.entity(values, place);
    else if (collection === 'relationships') collector.relationship(values, place);
    else collector.listing(values, place);
  }
  if (folded > 0) collector.warn({ file: table.file }, 'repeated rows folded', `${folded} rows of ${key} repeated ${collection === 'entities' ? 'an id' : 'a row'} already produced (distinct: true); the first is kept`);
}

/** Every column a template names must be in its input's header: a typo is a mapping error, not empty data. */
function checkColumns(template: Template, key: string, table: Table, mappingFile: string): void {
  const problems: Problem[] = [];
  const check = (column: string, field: string) => {
    if (!table.header.includes(column)) problems.push({ file: mappingFile, field: `${key}.${field}`, message: `column '${column}' is not in ${table.file}; columns are ${table.header.join(', ') || '(none: give from:)'}` });
  };
  template.where.forEach((filter, index) => check(filter.column, `where[${index}].column`));
  for (const [field, spec] of Object.entries(template)) {
    if (TEMPLATE_KEYS.has(field) || spec === undefined) continue;
    for (const column of columnsOf(spec as ValueSpec)) check(column, field);
  }
  if (problems.length > 0) throw new InvalidInputError('mapping does not fit its input', problems);
}

function columnsOf(spec: ValueSpec): string[] {
  if (typeof spec === 'string') return placeholders(spec);
  return [...(spec.template === undefined ? [] : placeholders(spec.template)), ...(spec.column === undefined ? [] : [spec.column]), ...(spec.join ?? [])];
}

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]!);
}

function fill(template: string, cells: Record<string, string>): string {
  let empty = false;
  const filled = template.replace(/\{([^{}]+)\}/g, (_, column: string) => {
    const cell = cells[column] ?? '';
    if (cell === '') empty = true;
    return cell;
  });
  return empty ? '' : filled;
}

/** The value of one field for one row; '' or undefined when empty. */
function evaluate(spec: ValueSpec, cells: Record<string, string>, unmappedCountry: (name: string) => void): string | string[] | undefined {
  if (typeof spec === 'string') return fill(spec, cells);
  let value = spec.template !== undefined ? fill(spec.template, cells) : spec.column !== undefined ? (cells[spec.column] ?? '') : spec.join!.map((column) => cells[column] ?? '').filter((cell) => cell !== '').join(spec.separator);
  if (spec.map !== undefined) value = spec.map[value] ?? '';
  if (value === '' && spec.default !== undefined) value = spec.default;
  if (value === '') return undefined;
  if (spec.date !== undefined) return readDate(value, spec.date) ?? value;
  if (spec.country === true) {
    const code = alpha2OfCountryName(value);
    if (code === undefined) unmappedCountry(value);
    return code;
  }
  if (spec.split !== undefined) return value.split(spec.split).map((part) => part.trim()).filter((part) => part !== '');
  return value;
}

/**
 * Reads `value` with a format of YYYY, MM, M, DD, D and literal characters; returns the ISO
 * form (YYYY, YYYY-MM or YYYY-MM-DD), or undefined so that validation reports the raw value.
 *
 * @example readDate('23.04.2012', 'DD.MM.YYYY') // '2012-04-23'
 */
export function readDate(value: string, format: string): string | undefined {
  const order: string[] = [];
  const pattern = format.replace(/YYYY|MM|DD|M|D|[.*+?^${}()|[\]\\]/g, (token) => {
    if (token === 'YYYY') return order.push('year'), '(\\d{4})';
    if (token === 'MM' || token === 'M') return order.push('month'), token === 'MM' ? '(\\d{2})' : '(\\d{1,2})';
    if (token === 'DD' || token === 'D') return order.push('day'), token === 'DD' ? '(\\d{2})' : '(\\d{1,2})';
    return `\\${token}`;
  });
  const match = new RegExp(`^${pattern}$`).exec(value.trim());
  if (!match) return undefined;
  const parts: Record<string, string> = {};
  order.forEach((name, index) => (parts[name] = match[index + 1]!.padStart(name === 'year' ? 4 : 2, '0')));
  return [parts.year, parts.month, parts.month === undefined ? undefined : parts.day].filter((part) => part !== undefined).join('-');
}

function passes(filter: RowFilter, cell: string): boolean {
  if (filter.present !== undefined && (cell !== '') !== filter.present) return false;
  if (filter.equals !== undefined && cell !== filter.equals) return false;
  if (filter.notEquals !== undefined && cell === filter.notEquals) return false;
  if (filter.in !== undefined && !filter.in.includes(cell)) return false;
  if (filter.notIn !== undefined && filter.notIn.includes(cell)) return false;
  if (filter.matches !== undefined && !new RegExp(filter.matches).test(cell)) return false;
  return true;
}
