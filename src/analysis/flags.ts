// Which entities are flagged at a date, and why, under whose law: listings, sanctioned
// jurisdictions (a country or a region of it), state end users in human-rights-risk
// jurisdictions, and the ownership rules. Rows marked unverified never flag (see unverified.ts).
import { inForce, type IsoDay } from '../domain/dates.ts';
import { reasonSchema, type Reason } from '../domain/reasons.ts';
import { appliesUnder, DEFAULT_REGIME, measuresOf, type RegimeSelection } from '../domain/regimes.ts';
import { JURISDICTION_FLAGS, STATE_SECTORS, countryOf, type Entity, type JurisdictionFlag, type JurisdictionFlagPeriod } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { OwnershipRulePeriod } from '../domain/ownership-rules.ts';
import { shippedOwnershipRules } from '../load/read-ownership-rules.ts';
import { compareOptional, compareStrings } from '../domain/relationship-order.ts';
import { asOwnershipBlock, caughtByOwnershipRules } from './ownership.ts';

export type FlagIndex = ReadonlyMap<string, readonly Reason[]>;

/** Whose law applies (default: every regime's). */
export interface FlagOptions {
  regime?: RegimeSelection;
}

/**
 * Jurisdiction flags that are law and so belong to a regime; hr_risk and transshipment_hub rows
 * are findings about a place, which hold whoever's law is asked about.
 */
/** Flags that are a regime's law; the others (human-rights risk, transshipment) are findings every regime's exporter weighs. */
export const LAW_FLAGS: readonly JurisdictionFlag[] = ['comprehensive_sanctions', 'arms_embargo', 'licence_requirement'];

/** Whether a jurisdiction row counts under the selection (findings always do). */
export function jurisdictionRowApplies(row: JurisdictionFlagPeriod, regime: RegimeSelection = DEFAULT_REGIME): boolean {
  return !LAW_FLAGS.includes(row.flag) || appliesUnder(row.regime, regime);
}

/**
 * Every flagged entity at `asOf` with all the reasons that hold under `options.regime`, in a
 * stable order. Each reason names the regime it holds under.
 *
 * @example flaggedEntities(view, '2011-06-30').get('ste-syria') // [{ code: 'SANCTIONED_JURISDICTION', regime: 'US', … }]
 */
export function flaggedEntities(view: GraphView, asOf: IsoDay, ownershipRules: readonly OwnershipRulePeriod[] = shippedOwnershipRules(), options: FlagOptions = {}): FlagIndex {
  const regime = options.regime ?? DEFAULT_REGIME;
  const reasons = new Map<string, Reason[]>();
  const add = (id: string, reason: Reason) => {
    const bucket = reasons.get(id);
    if (bucket) bucket.push(reason);
    else reasons.set(id, [reason]);
  };

  for (const listing of view.listings()) {
    if (listing.unverified === true || !inForce(listing, asOf)) continue;
    const list = view.list(listing.list);
    if (!appliesUnder(list?.regime, regime)) continue;
    const measures = measuresOf(listing, list);
    add(listing.entity_id, {
      code: 'LISTED',
      list: listing.list,
      listName: list?.name ?? listing.list,
      authority: list?.authority ?? '',
      blocking: measures.includes('asset_freeze'),
      measures,
      ...period(listing.from, listing.to, listing.source),
      ...regimeOf(list?.regime, list?.verified),
    });
  }

  const flagsInForce = jurisdictionFlagsInForce(view, asOf, regime);
  for (const entity of entitiesInPlaces(view, flagsInForce)) {
    for (const reason of jurisdictionReasons(entity, flagsInForce)) add(entity.id, reason);
  }

  for (const [id, reason] of ownershipRuleReasons(view, asOf, ownershipRules.filter((rule) => appliesUnder(rule.regime, regime)))) add(id, reason);
  // The order the store keeps rows in (a file's, or Neo4j's by id) must not show in an answer: the
  // strongest of two equal reasons names the route's score, and the same data read from Neo4j gave
  // another "strongest reason" than read from its files.
  for (const bucket of reasons.values()) if (bucket.length > 1) bucket.sort(compareReasons);
  return reasons;
}

/** Reasons in the order of their kinds (listings, places, ownership), then by what they name, their period and source. */
function compareReasons(a: Reason, b: Reason): number {
  return (
    REASON_CODES.indexOf(a.code) - REASON_CODES.indexOf(b.code) ||
    compareStrings(reasonSubject(a), reasonSubject(b)) ||
    compareOptional(a.from, b.from) ||
    compareOptional(a.to, b.to) ||
    compareOptional(a.source, b.source) ||
    compareStrings(JSON.stringify(a), JSON.stringify(b))
  );
}

const REASON_CODES: readonly Reason['code'][] = reasonSchema.options.map((option) => option.shape.code.value);

/** What a reason is about: the list, the country, or the ownership rule, with the regime. */
function reasonSubject(reason: Reason): string {
  const regime = reason.regime ?? '';
  if (reason.code === 'LISTED') return `${regime} ${reason.list}`;
  if (reason.code === 'SANCTIONED_JURISDICTION' || reason.code === 'HR_RISK_GOVERNMENT_END_USER') return `${regime} ${reason.country}`;
  return `${regime} ${reason.rule}`;
}

/** Reasons raised by the ownership rules whose period in force at `asOf` has effect `flag` (see ownership-rules.csv). */
function ownershipRuleReasons(view: GraphView, asOf: IsoDay, rules: readonly OwnershipRulePeriod[]): [string, Reason][] {
  return caughtByOwnershipRules(view, asOf, 'flag', rules).map(({ id, rule, finding }): [string, Reason] => {
    const about = { ...period(rule.from, rule.to, rule.source), ...regimeOf(rule.regime, rule.verified) };
    if (rule.reason === 'OWNED_50_BY_BLOCKED') return [id, { code: 'OWNED_50_BY_BLOCKED', rule: rule.name, ...asOwnershipBlock(finding), ...about }];
    const controllers = rule.controls ? finding.controllers : [];
    return [id, { code: rule.reason, rule: rule.rule, ruleName: rule.name, authority: rule.authority, total: finding.total, owners: finding.owners, controllers, ...about }];
  });
}

/** The reasons of one entity at `asOf` (empty when it is not flagged). */
export function reasonsFor(flags: FlagIndex, id: string): readonly Reason[] {
  return flags.get(id) ?? [];
}

/** Per place (country or subdivision) and flag, the verified rows in force, one per regime. */
type FlagsInForce = Map<string, Map<JurisdictionFlag, JurisdictionFlagPeriod[]>>;

/**
 * For each place, the flag periods in force at `asOf` under the selection: per flag and regime
 * the earliest-starting one, so that an entity flagged by the US and the EU shows both.
 */
export function jurisdictionFlagsInForce(view: GraphView, asOf: IsoDay, regime: RegimeSelection = DEFAULT_REGIME): FlagsInForce {
  const byPlace: FlagsInForce = new Map();
  for (const row of view.jurisdictions()) {
    if (row.unverified === true || !inForce(row, asOf) || !jurisdictionRowApplies(row, regime)) continue;
    const flags = byPlace.get(row.code) ?? new Map<JurisdictionFlag, JurisdictionFlagPeriod[]>();
    byPlace.set(row.code, flags);
    const rows = flags.get(row.flag) ?? [];
    flags.set(row.flag, rows);
    const same = rows.findIndex((other) => other.regime === row.regime);
    if (same === -1) rows.push(row);
    else if ((row.from ?? '') < (rows[same]!.from ?? '')) rows[same] = row;
  }
  // A fixed order (flags as declared, then regime), whatever order the store keeps rows in.
  for (const [place, flags] of byPlace) {
    // Regime codes are upper-case letters: ordered by their characters, without loading ICU's
    // collation tables (tens of milliseconds of a command start) for them.
    for (const rows of flags.values()) rows.sort((a, b) => compareStrings(a.regime ?? '', b.regime ?? ''));
    byPlace.set(place, new Map(JURISDICTION_FLAGS.filter((flag) => flags.has(flag)).map((flag) => [flag, flags.get(flag)!])));
  }
  return byPlace;
}

/** The places whose rows reach an entity: its subdivision (if it has one), then its country. */
export function placesOf(code: string): string[] {
  const country = countryOf(code);
  return country === code ? [code] : [code, country];
}

/**
 * The entities (in the view's order) whose country or subdivision has a flag in force: every
 * entity, or, over a compact index, only those whose country code is one of those places, read
 * from the country column without building an object for the rest (at ten million entities
 * building them all cost more than the rest of the flags).
 */
function* entitiesInPlaces(view: GraphView, flagsInForce: FlagsInForce): Iterable<Entity> {
  const table = view.compact?.().entities;
  if (table === undefined) {
    yield* view.entities();
    return;
  }
  // Column value 0 is "no country"; value v names table.countries.values[v - 1].
  const flaggedPlace = [false, ...table.countries.values.map((code) => placesOf(code).some((place) => flagsInForce.has(place)))];
  const country = table.country;
  for (let index = 0; index < table.count; index++) if (flaggedPlace[country[index]!]) yield table.at(index);
}

function jurisdictionReasons(entity: Entity, flagsInForce: FlagsInForce): Reason[] {
  if (entity.country === undefined) return [];
  const reasons: Reason[] = [];
  const state = entity.sector !== undefined && STATE_SECTORS.includes(entity.sector);
  for (const place of placesOf(entity.country)) {
    const flags = flagsInForce.get(place);
    if (!flags) continue;
    for (const row of flags.get('comprehensive_sanctions') ?? []) {
      reasons.push({ code: 'SANCTIONED_JURISDICTION', country: place, flag: 'comprehensive_sanctions', ...period(row.from, row.to, row.source), ...regimeOf(row.regime, row.verified) });
    }
    if (!state) continue;
    for (const row of flags.get('hr_risk') ?? []) {
      reasons.push({ code: 'HR_RISK_GOVERNMENT_END_USER', country: place, sector: entity.sector!, flag: 'hr_risk', ...period(row.from, row.to, row.source), ...regimeOf(row.regime, row.verified) });
    }
  }
  return reasons;
}

/** Only the bounds that are present, so JSON output carries no nulls. */
function period(from: string | undefined, to: string | undefined, source: string | undefined) {
  return {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(source === undefined ? {} : { source }),
  };
}

function regimeOf(regime: string | undefined, verified: string | undefined) {
  return { ...(regime === undefined ? {} : { regime }), ...(verified === undefined ? {} : { verified }) };
}
