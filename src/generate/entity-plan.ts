// Who exists in a generated dataset: how many entities of each kind, their ids, countries,
// sectors and names, with end users in every country and intermediaries clustered in hubs.
import countries from '../domain/countries.ts';
import type { EntityKind, Sector } from '../domain/schema.ts';
import { pickOne, randomIndex, type Random } from './seeded-random.ts';

/** Share of each kind among generated entities; manufacturers are few, resellers and end users many. */
const KIND_SHARES: readonly [EntityKind, string, number][] = [
  ['manufacturer', 'mfr', 0.005],
  ['distributor', 'dst', 0.04],
  ['integrator', 'int', 0.02],
  ['freight_forwarder', 'fwd', 0.02],
  ['front_company', 'frt', 0.03],
  ['company', 'co', 0.12],
  ['person', 'p', 0.065],
  ['reseller', 'rsl', 0.3],
  ['end_user', 'eu', 0.4],
];

/** Every ISO 3166-1 alpha-2 code, sorted so the generator does not depend on object key order. */
export const ALL_COUNTRIES: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();

const MAKER_COUNTRIES = ['US', 'DE', 'FR', 'IT', 'GB', 'IL', 'CN', 'JP', 'KR', 'SE', 'NL', 'CA', 'FI'];
/** Diversion points named in BIS/FinCEN material (see DOMAIN.md): where intermediaries cluster. */
export const HUB_COUNTRIES = ['AE', 'SG', 'HK', 'TR', 'CY', 'MY', 'AM', 'GE', 'KZ', 'KG', 'UZ', 'RS', 'IN', 'CN'];
const STATE_SECTORS: readonly Sector[] = ['government', 'military', 'intelligence', 'police'];
const OTHER_SECTORS: readonly Sector[] = ['telecom', 'commercial', 'academic', 'civil_society'];

const NAME_PARTS = ['Nor', 'Vel', 'Ax', 'Tri', 'Qua', 'Zen', 'Or', 'Kal', 'Mer', 'Sol', 'Tek', 'Dyn', 'Lum', 'Ar', 'Bel', 'Cor'];
const NAME_ENDS = ['vex', 'tron', 'ia', 'net', 'link', 'corp', 'tek', 'ium', 'ex', 'ar', 'is', 'on'];
const SUFFIXES: Record<EntityKind, readonly string[]> = {
  manufacturer: ['Systems Inc.', 'Technologies GmbH', 'SA', 'Networks Ltd'],
  distributor: ['Distribution FZCO', 'Trading LLC', 'Pte Ltd', 'Ltd'],
  integrator: ['Integration SpA', 'Solutions Ltd'],
  freight_forwarder: ['Logistics LLC', 'Cargo Ltd', 'Freight FZE'],
  front_company: ['General Trading LLC', 'Holdings Ltd', 'Import Export'],
  company: ['Holding AG', 'Investments Ltd', 'Capital LLC'],
  person: [''],
  reseller: ['IT Supplies', 'Computers LLC', 'Electronics Ltd', 'Tech, Inc.'],
  end_user: ['Ministry', 'Directorate', 'Telecom', 'Agency', 'University'],
};
const GIVEN = ['Amir', 'Lena', 'Omar', 'Ivan', 'Mei', 'Sami', 'Nadia', 'Karl', 'Ana', 'Yusuf', 'Olga', 'Tariq'];
const FAMILY = ['Haddad', 'Petrov', 'Chen', 'Novak', 'Rahimi', 'Kaya', 'Silva', 'Berg', 'Aziz', 'Moreau'];

/** A contiguous block of entity indexes holding one kind. */
export interface KindBlock {
  kind: EntityKind;
  prefix: string;
  first: number;
  count: number;
}

export interface EntityPlan {
  total: number;
  blocks: Record<EntityKind, KindBlock>;
}

/** Splits `total` entities into kind blocks; every kind gets at least one, end users at least one per country. */
export function planEntities(total: number): EntityPlan {
  const counts = KIND_SHARES.map(([, , share]) => Math.max(1, Math.floor(total * share)));
  const endUserIndex = KIND_SHARES.length - 1;
  counts[endUserIndex] = total - counts.slice(0, endUserIndex).reduce((sum, count) => sum + count, 0);
  const blocks = {} as Record<EntityKind, KindBlock>;
  let first = 0;
  KIND_SHARES.forEach(([kind, prefix], index) => {
    blocks[kind] = { kind, prefix, first, count: counts[index]! };
    first += counts[index]!;
  });
  return { total, blocks };
}

export function entityId(block: KindBlock, offset: number): string {
  return `${block.prefix}-${offset + 1}`;
}

/** One entities.csv row, by column name. */
export function entityRow(random: Random, block: KindBlock, offset: number): Record<string, string> {
  const kind = block.kind;
  const country = countryFor(random, kind, offset);
  const sector = sectorFor(random, kind);
  const name =
    kind === 'person'
      ? `${pickOne(random, GIVEN)} ${pickOne(random, FAMILY)} ${offset + 1}`
      : `${pickOne(random, NAME_PARTS)}${pickOne(random, NAME_ENDS)} ${pickOne(random, SUFFIXES[kind])} ${offset + 1}`.replace('  ', ' ');
  const aliases = random() < 0.05 ? `${name.split(' ')[0]};${name.split(' ')[0]!.toUpperCase()} ${offset + 1}` : '';
  const address = kind === 'front_company' || kind === 'freight_forwarder' ? addressFor(random, country) : '';
  return { id: entityId(block, offset), name, kind, country, sector: sector ?? '', aliases, address };
}

function countryFor(random: Random, kind: EntityKind, offset: number): string {
  switch (kind) {
    case 'manufacturer':
      return pickOne(random, MAKER_COUNTRIES);
    case 'end_user':
      // The first end users cover every country once; the rest spread over all of them.
      return offset < ALL_COUNTRIES.length ? ALL_COUNTRIES[offset]! : pickOne(random, ALL_COUNTRIES);
    case 'distributor':
    case 'freight_forwarder':
    case 'front_company':
      return random() < 0.7 ? pickOne(random, HUB_COUNTRIES) : pickOne(random, ALL_COUNTRIES);
    default:
      return random() < 0.3 ? pickOne(random, HUB_COUNTRIES) : pickOne(random, ALL_COUNTRIES);
  }
}

function sectorFor(random: Random, kind: EntityKind): Sector | undefined {
  if (kind === 'end_user') return random() < 0.45 ? pickOne(random, STATE_SECTORS) : pickOne(random, OTHER_SECTORS);
  if (kind === 'person') return undefined;
  return random() < 0.5 ? 'commercial' : undefined;
}

function addressFor(random: Random, country: string): string {
  const zone = random() < 0.3 ? 'Free Zone, ' : '';
  return `Unit ${1 + randomIndex(random, 900)}, ${zone}${country}`;
}
