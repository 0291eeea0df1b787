// Every row that enduse ships, reference data and cases alike, names its source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/load/load-datasets.ts';

function csvFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.csv'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Relationships cite their source in `source_ref`; `source` there is the seller. */
const SOURCE_COLUMN: Record<string, string> = { 'relationships.csv': 'source_ref' };

describe('shipped data', () => {
  const files = [...csvFilesUnder(join(DATA_DIR, 'reference')), ...csvFilesUnder(join(DATA_DIR, 'cases'))];

  it('finds the reference and case files', () => {
    expect(files.length).toBeGreaterThanOrEqual(3 + 3 * 4);
  });

  it.each(files)('%s: every row has a source', (file) => {
    const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
    const sourceColumn = SOURCE_COLUMN[file.split('/').pop()!] ?? 'source';
    const unsourcedRowNumbers = rows.flatMap((row, index) => ((row[sourceColumn] ?? '').trim() === '' ? [index + 1] : []));
    expect(unsourcedRowNumbers).toEqual([]);
  });
});
