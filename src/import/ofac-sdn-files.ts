// Reads OFAC's legacy SDN CSV files (sdn.csv, add.csv, alt.csv): no header, `-0-` for null,
// a trailing SUB (0x1A) byte, and text that may be Windows-1252 rather than UTF-8.
// Layout: https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas
import { parse } from 'csv-parse/sync';
import { readLegacyText } from './decode-text.ts';
import type { ImportCollector } from './import-report.ts';

export const SDN_COLUMNS = ['ent_num', 'SDN_Name', 'SDN_Type', 'Program', 'Title', 'Call_Sign', 'Vess_type', 'Tonnage', 'GRT', 'Vess_flag', 'Vess_owner', 'Remarks'] as const;
export const ADD_COLUMNS = ['ent_num', 'add_num', 'address', 'city_state_zip', 'country', 'remarks'] as const;
export const ALT_COLUMNS = ['ent_num', 'alt_num', 'alt_type', 'alt_name', 'remarks'] as const;

export type LegacyRow<Column extends string> = { line: number } & Partial<Record<Column, string>>;

/**
 * Parses one legacy file into rows keyed by the given columns, nulls (`-0-`) left out. Rows
 * with the wrong number of fields are reported to `collector` and skipped.
 *
 * @example readLegacyFile('sdn.csv', SDN_COLUMNS, collector)[0] // { line: 1, ent_num: '36', SDN_Name: 'AEROCARIBBEAN AIRLINES', … }
 */
export function readLegacyFile<Column extends string>(file: string, columns: readonly Column[], collector: ImportCollector): LegacyRow<Column>[] {
  const { text, encoding } = readLegacyText(file);
  if (encoding !== 'utf-8') collector.warn({ file }, 'not UTF-8', 'read as Windows-1252');
  const body = text.replace(/\u001a\s*$/, '');
  const records = parse(body, { info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows: LegacyRow<Column>[] = [];
  for (const { record, info } of records) {
    if (record.length === 1 && record[0]!.trim() === '') continue;
    if (record.length !== columns.length) {
      collector.skip({ file, line: info.lines }, 'wrong number of fields', `${record.length} fields, expected ${columns.length} (${columns.join(', ')})`);
      continue;
    }
    const row = { line: info.lines } as LegacyRow<Column>;
    columns.forEach((column, index) => {
      const value = record[index]!.trim();
      if (value !== '-0-' && value !== '') (row as Record<string, string | number>)[column] = value;
    });
    rows.push(row);
  }
  return rows;
}

/** The programs of an SDN row: `[SDGT] [IFSR]` or `IRAN] [SDGT` → ['IRAN', 'SDGT']. */
export function programsOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(/\]\s*\[/).map((program) => program.replace(/[[\]]/g, '').trim()).filter((program) => program !== '');
}

/** Names in the Remarks field: `a.k.a. 'X'`, `f.k.a. 'Y'`, `n.k.a. 'Z'`. */
export function remarkAliases(remarks: string | undefined): string[] {
  if (remarks === undefined) return [];
  return [...remarks.matchAll(/\b[afn]\.k\.a\.,? '([^']+)'/g)].map((match) => match[1]!.trim());
}

/** Identifiers in the Remarks field as `scheme:value`: IMO and MMSI numbers of vessels. */
export function remarkIdentifiers(remarks: string | undefined): string[] {
  if (remarks === undefined) return [];
  return [
    ...[...remarks.matchAll(/\bIMO (\d{7})\b/g)].map((match) => `imo:${match[1]}`),
    ...[...remarks.matchAll(/\bMMSI (\d{9})\b/g)].map((match) => `mmsi:${match[1]}`),
  ];
}
