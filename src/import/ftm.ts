// Imports FollowTheMoney JSON lines (OpenSanctions, Aleph): parties, ownership, directorships
// and sanctions. Schema reference: followthemoney/schema/*.yaml (Ownership, Directorship, Sanction).
import { basename } from 'node:path';
import countries from '../domain/countries.ts';
import type { ListDefinition } from '../domain/schema.ts';
import { ftmDate, parsePercentage, resolveOverlappingClaims, type OwnershipClaim } from './ftm-ownership.ts';
import { readLegacyText } from './decode-text.ts';
import { toEntityId } from './entity-id.ts';
import { ImportCollector, finishImport, type ImportResult } from './import-report.ts';
import { listCodeOfSanction } from './ftm-sanctions.ts';

interface FtmEntity {
  id: string;
  schema: string;
  caption?: string;
  properties: Record<string, string[]>;
  referents?: string[];
  datasets?: string[];
  line: number;
}

/** FtM party schemata and the entity kind each becomes. A vessel or aircraft is an asset that companies own, so it is imported as a company. */
const PARTY_KINDS: Record<string, 'company' | 'person'> = {
  Company: 'company',
  Organization: 'company',
  LegalEntity: 'company',
  PublicBody: 'company',
  Vessel: 'company',
  Airplane: 'company',
  Person: 'person',
};

/** FtM link schemata that mean control without a share: source property → target property. */
const CONTROL_LINKS: Record<string, [string, string]> = { Directorship: ['director', 'organization'] };

/** Links the model has no type for; reported as skipped, by schema. */
const UNMODELLED_LINKS = new Set(['Family', 'Associate', 'Membership', 'Representation', 'Employment', 'UnknownLink', 'Succession', 'Occupancy']);

/** FtM properties kept as `scheme:value` identifiers. */
const IDENTIFIER_PROPERTIES: Record<string, string> = {
  imoNumber: 'imo',
  innCode: 'inn',
  ogrnCode: 'ogrn',
  leiCode: 'lei',
  swiftBic: 'bic',
  registrationNumber: 'reg',
  taxNumber: 'tax',
  mmsi: 'mmsi',
};

/**
 * Reads an FtM JSON-lines file into a validated dataset and a report of what was skipped.
 *
 * @example importFtm('zala_entities.ftm.json', readReference().lists).report.summary
 */
export function importFtm(file: string, lists: ReadonlyMap<string, ListDefinition>): ImportResult {
  const collector = new ImportCollector();
  const label = basename(file);
  const all = readFtmLines(file, collector);
  const byId = new Map(all.map((entity) => [entity.id, entity]));
  const claims: OwnershipClaim[] = [];
  const sanctions: { place: { file: string; line: number }; values: Record<string, string | undefined> }[] = [];

  for (const entity of all) {
    const place = { file, line: entity.line };
    const get = (name: string) => entity.properties[name] ?? [];
    const kind = PARTY_KINDS[entity.schema];
    if (kind !== undefined) {
      collector.entity(partyValues(entity, kind, byId, label), place);
    } else if (entity.schema === 'Ownership') {
      const [owner] = get('owner');
      const [asset] = get('asset');
      const rawShare = get('percentage')[0];
      const share = parsePercentage(rawShare);
      if (owner === undefined || asset === undefined) collector.skip(place, 'incomplete link', 'Ownership without owner or asset');
      else if (share === undefined) collector.skip(place, 'no percentage', `${rawShare === undefined ? 'no percentage' : `unreadable percentage '${rawShare}'`}${get('sharesCount').length > 0 ? ` (sharesCount ${get('sharesCount')[0]}, total unknown)` : ''}${get('role').length > 0 ? ` (role '${get('role')[0]}')` : ''}; OWNS needs a share`);
      else if (share <= 0 || share > 100) collector.skip(place, 'share out of range', `percentage ${share} is not in (0, 100]`);
      else claims.push({ id: entity.id, line: entity.line, owner: toEntityId(owner), asset: toEntityId(asset), share, start: ftmDate(get('startDate')[0], 'start'), end: ftmDate(get('endDate')[0], 'end') });
    } else if (CONTROL_LINKS[entity.schema] !== undefined) {
      const [sourceProperty, targetProperty] = CONTROL_LINKS[entity.schema]!;
      const [source] = get(sourceProperty);
      const [target] = get(targetProperty);
      if (source === undefined || target === undefined) collector.skip(place, 'incomplete link', `${entity.schema} without ${sourceProperty} or ${targetProperty}`);
      else collector.relationship({ source: toEntityId(source), target: toEntityId(target), type: 'CONTROLS', start: ftmDate(get('startDate')[0], 'start'), end: ftmDate(get('endDate')[0], 'end'), evidence: 'registry', source_ref: `${label} ${entity.schema} ${entity.id}${get('role').length > 0 ? ` (${get('role')[0]})` : ''}` }, place);
    } else if (entity.schema === 'Sanction') {
      const [target] = get('entity');
      const code = listCodeOfSanction(entity.properties);
      const authority = get('authority').join(', ') || 'unknown authority';
      if (target === undefined) collector.skip(place, 'incomplete link', 'Sanction without entity');
      else if (code === undefined) collector.skip(place, 'authority without a list code', `${authority}${get('programId').length > 0 ? ` (${get('programId')[0]})` : ''}; add a list to data/reference/lists.csv and to ftm-sanctions.ts to import it`);
      else {
        const from = earliest([...get('startDate'), ...(get('startDate').length === 0 ? get('listingDate') : [])].map((value) => ftmDate(value, 'start')));
        const to = ftmDate(get('endDate')[0], 'end');
        const program = [...get('program'), ...get('programId')].join(' / ');
        sanctions.push({
          place,
          values: { entity_id: toEntityId(target), list: code, from, to: to !== undefined && from !== undefined && to < from ? undefined : to, source: `${authority}${program === '' ? '' : `; program ${program}`}; ${label} Sanction ${entity.id}` },
        });
      }
    } else if (UNMODELLED_LINKS.has(entity.schema)) {
      collector.skip(place, 'link type not modelled', `${entity.schema} has no relationship type in enduse`);
    } else if (entity.schema !== 'Address' && entity.schema !== 'Passport' && entity.schema !== 'Identification') {
      collector.skip(place, 'schema not imported', entity.schema);
    }
  }

  addListings(collector, sanctions);
  const { periods, superseded } = resolveOverlappingClaims(claims);
  for (const claim of superseded) collector.skip({ file, line: claim.line }, 'superseded ownership claim', `${claim.share}% of '${claim.asset}' held by '${claim.owner}' ends before a claim that supersedes it`);
  for (const period of periods.sort((a, b) => a.line - b.line)) {
    if (period.trimmedFrom !== undefined) collector.warn({ file, line: period.line }, 'overlapping ownership claim trimmed', `${period.share}% of '${period.asset}' held by '${period.owner}' starts ${period.start} (recorded start ${period.trimmedFrom}) because an earlier-ending claim for the same pair runs until the day before`);
    collector.relationship({ source: period.owner, target: period.asset, type: 'OWNS', share: period.share, start: period.start, end: period.end, evidence: 'registry', source_ref: `${label} Ownership ${period.id}` }, { file, line: period.line });
  }
  return finishImport(collector, lists);
}

/**
 * Adds one listing per entity, list and period. An undated sanction on a list where the same
 * entity also has a dated one is a restatement (national copies of the EU list, mirrors of
 * OFAC): keeping it would make the entity listed since forever, so it is skipped.
 */
function addListings(collector: ImportCollector, sanctions: { place: { file: string; line: number }; values: Record<string, string | undefined> }[]): void {
  const dated = new Set(sanctions.filter((sanction) => sanction.values.from !== undefined).map((sanction) => `${sanction.values.entity_id}|${sanction.values.list}`));
  const seen = new Set<string>();
  for (const { place, values } of sanctions) {
    const pair = `${values.entity_id}|${values.list}`;
    const key = `${pair}|${values.from ?? ''}|${values.to ?? ''}`;
    if (values.from === undefined && dated.has(pair)) collector.skip(place, 'undated duplicate listing', `${values.list} listing of '${values.entity_id}' has no date while a dated one exists`);
    else if (seen.has(key)) collector.skip(place, 'duplicate listing', `${values.list} listing of '${values.entity_id}' from ${values.from ?? 'an unknown date'} already imported`);
    else collector.listing(values, place);
    seen.add(key);
  }
}

function readFtmLines(file: string, collector: ImportCollector): FtmEntity[] {
  const entities: FtmEntity[] = [];
  readLegacyText(file).text.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    const line = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      collector.skip({ file, line }, 'not JSON', (error as Error).message);
      return;
    }
    const record = parsed as Partial<FtmEntity>;
    if (typeof record.id !== 'string' || typeof record.schema !== 'string' || typeof record.properties !== 'object' || record.properties === null) {
      collector.skip({ file, line }, 'not an FtM entity', 'needs id, schema and properties');
      return;
    }
    entities.push({ ...(record as FtmEntity), line });
  });
  return entities;
}

function partyValues(entity: FtmEntity, kind: 'company' | 'person', byId: ReadonlyMap<string, FtmEntity>, label: string): Record<string, string | string[] | undefined> {
  const get = (name: string) => entity.properties[name] ?? [];
  const name = entity.caption ?? get('name')[0] ?? entity.id;
  const aliases = [...new Set([...get('name'), ...get('alias'), ...get('previousName'), ...get('weakAlias')])].filter((alias) => alias !== name);
  const countryCodes = [...new Set([...get('country'), ...get('jurisdiction'), ...get('mainCountry'), ...get('flag')].map((code) => code.toUpperCase()))];
  const isoCountries = countryCodes.filter((code) => /^[A-Z]{2}$/.test(code) && countries.isValid(code));
  const id = toEntityId(entity.id);
  const identifiers = [
    ...Object.entries(IDENTIFIER_PROPERTIES).flatMap(([property, scheme]) => get(property).map((value) => `${scheme}:${value.trim()}`)),
    ...(entity.referents ?? []).map((referent) => `referent:${referent}`),
    // OpenSanctions ids of OFAC entries carry the SDN ent_num, the identifier the SDN importer keeps.
    ...[entity.id, ...(entity.referents ?? [])].flatMap((ref) => /^ofac-(\d+)$/.exec(ref)?.slice(1).map((entNum) => `ofac:${entNum}`) ?? []),
    ...(id === entity.id ? [] : [`ftm:${entity.id}`]),
  ];
  const address = get('addressEntity').map((ref) => byId.get(ref)?.properties.full?.[0]).find((full) => full !== undefined) ?? get('address')[0];
  const notes = [
    `${label} ${entity.schema} ${entity.id}`,
    get('topics').length > 0 ? `topics: ${get('topics').join(', ')}` : undefined,
    countryCodes.length > 1 || isoCountries.length !== countryCodes.length ? `countries: ${countryCodes.join(', ')}` : undefined,
  ].filter((note) => note !== undefined);
  return {
    id,
    name,
    kind,
    country: isoCountries[0],
    sector: sectorOfTopics(get('topics')),
    aliases: aliases.map((alias) => alias.replaceAll(';', ',')),
    address,
    source: notes.join('; '),
    identifiers: [...new Set(identifiers.map((identifier) => identifier.replaceAll(';', ',')))],
  };
}

/** OpenSanctions topics that say which sector an entity is in (topics are kept in `source`). */
function sectorOfTopics(topics: readonly string[]): string | undefined {
  if (topics.some((topic) => topic === 'mil' || topic.startsWith('mil.'))) return 'military';
  if (topics.some((topic) => topic === 'gov' || topic.startsWith('gov.'))) return 'government';
  return undefined;
}

function earliest(days: (string | undefined)[]): string | undefined {
  return days.filter((day): day is string => day !== undefined).sort()[0];
}
