// Words for a region on the map: which flags attach there, under whose law, since when, and the
// source, from the /api/regions answer (and the flagged parties reached there, if any).
import type { RegionInfo } from './api-types.ts';
import { countryName, humanDay } from './format.ts';

type RegionFlag = RegionInfo['flags'][number];

const FLAG_WORDS: Record<RegionFlag['flag'], string> = {
  comprehensive_sanctions: 'comprehensive sanctions',
  arms_embargo: 'arms embargo',
  hr_risk: 'human-rights risk',
  transshipment_hub: 'transshipment hub',
  licence_requirement: 'licence requirement',
};

/** A day, a month or a year as written in the row (`2014-12-19` → `19 Dec 2014`). */
function day(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? humanDay(value) : value;
}

/**
 * One row without its source, e.g. `comprehensive sanctions under US law since 19 Dec 2014`.
 *
 * @example flagSummary({ flag: 'arms_embargo', regime: 'EU', from: '2011-05-09', unverified: false }) // 'arms embargo under EU law since 9 May 2011'
 */
export function flagSummary(row: RegionFlag): string {
  const law = row.regime ? ` under ${row.regime} law` : ' (a finding, under every regime)';
  const since = row.from ? ` since ${day(row.from)}` : '';
  const until = row.to ? ` until ${day(row.to)}` : '';
  const doubt = row.unverified ? ` (unverified: not confirmed${row.verified ? `, source last checked ${day(row.verified)}` : ''})` : '';
  return `${FLAG_WORDS[row.flag]}${law}${since}${until}${doubt}`;
}

/** The region's name, code and country: `Avtonomna Respublika Krym (UA-43, Ukraine)`. */
export function regionTitle(region: Pick<RegionInfo, 'code' | 'name' | 'country'>): string {
  return region.name.includes(region.code) ? region.name : `${region.name} (${region.code}, ${countryName(region.country)})`;
}

/** A region drawn because an entity is there, with no row of its own: its name as the dashboard knows it. */
export function regionWithoutFlags(code: string): RegionInfo {
  return { code, name: countryName(code), country: code.slice(0, 2), flags: [] };
}

/** The accessible name of the region's shape: its title and each flag, without the sources. */
export function regionLabel(region: RegionInfo): string {
  return `${regionTitle(region)}: ${region.flags.length === 0 ? NO_FLAGS : region.flags.map(flagSummary).join('; ')}`;
}

const NO_FLAGS = "no flag of its own on this date (its country's rows still apply)";

/** The caption shown when the region is hovered, tapped or focused: every flag with its source. */
export function regionCaption(region: RegionInfo, flaggedHere: readonly string[] = []): { title: string; flags: string[]; reached: string | undefined } {
  return {
    title: regionTitle(region),
    flags: region.flags.length === 0 ? [NO_FLAGS] : region.flags.map((row) => `${flagSummary(row)}. Source: ${row.source ?? 'none given'}`),
    reached: flaggedHere.length > 0 ? `${flaggedHere.length} flagged part${flaggedHere.length === 1 ? 'y' : 'ies'} reachable here: ${flaggedHere.join(', ')}` : undefined,
  };
}
