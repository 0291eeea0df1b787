// Whose law applies: the regime selection of `--regime` and the server setting, and which rows
// it keeps. A row that names no regime (a risk finding, not a law) holds under every selection.
import type { Measure } from './schema.ts';
import { REGIMES, type Regime } from './regime-codes.ts';

/** `all`, or one regime in lower case as users type it (`us`, `eu`, `uk`, `un`, …). */
export const REGIME_SELECTIONS = ['all', ...REGIMES.map((regime) => regime.toLowerCase())] as const;
export type RegimeSelection = (typeof REGIME_SELECTIONS)[number];
export const DEFAULT_REGIME: RegimeSelection = 'all';

/** Reads a user's `--regime` value; undefined when it is not one of REGIME_SELECTIONS. */
export function parseRegimeSelection(value: string): RegimeSelection | undefined {
  const lower = value.trim().toLowerCase();
  return (REGIME_SELECTIONS as readonly string[]).includes(lower) ? (lower as RegimeSelection) : undefined;
}

/**
 * Whether a row of `regime` holds under `selection`.
 *
 * @example appliesUnder('EU', 'us') // false
 * @example appliesUnder(undefined, 'us') // true: the row is no regime's law
 */
export function appliesUnder(regime: Regime | string | undefined, selection: RegimeSelection = DEFAULT_REGIME): boolean {
  return regime === undefined || selection === 'all' || regime.toLowerCase() === selection;
}

/** A designation's measures: its own where its source says them, else its list's defaults. */
export function measuresOf(listing: { measures?: readonly Measure[] }, list: { measures?: readonly Measure[] } | undefined): Measure[] {
  return [...(listing.measures ?? list?.measures ?? [])];
}
