// A dataset folder of CSV files whose values test the CSV formats on the way into Neo4j: quotes,
// commas, line breaks, non-Latin text, empty strings, identical rows; the streaming readers take
// it (no carriage return inside a value, which only the reference reader reads).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { COLLECTIONS, columnsOf, type CollectionName } from '../../src/domain/schema.ts';
import { CSV_FILE_NAMES } from '../../src/load/read-source.ts';

type CsvRows = Record<CollectionName, Record<string, string>[]>;

export const AWKWARD_CSV: CsvRows = {
  entities: [
    { id: 'quoted', name: 'He said "stop", then left', kind: 'company', country: 'AE', aliases: 'x,y;Ünïcødé 名字', source: 'line one\nline two\nline three' },
    { id: 'plain', name: 'Plain Trading LLC', kind: 'front_company', identifiers: 'imo:9187629;merged:quoted' },
    { id: 'end', name: '  spaced inside  ', kind: 'end_user', country: 'SY', sector: 'government' },
  ],
  relationships: [
    { source: 'quoted', target: 'end', type: 'SUPPLIES', product: 'DPI, "deep"', start: '2010', end: '2011-06', stated_end_user: 'plain', evidence: 'leak', source_ref: 'a\nb' },
    { source: 'plain', target: 'quoted', type: 'OWNS', share: '33.3333' },
    { source: 'plain', target: 'quoted', type: 'OWNS', share: '33.3333' },
    { source: 'quoted', target: 'end', type: 'FRONT_FOR' },
    { source: 'plain', target: 'end', type: 'CONTROLS', evidence: 'court' },
  ],
  listings: [
    { entity_id: 'end', list: 'OFAC_SDN', from: '2011-05', source: 'OFAC, "SDN"' },
    { entity_id: 'end', list: 'OFAC_SDN', from: '2011-05', source: 'OFAC, "SDN"' },
  ],
  jurisdictions: [{ code: 'AE', flag: 'transshipment_hub', from: '2001', source: 'note, with comma' }],
};

/** Writes `rows` as a dataset folder (every column of the schema, blank where a row has none); returns the folder. */
export function writeCsvFolder(folder: string, rows: CsvRows): string {
  mkdirSync(folder, { recursive: true });
  for (const collection of Object.keys(rows) as CollectionName[]) {
    const columns = columnsOf(COLLECTIONS[collection]).all;
    writeFileSync(join(folder, CSV_FILE_NAMES[collection]), stringify([columns, ...rows[collection].map((row) => columns.map((column) => row[column] ?? ''))]));
  }
  return folder;
}
