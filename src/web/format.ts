// Words and numbers for the dashboard: country names, dates, reasons and relationship periods.
import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { EntityInfo, RelationshipInfo, RouteInfo } from './api-types.ts';

countries.registerLocale(english);

/** Names people use where the official one is long. */
const SHORT_NAMES: Record<string, string> = {
  SY: 'Syria', US: 'United States', GB: 'United Kingdom', RU: 'Russia', IR: 'Iran', CN: 'China', TW: 'Taiwan',
  KR: 'South Korea', CD: 'DR Congo', MD: 'Moldova', LA: 'Laos', VE: 'Venezuela', BO: 'Bolivia', TZ: 'Tanzania',
};

/**
 * Names of regions (ISO 3166-2), as the server gives them with /api/regions: the browser bundle
 * does not carry the whole ISO 3166-2 table for the few regions a view shows.
 */
const regionNames = new Map<string, string>();

export function rememberRegionNames(regions: readonly { code: string; name: string }[]): void {
  for (const region of regions) regionNames.set(region.code, region.name);
}

/** Whether a place code is a region (ISO 3166-2, `UA-43`) rather than a country (`UA`). */
export function isRegion(code: string): boolean {
  return code.length > 2 && code[2] === '-';
}

/** `Syria` for SY; a region by its name where known, else by its country and code (`Ukraine, region UA-43`). */
export function countryName(code: string | undefined): string {
  if (!code) return 'unknown country';
  if (isRegion(code)) return regionNames.get(code) ?? `${countryName(code.slice(0, 2))}, region ${code}`;
  return SHORT_NAMES[code] ?? countries.getName(code, 'en') ?? code;
}

/** ISO numeric (world-atlas ids) → alpha-2. */
export function alpha2FromNumeric(numeric: string | number | undefined): string | undefined {
  if (numeric === undefined) return undefined;
  return countries.numericToAlpha2(String(numeric).padStart(3, '0'));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2011-06-30` → `30 Jun 2011`. */
/** Whose law an answer holds under, in words: `under EU law`, `under every regime`. */
export function underRegime(regime: string): string {
  return regime === 'all' ? 'under every regime' : `under ${regime.toUpperCase()} law`;
}

export function humanDay(day: string | undefined): string {
  if (!day) return '';
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

export function period(edge: Pick<RelationshipInfo, 'start' | 'end'>): string {
  if (!edge.start && !edge.end) return 'undated';
  if (edge.start && edge.start === edge.end) return humanDay(edge.start);
  return `${edge.start ? humanDay(edge.start) : '…'} – ${edge.end ? humanDay(edge.end) : '…'}`;
}

type Reason = RouteInfo['reasons'][number];

/** A short label for a reason chip; the full wording goes in its title. */
export function reasonLabel(reason: Reason): string {
  switch (reason.code) {
    case 'LISTED':
      return `Listed: ${reason.listName}`;
    case 'SANCTIONED_JURISDICTION':
      return `Sanctioned jurisdiction (${countryName(reason.country)})`;
    case 'HR_RISK_GOVERNMENT_END_USER':
      return `State end user, human-rights risk (${countryName(reason.country)})`;
    case 'OWNED_50_BY_BLOCKED':
      return `${reason.total}% owned by blocked parties`;
    default:
      return (reason as { code: string }).code.replaceAll('_', ' ').toLowerCase();
  }
}

export function entityLabel(entity: EntityInfo | undefined, id: string): string {
  return entity ? entity.name : id;
}

/** Escapes text for HTML built with template strings. */
export function html(text: string | number | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
