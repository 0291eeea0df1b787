// Which entities are flagged at a date, and why: listings, sanctioned jurisdictions,
// state end users in human-rights-risk jurisdictions, and the 50% rule.
import { inForce, type IsoDay } from '../domain/dates.ts';
import type { Reason } from '../domain/reasons.ts';
import { STATE_SECTORS, type Entity, type JurisdictionFlag, type JurisdictionFlagPeriod } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { OwnershipRulePeriod } from '../domain/ownership-rules.ts';
import { shippedOwnershipRules } from '../load/read-ownership-rules.ts';
import { asOwnershipBlock, caughtByOwnershipRules } from './ownership.ts';

export type FlagIndex = ReadonlyMap<string, readonly Reason[]>;

/**
 * Every flagged entity at `asOf` with all the reasons that hold, in a stable order.
 *
 * @example flaggedEntities(view, '2011-06-30').get('ste-syria') // [{ code: 'SANCTIONED_JURISDICTION', … }]
 */
export function flaggedEntities(view: GraphView, asOf: IsoDay, ownershipRules: readonly OwnershipRulePeriod[] = shippedOwnershipRules()): FlagIndex {
  const reasons = new Map<string, Reason[]>();
  const add = (id: string, reason: Reason) => {
    const bucket = reasons.get(id);
    if (bucket) bucket.push(reason);
    else reasons.set(id, [reason]);
  };

  for (const listing of view.listings()) {
    if (!inForce(listing, asOf)) continue;
    const list = view.list(listing.list);
    add(listing.entity_id, {
      code: 'LISTED',
      list: listing.list,
      listName: list?.name ?? listing.list,
      authority: list?.authority ?? '',
      blocking: list?.blocking ?? false,
      ...period(listing.from, listing.to, listing.source),
    });
  }

  const flagsInForce = jurisdictionFlagsInForce(view, asOf);
  for (const entity of view.entities()) {
    for (const reason of jurisdictionReasons(entity, flagsInForce)) add(entity.id, reason);
  }

  for (const [id, reason] of ownershipRuleReasons(view, asOf, ownershipRules)) add(id, reason);
  return reasons;
}

/** Reasons raised by the ownership rules whose period in force at `asOf` has effect `flag` (see ownership-rules.csv). */
function ownershipRuleReasons(view: GraphView, asOf: IsoDay, rules: readonly OwnershipRulePeriod[]): [string, Reason][] {
  return caughtByOwnershipRules(view, asOf, 'flag', rules).map(({ id, rule, finding }): [string, Reason] => {
    if (rule.reason === 'OWNED_50_BY_BLOCKED') return [id, { code: 'OWNED_50_BY_BLOCKED', rule: 'OFAC 50 Percent Rule (OFAC guidance of 13 Aug 2014)', ...asOwnershipBlock(finding) }];
    const controllers = rule.controls ? finding.controllers : [];
    return [id, { code: rule.reason, rule: rule.rule, ruleName: rule.name, authority: rule.authority, total: finding.total, owners: finding.owners, controllers, ...period(rule.from, rule.to, rule.source) }];
  });
}

/** The reasons of one entity at `asOf` (empty when it is not flagged). */
export function reasonsFor(flags: FlagIndex, id: string): readonly Reason[] {
  return flags.get(id) ?? [];
}

type FlagsInForce = Map<string, Map<JurisdictionFlag, JurisdictionFlagPeriod>>;

/** For each country, the flag periods in force at `asOf` (the earliest-starting one per flag). */
export function jurisdictionFlagsInForce(view: GraphView, asOf: IsoDay): FlagsInForce {
  const byCountry: FlagsInForce = new Map();
  for (const periodRow of view.jurisdictions()) {
    if (!inForce(periodRow, asOf)) continue;
    const flags = byCountry.get(periodRow.code) ?? new Map<JurisdictionFlag, JurisdictionFlagPeriod>();
    byCountry.set(periodRow.code, flags);
    const current = flags.get(periodRow.flag);
    if (current === undefined || (periodRow.from ?? '') < (current.from ?? '')) flags.set(periodRow.flag, periodRow);
  }
  return byCountry;
}

function jurisdictionReasons(entity: Entity, flagsInForce: FlagsInForce): Reason[] {
  if (entity.country === undefined) return [];
  const flags = flagsInForce.get(entity.country);
  if (!flags) return [];
  const reasons: Reason[] = [];
  const sanctions = flags.get('comprehensive_sanctions');
  if (sanctions) {
    reasons.push({ code: 'SANCTIONED_JURISDICTION', country: entity.country, flag: 'comprehensive_sanctions', ...period(sanctions.from, sanctions.to, sanctions.source) });
  }
  const hrRisk = flags.get('hr_risk');
  if (hrRisk && entity.sector !== undefined && STATE_SECTORS.includes(entity.sector)) {
    reasons.push({ code: 'HR_RISK_GOVERNMENT_END_USER', country: entity.country, sector: entity.sector, flag: 'hr_risk', ...period(hrRisk.from, hrRisk.to, hrRisk.source) });
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
