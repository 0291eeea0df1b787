// Every row of the shipped reference data (lists, jurisdiction rows, ownership rules,
// free-trade-zone keywords) as one table: what it is, whose law, its source and the day that
// source was last checked, so `enduse reference` can show each row's age.
import { dayNumber, type IsoDay } from '../domain/dates.ts';
import { readFreeTradeZones } from './free-trade-zones.ts';
import { readReference, REFERENCE_DIR } from './load-datasets.ts';
import { readOwnershipRules, OWNERSHIP_RULES_FILE } from './read-ownership-rules.ts';
import { join } from 'node:path';

import { REFERENCE_FILES } from './reference-files.ts';

export { REFERENCE_FILES };

export interface ReferenceRow {
  file: (typeof REFERENCE_FILES)[number];
  /** Line in the file (the header is line 1). */
  line: number;
  /** What the row is, in a few words: `SY comprehensive_sanctions 2004-05-11..2025-06-30`. */
  what: string;
  regime: string | null;
  verified: IsoDay | null;
  /** Days from `verified` to the as-of date; null without a verified day. */
  ageDays: number | null;
  unverified: boolean;
  source: string | null;
}

/**
 * The shipped reference rows in file order, with each row's age at `asOf`.
 *
 * @example referenceRows('2026-12-02').find((row) => row.what.startsWith('SY comprehensive_sanctions'))?.verified // '2026-12-02'
 */
export function referenceRows(asOf: IsoDay, directory: string = REFERENCE_DIR): ReferenceRow[] {
  const reference = readReference(directory);
  const age = (verified: string | undefined) => (verified === undefined ? null : dayNumber(asOf) - dayNumber(verified));
  const span = (from: string | undefined, to: string | undefined) => (from === undefined && to === undefined ? '' : ` ${from ?? '…'}..${to ?? '…'}`);
  const rows: ReferenceRow[] = [];
  let line = 1;
  for (const list of reference.lists.values()) {
    rows.push({ file: 'lists.csv', line: ++line, what: `${list.code} (${(list.measures ?? []).join(';') || 'measures per designation'})`, regime: list.regime ?? null, verified: list.verified ?? null, ageDays: age(list.verified), unverified: false, source: list.source ?? null });
  }
  line = 1;
  for (const row of reference.jurisdictions) {
    rows.push({ file: 'jurisdictions.csv', line: ++line, what: `${row.code} ${row.flag}${span(row.from, row.to)}`, regime: row.regime ?? null, verified: row.verified ?? null, ageDays: age(row.verified), unverified: row.unverified === true, source: row.source ?? null });
  }
  line = 1;
  const rulesFile = directory === REFERENCE_DIR ? OWNERSHIP_RULES_FILE : join(directory, 'ownership-rules.csv');
  for (const rule of readOwnershipRules(rulesFile, new Set(reference.lists.keys()))) {
    rows.push({ file: 'ownership-rules.csv', line: ++line, what: `${rule.rule} ${rule.effect}${span(rule.from, rule.to)}`, regime: rule.regime, verified: rule.verified ?? null, ageDays: age(rule.verified), unverified: rule.unverified === true, source: rule.source });
  }
  line = 1;
  for (const zone of readFreeTradeZones(directory)) {
    rows.push({ file: 'free-trade-zones.csv', line: ++line, what: `'${zone.keyword}' (${zone.name})`, regime: null, verified: zone.verified ?? null, ageDays: age(zone.verified), unverified: false, source: zone.source });
  }
  return rows;
}
