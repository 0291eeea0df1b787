// Ownership rules as one fixed point over OWNS and CONTROLS edges in force at a date, driven by
// the rule's data (data/reference/ownership-rules.csv): which lists seed it, the threshold,
// whether control counts, whether the shares of several caught owners add up.
// Source of the method: OFAC, "Revised Guidance on Entities Owned by Persons Whose Property and
// Interests in Property Are Blocked", 13 Aug 2014, and OFAC FAQs 398-401: holdings of different
// blocked persons are added together, and an entity blocked by ownership blocks what it owns in
// turn. The BIS Affiliates Rule copies that method; the EU and UK tests add control (and the UK
// does not add holdings of different owners): see each rule's source column.
import { inForce, type IsoDay } from '../domain/dates.ts';
import { measuresOf } from '../domain/regimes.ts';
import type { BlockedOwner, CaughtHolder } from '../domain/reasons.ts';
import type { OwnershipRulePeriod } from '../domain/ownership-rules.ts';
import type { Listing } from '../domain/schema.ts';
import { shippedOwnershipRules } from '../load/read-ownership-rules.ts';
import type { GraphView } from '../store/graph-view.ts';

/** Shares are summed in floating point; 33.33 + 16.67 must still reach 50. */
const EPSILON = 1e-9;

/** The terms of a rule the engine needs: one row of the rules table. */
export type OwnershipRuleTerms = Pick<OwnershipRulePeriod, 'lists' | 'threshold' | 'comparison' | 'controls' | 'aggregate'> & Partial<Pick<OwnershipRulePeriod, 'measures'>>;

/**
 * Whether a listing seeds the rule at `asOf`: on one of its lists, in force, confirmed, and
 * carrying one of the measures the rule's law names (OFAC counts blocking designations only).
 */
export function seedsRule(view: GraphView, rule: OwnershipRuleTerms, listing: Listing, asOf: IsoDay): boolean {
  if (!rule.lists.includes(listing.list) || listing.unverified === true || !inForce(listing, asOf)) return false;
  if (rule.measures === undefined || rule.measures.length === 0) return true;
  const measures = measuresOf(listing, view.list(listing.list));
  return rule.measures.some((measure) => measures.includes(measure));
}

/** What a rule sees of one entity that a caught owner or controller holds. */
export interface RuleFinding {
  /** Whether the rule catches the entity (by ownership, or by control where control counts). */
  caught: boolean;
  /** The share the rule counts: the sum of caught owners' shares, or the largest one when shares do not add up. */
  total: number;
  /** The sum of all caught owners' shares, whatever the rule counts. */
  sum: number;
  owners: CaughtHolder[];
  /** Caught entities with a CONTROLS edge to this one (listed whether or not control counts). */
  controllers: CaughtHolder[];
}

export interface RuleOutcome {
  /** Entities listed in force on one of the rule's lists. */
  seeds: ReadonlySet<string>;
  /** Every entity with at least one caught owner or controller, caught or not. */
  findings: ReadonlyMap<string, RuleFinding>;
}

interface Holding {
  share: number;
  relationships: string[];
}

/**
 * Applies one rule at `asOf`. Caught starts as the entities listed in force on the rule's lists;
 * each entity whose caught owners meet the threshold (summed or singly, as the rule says), or
 * that a caught entity controls when control counts, joins it, until nothing changes (a
 * worklist, so each edge is read at most once).
 *
 * @example applyOwnershipRule(view, { lists: ['OFAC_SDN'], threshold: 50, comparison: 'at_least', controls: false, aggregate: true }, '2024-03-01').findings.get('llc-cst')?.caught // true
 */
export function applyOwnershipRule(view: GraphView, rule: OwnershipRuleTerms, asOf: IsoDay): RuleOutcome {
  const caughtBecause = new Map<string, CaughtHolder['caughtBecause']>();
  for (const listing of view.listings()) {
    if (seedsRule(view, rule, listing, asOf)) caughtBecause.set(listing.entity_id, 'listed');
  }
  const seeds = new Set(caughtBecause.keys());
  const sharesByOwned = new Map<string, Map<string, Holding>>();
  const controlsByControlled = new Map<string, Map<string, Holding>>();
  const meets = (value: number) => (rule.comparison === 'at_least' ? value >= rule.threshold - EPSILON : value > rule.threshold + EPSILON);
  const counted = (holdings: Map<string, Holding> | undefined) => countedShare(holdings, rule.aggregate);

  const worklist = [...seeds];
  while (worklist.length > 0) {
    const holder = worklist.pop()!;
    for (const edge of view.outEdges(holder, ['OWNS', 'CONTROLS'])) {
      if (!inForce({ from: edge.start, to: edge.end }, asOf)) continue;
      const byHeld = edge.type === 'OWNS' ? sharesByOwned : controlsByControlled;
      const holdings = byHeld.get(edge.target) ?? new Map<string, Holding>();
      byHeld.set(edge.target, holdings);
      const holding = holdings.get(holder) ?? { share: 0, relationships: [] };
      holding.share += edge.share ?? 0;
      holding.relationships.push(edge.id);
      holdings.set(holder, holding);
      if (caughtBecause.has(edge.target)) continue;
      if (edge.type === 'OWNS' && meets(counted(holdings))) caughtBecause.set(edge.target, 'owned');
      else if (edge.type === 'CONTROLS' && rule.controls) caughtBecause.set(edge.target, 'controlled');
      else continue;
      worklist.push(edge.target);
    }
  }

  const findings = new Map<string, RuleFinding>();
  for (const id of new Set([...sharesByOwned.keys(), ...controlsByControlled.keys()])) {
    const owned = sharesByOwned.get(id);
    const controlled = controlsByControlled.get(id);
    const total = counted(owned);
    const holders = (holdings: Map<string, Holding> | undefined, withShare: boolean): CaughtHolder[] =>
      [...(holdings ?? [])]
        .map(([holderId, holding]) => ({
          id: holderId,
          name: view.entity(holderId)?.name ?? holderId,
          ...(withShare ? { share: roundShare(holding.share) } : {}),
          relationships: holding.relationships,
          caughtBecause: caughtBecause.get(holderId)!,
        }))
        .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || a.id.localeCompare(b.id));
    findings.set(id, {
      caught: meets(total) || (rule.controls && controlled !== undefined),
      total: roundShare(total),
      sum: roundShare(countedShare(owned, true)),
      owners: holders(owned, true),
      controllers: holders(controlled, false),
    });
  }
  return { seeds, findings };
}

/** One entity caught by one rule period at a date. */
export interface RuleCatch {
  id: string;
  rule: OwnershipRulePeriod;
  finding: RuleFinding;
}

/**
 * Every entity caught at `asOf` by a rule period in force of the given kind, in rule then id
 * order: `flag` (confirmed periods of effect flag) feeds flaggedEntities; `red_flag` (e.g. BIS
 * affiliates while the rule is suspended) is for red-flag reporting, never a flag; `unverified`
 * (periods whose status is not confirmed, whatever their effect) gives UNVERIFIED_OWNERSHIP_RULE red flags.
 *
 * @example caughtByOwnershipRules(view, '2026-01-15', 'red_flag').map((hit) => [hit.id, hit.rule.rule]) // [['aff', 'BIS_AFFILIATES']]
 */
export function caughtByOwnershipRules(view: GraphView, asOf: IsoDay, kind: OwnershipRulePeriod['effect'] | 'unverified', rules: readonly OwnershipRulePeriod[] = shippedOwnershipRules()): RuleCatch[] {
  const caught: RuleCatch[] = [];
  for (const rule of rules) {
    const unverified = rule.unverified === true;
    if ((kind === 'unverified' ? !unverified : unverified || rule.effect !== kind) || !inForce(rule, asOf)) continue;
    const findings = [...applyOwnershipRule(view, rule, asOf).findings].filter(([, finding]) => finding.caught);
    for (const [id, finding] of findings.sort(([a], [b]) => a.localeCompare(b))) caught.push({ id, rule, finding });
  }
  return caught;
}

/** The share a rule counts: all caught owners together, or the largest single one. */
function countedShare(holdings: Map<string, Holding> | undefined, aggregate: boolean): number {
  let total = 0;
  for (const holding of holdings?.values() ?? []) total = aggregate ? total + holding.share : Math.max(total, holding.share);
  return total;
}

function roundShare(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// ---- the OFAC 50 Percent Rule, as the rules table states it ---------------------------------

export interface OwnershipBlock {
  /** Sum of the shares held by blocked owners, in percent. */
  total: number;
  owners: BlockedOwner[];
}

/**
 * Entities whose blocked owners together hold at least 50% at `asOf` under the OFAC row of the
 * rules table (rule OFAC_50), with the owners and their shares.
 *
 * @example entitiesOwned50ByBlocked(view, '2024-03-01').get('llc-cst')?.total // 100
 */
export function entitiesOwned50ByBlocked(view: GraphView, asOf: IsoDay, rules: readonly OwnershipRulePeriod[] = shippedOwnershipRules()): Map<string, OwnershipBlock> {
  const result = new Map<string, OwnershipBlock>();
  for (const period of rules) {
    if (period.reason !== 'OWNED_50_BY_BLOCKED' || period.effect !== 'flag' || period.unverified === true || !inForce(period, asOf)) continue;
    for (const [id, finding] of applyOwnershipRule(view, period, asOf).findings) {
      if (finding.caught) result.set(id, asOwnershipBlock(finding));
    }
  }
  return result;
}

/** The OWNED_50_BY_BLOCKED shape of a finding of an ownership-only rule. */
export function asOwnershipBlock(finding: RuleFinding): OwnershipBlock {
  return {
    total: finding.total,
    owners: finding.owners.map((owner) => ({
      id: owner.id,
      name: owner.name,
      share: owner.share ?? 0,
      relationships: owner.relationships,
      blockedBecause: owner.caughtBecause === 'listed' ? 'listed' : 'owned',
    })),
  };
}
