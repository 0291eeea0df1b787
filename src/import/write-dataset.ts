// Writes a dataset as the normal folder of CSV files that `enduse validate --data DIR` reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { COLLECTIONS, COLLECTION_NAMES, columnsOf, type Dataset } from '../domain/schema.ts';
import { CSV_FILE_NAMES } from '../load/read-source.ts';

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain numbers (negative ones included) are left alone: they are not formulas. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Neutralises a cell for spreadsheets: a value starting with = + - @ TAB or CR gets a leading
 * apostrophe, unless the whole value is a plain number such as `-12.5`. Ids never start with
 * such a character (see toEntityId) and dates start with a digit, so both survive unchanged.
 *
 * @example neutraliseFormula('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * @example neutraliseFormula('-12.5') // '-12.5'
 */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/**
 * Writes entities.csv, relationships.csv, listings.csv and jurisdictions.csv into `directory`
 * (created if needed) with the schema's columns; lists are joined with `;`.
 *
 * @example writeDataset(result.dataset, 'out/sdn')
 */
export function writeDataset(dataset: Dataset, directory: string): string[] {
  mkdirSync(directory, { recursive: true });
  const written: string[] = [];
  for (const name of COLLECTION_NAMES) {
    const columns = columnsOf(COLLECTIONS[name]).all;
    const rows = (dataset[name] as unknown as Record<string, unknown>[]).map((row) => columns.map((column) => cellOf(row[column])));
    const file = join(directory, CSV_FILE_NAMES[name]);
    writeFileSync(file, stringify([columns, ...rows]));
    written.push(file);
  }
  return written;
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return neutraliseFormula(value.map((item) => String(item).replaceAll(';', ',')).join(';'));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return neutraliseFormula(String(value));
}
