// Reads one CSV file into raw rows, checking its header against a collection's columns.
import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Problem } from '../domain/errors.ts';
import type { RawRow } from './raw-rows.ts';
import { readUtf8 } from './read-text.ts';

export interface ColumnSpec {
  all: string[];
  required: string[];
}

export interface CsvReadResult {
  rows: RawRow[];
  problems: Problem[];
}

/**
 * Parses `file` with a real CSV parser (RFC 4180 quoting, BOM accepted) and returns one raw
 * row per record, with empty cells left out. Header problems (missing required or unknown
 * columns) and ragged rows are reported with their line.
 */
export function readCsvFile(file: string, columns: ColumnSpec, maxBytes?: number): CsvReadResult {
  if (!existsSync(file)) return { rows: [], problems: [{ file, message: 'does not exist' }] };
  const decoded = readUtf8(file, maxBytes);
  if (!decoded.ok) return { rows: [], problems: [decoded.problem] };
  return parseCsvText(decoded.text, file, columns);
}

export function parseCsvText(text: string, file: string, columns: ColumnSpec): CsvReadResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') {
    return { rows: [], problems: [{ file, line: 1, message: `file is empty; expected a header row with columns ${columns.all.join(', ')}` }] };
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const csvError = error as { message: string; lines?: number };
    return { rows: [], problems: [{ file, line: csvError.lines, message: `is not readable CSV: ${csvError.message}` }] };
  }
  const [headerRecord, ...dataRecords] = records;
  if (headerRecord === undefined) return { rows: [], problems: [{ file, line: 1, message: 'has no header row' }] };

  const header = headerRecord.record.map((name) => name.trim());
  const problems = checkHeader(header, columns, file, headerRecord.info.lines);
  if (problems.length > 0) return { rows: [], problems };

  const rows: RawRow[] = [];
  for (const { record, info } of dataRecords) {
    if (record.length !== header.length) {
      problems.push(raggedRowProblem(file, info.lines, record.length, header.length));
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((name, index) => {
      const cell = record[index] ?? '';
      if (cell.trim() !== '') values[name] = cell;
    });
    rows.push({ values, place: { file, line: info.lines } });
  }
  return { rows, problems };
}

/** A record whose field count differs from the header's. */
export function raggedRowProblem(file: string, line: number, fields: number, headerFields: number): Problem {
  return { file, line, message: `has ${fields} fields but the header has ${headerFields}; quote values that contain commas` };
}

/** Header problems reported one by one; past this, one line counts the rest (a million-column header). */
const MAX_HEADER_PROBLEMS = 50;

export function checkHeader(header: string[], columns: ColumnSpec, file: string, line: number): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  let more = 0;
  const report = (problem: Problem) => (problems.length < MAX_HEADER_PROBLEMS ? problems.push(problem) : more++);
  for (const name of header) {
    if (seen.has(name)) report({ file, line, field: name, message: 'column appears twice in the header' });
    seen.add(name);
    if (!columns.all.includes(name)) {
      report({ file, line, field: name, message: `unknown column; expected columns are ${columns.all.join(', ')}` });
    }
  }
  if (more > 0) problems.push({ file, line, message: `and ${more} more problems in the header (${header.length} columns)` });
  for (const name of columns.required) {
    if (!seen.has(name)) problems.push({ file, line, field: name, message: `required column is missing; required columns are ${columns.required.join(', ')}` });
  }
  return problems;
}
