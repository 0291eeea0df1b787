// Which regions (ISO 3166-2 subdivisions such as UA-43, Crimea) have jurisdiction rows in force
// at a date under a regime: what the dashboard's map draws as regions, each with its rows; and
// the countries flagged in themselves, which the map hatches.
import { inForce, type IsoDay } from '../domain/dates.ts';
import { DEFAULT_REGIME, type RegimeSelection } from '../domain/regimes.ts';
import { countryOf, JURISDICTION_FLAGS, subdivisionCodes, type JurisdictionFlagPeriod } from '../domain/schema.ts';
import { iso31661 } from 'iso-3166';
import type { GraphView } from '../store/graph-view.ts';
import { jurisdictionRowApplies } from './flags.ts';

export interface RegionFlags {
  /** ISO 3166-2 code, e.g. `UA-43`. */
  code: string;
  /** The ISO 3166-2 name, e.g. `Avtonomna Respublika Krym`. */
  name: string;
  /** ISO 3166-1 alpha-2 country the region belongs to. */
  country: string;
  /** The rows in force, in the order flags are declared, then by regime and start. */
  rows: JurisdictionFlagPeriod[];
}

/**
 * Every region with a jurisdiction row in force at `asOf` that holds under `regime`, by code.
 * Rows marked unverified are kept (they raise UNVERIFIED_ red flags there): callers say so.
 *
 * @example regionFlagsAt(view, '2015-01-01', 'us').map((region) => region.code) // ['UA-40', 'UA-43']
 */
export function regionFlagsAt(view: GraphView, asOf: IsoDay, regime: RegimeSelection = DEFAULT_REGIME): RegionFlags[] {
  return placeFlagsAt(view, asOf, regime, (code) => countryOf(code) !== code, (code) => subdivisionCodes().get(code)?.name ?? code);
}

/**
 * Every country (ISO 3166-1) with a jurisdiction row in force at `asOf` under `regime`: the map
 * shows a country flagged in itself (the UAE as a transshipment hub) even where no flagged party is reached.
 *
 * @example countryFlagsAt(view, '2011-06-30', 'all').find((country) => country.code === 'AE')?.rows.map((row) => row.flag) // ['hr_risk', 'transshipment_hub']
 */
export function countryFlagsAt(view: GraphView, asOf: IsoDay, regime: RegimeSelection = DEFAULT_REGIME): RegionFlags[] {
  return placeFlagsAt(view, asOf, regime, (code) => countryOf(code) === code, (code) => COUNTRY_NAMES.get(code) ?? code);
}

const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map(iso31661.map((entry) => [entry.alpha2, entry.name]));

function placeFlagsAt(view: GraphView, asOf: IsoDay, regime: RegimeSelection, keep: (code: string) => boolean, nameOf: (code: string) => string): RegionFlags[] {
  const byRegion = new Map<string, JurisdictionFlagPeriod[]>();
  for (const row of view.jurisdictions()) {
    if (!keep(row.code) || !inForce(row, asOf) || !jurisdictionRowApplies(row, regime)) continue;
    byRegion.set(row.code, [...(byRegion.get(row.code) ?? []), row]);
  }
  const flagOrder = (row: JurisdictionFlagPeriod) => JURISDICTION_FLAGS.indexOf(row.flag);
  return [...byRegion]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, rows]) => ({
      code,
      name: nameOf(code),
      country: countryOf(code),
      rows: rows.sort((a, b) => flagOrder(a) - flagOrder(b) || (a.regime ?? '').localeCompare(b.regime ?? '') || (a.from ?? '').localeCompare(b.from ?? '')),
    }));
}
