// Imports OFAC's legacy SDN files into a dataset: one entity per SDN entry (ids `ofac-<ent_num>`),
// one OFAC_SDN listing each with its programs, aliases from alt.csv and the remarks, the first
// address from add.csv, and vessel IMO/MMSI numbers as identifiers.
import { basename } from 'node:path';
import type { ListDefinition } from '../domain/schema.ts';
import { alpha2OfCountryName } from './country-names.ts';
import { ImportCollector, finishImport, type ImportResult } from './import-report.ts';
import { ADD_COLUMNS, ALT_COLUMNS, SDN_COLUMNS, programsOf, readLegacyFile, remarkAliases, remarkIdentifiers, type LegacyRow } from './ofac-sdn-files.ts';

export interface SdnFiles {
  sdn: string;
  add?: string;
  alt?: string;
}

/** SDN_Type → entity kind. Vessels and aircraft are assets owned by companies, so they are companies here. */
const KIND_OF_TYPE: Record<string, 'person' | 'company'> = { individual: 'person', vessel: 'company', aircraft: 'company', entity: 'company' };

export type SdnRow = LegacyRow<(typeof SDN_COLUMNS)[number]>;

/** The id of an SDN entry in imported datasets. */
export function sdnEntityId(entNum: string): string {
  return `ofac-${entNum}`;
}

/**
 * Reads the SDN file (and optional address and alias files) into a validated dataset.
 *
 * @example importOfacSdn({ sdn: 'sdn.csv', alt: 'alt.csv' }, readReference().lists).report.counts.entities
 */
export function importOfacSdn(files: SdnFiles, lists: ReadonlyMap<string, ListDefinition>): ImportResult {
  const collector = new ImportCollector();
  const rows = readLegacyFile(files.sdn, SDN_COLUMNS, collector);
  addSdnEntries(collector, files, rows, new Set(rows.map((row) => row.ent_num ?? '')), `OFAC SDN (${basename(files.sdn)})`);
  return finishImport(collector, lists);
}

/**
 * Adds entities for `rows` and OFAC_SDN listings for those whose ent_num is in `listed`
 * (the diff uses this to keep entities of both snapshots but the listings of one).
 */
export function addSdnEntries(collector: ImportCollector, files: SdnFiles, rows: readonly SdnRow[], listed: ReadonlySet<string>, label: string): void {
  const addresses = files.add === undefined ? new Map<string, LegacyRow<(typeof ADD_COLUMNS)[number]>[]>() : groupByEntNum(readLegacyFile(files.add, ADD_COLUMNS, collector));
  const aliases = files.alt === undefined ? new Map<string, LegacyRow<(typeof ALT_COLUMNS)[number]>[]>() : groupByEntNum(readLegacyFile(files.alt, ALT_COLUMNS, collector));
  const known = new Set<string>();
  for (const row of rows) {
    const place = { file: files.sdn, line: row.line };
    if (row.ent_num === undefined || !/^\d+$/.test(row.ent_num) || row.SDN_Name === undefined) {
      collector.skip(place, 'no ent_num or name', 'an SDN row needs a numeric ent_num and SDN_Name');
      continue;
    }
    known.add(row.ent_num);
    const type = (row.SDN_Type ?? 'entity').toLowerCase();
    const kind = KIND_OF_TYPE[type];
    if (kind === undefined) collector.warn(place, 'unknown SDN_Type', `'${row.SDN_Type}' read as a company`);
    const entryAddresses = addresses.get(row.ent_num) ?? [];
    const firstAddress = entryAddresses[0];
    const countryName = firstAddress?.country ?? (type === 'vessel' ? row.Vess_flag : undefined);
    const country = countryName === undefined ? undefined : alpha2OfCountryName(countryName);
    if (countryName !== undefined && country === undefined) collector.warn(place, 'unmapped country', `'${countryName}' is no ISO 3166 country; left empty`);
    const names = [...(aliases.get(row.ent_num) ?? []).map((alias) => alias.alt_name), ...remarkAliases(row.Remarks)].filter((name): name is string => name !== undefined && name !== row.SDN_Name);
    const programs = programsOf(row.Program);
    collector.entity(
      {
        id: sdnEntityId(row.ent_num),
        name: row.SDN_Name,
        kind: kind ?? 'company',
        country,
        aliases: [...new Set(names)].map((name) => name.replaceAll(';', ',')),
        address: firstAddress === undefined ? undefined : [firstAddress.address, firstAddress.city_state_zip, firstAddress.country].filter((part) => part !== undefined).join(', '),
        source: `${label} ent_num ${row.ent_num}; type ${type}${row.Title === undefined ? '' : `; title ${row.Title}`}`,
        identifiers: [`ofac:${row.ent_num}`, ...new Set(remarkIdentifiers(row.Remarks))],
      },
      place,
    );
    if (listed.has(row.ent_num)) {
      collector.listing({ entity_id: sdnEntityId(row.ent_num), list: 'OFAC_SDN', source: `${label} ent_num ${row.ent_num}; programs ${programs.join(', ') || 'none given'}` }, place);
    }
  }
  for (const [file, grouped] of [[files.add, addresses], [files.alt, aliases]] as const) {
    for (const [entNum, orphans] of grouped) {
      if (known.has(entNum)) continue;
      for (const orphan of orphans) collector.skip({ file: file!, line: orphan.line }, 'dangling reference', `ent_num ${entNum} is not in ${basename(files.sdn)}`);
    }
  }
}

function groupByEntNum<Row extends { ent_num?: string }>(rows: readonly Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    if (row.ent_num === undefined) continue;
    const group = grouped.get(row.ent_num);
    if (group) group.push(row);
    else grouped.set(row.ent_num, [row]);
  }
  return grouped;
}
