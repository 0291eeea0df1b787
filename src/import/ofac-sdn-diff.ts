// Compares two SDN snapshots into added and removed entries, written as two datasets that
// share every entity and differ only in their OFAC_SDN listings: the before/after form that
// `diff --data-before … --data-after …` and route comparisons take.
import { basename } from 'node:path';
import type { Dataset, ListDefinition } from '../domain/schema.ts';
import { ImportCollector, finishImport, type ImportReport } from './import-report.ts';
import { SDN_COLUMNS, readLegacyFile } from './ofac-sdn-files.ts';
import { addSdnEntries, sdnEntityId, type SdnRow } from './ofac-sdn.ts';
import { appendAll } from '../domain/append-all.ts';

export interface SdnChange {
  entityId: string;
  entNum: string;
  name: string;
  programs: string;
}

export interface SdnDiff {
  before: Dataset;
  after: Dataset;
  added: SdnChange[];
  removed: SdnChange[];
  report: ImportReport;
}

/**
 * Reads two sdn.csv snapshots. Entities are the union (the newer row wins for entries in
 * both); `before` lists the old snapshot's entries, `after` the new one's.
 *
 * @example importOfacSdnDiff('sdn_2024-02-20.csv', 'sdn_2024-05-03.csv', lists).added.length // 1140
 */
export function importOfacSdnDiff(oldFile: string, newFile: string, lists: ReadonlyMap<string, ListDefinition>): SdnDiff {
  const reading = new ImportCollector();
  const oldRows = readLegacyFile(oldFile, SDN_COLUMNS, reading);
  const newRows = readLegacyFile(newFile, SDN_COLUMNS, reading);
  const oldNums = new Set(oldRows.map((row) => row.ent_num ?? ''));
  const newNums = new Set(newRows.map((row) => row.ent_num ?? ''));
  const union: SdnRow[] = [...newRows, ...oldRows.filter((row) => !newNums.has(row.ent_num ?? ''))];
  const build = (listed: ReadonlySet<string>) => {
    const collector = new ImportCollector();
    appendAll(collector.skipped, reading.skipped);
    appendAll(collector.warnings, reading.warnings);
    const newEntries = union.filter((row) => newNums.has(row.ent_num ?? ''));
    const oldOnly = union.filter((row) => !newNums.has(row.ent_num ?? ''));
    addSdnEntries(collector, { sdn: newFile }, newEntries, listed, `OFAC SDN (${basename(newFile)})`);
    addSdnEntries(collector, { sdn: oldFile }, oldOnly, listed, `OFAC SDN (${basename(oldFile)})`);
    return finishImport(collector, lists);
  };
  const before = build(oldNums);
  const after = build(newNums);
  const change = (row: SdnRow): SdnChange => ({ entityId: sdnEntityId(row.ent_num!), entNum: row.ent_num!, name: row.SDN_Name ?? '', programs: row.Program ?? '' });
  return {
    before: before.dataset,
    after: after.dataset,
    added: newRows.filter((row) => row.ent_num !== undefined && !oldNums.has(row.ent_num)).map(change),
    removed: oldRows.filter((row) => row.ent_num !== undefined && !newNums.has(row.ent_num)).map(change),
    report: after.report,
  };
}
