// Why an entity is (or is not) caught by each ownership rule at a date: the chains of owners and
// controllers up to listed roots, and per rule whether it applies, does not, or is suspended.
import { NotFoundError } from '../domain/errors.ts';
import { inForce, type IsoDay } from '../domain/dates.ts';
import type { CaughtHolder } from '../domain/reasons.ts';
import type { OwnershipRuleEffect, OwnershipRulePeriod, ThresholdComparison } from '../domain/ownership-rules.ts';
import type { Listing, Relationship } from '../domain/schema.ts';
import { shippedOwnershipRules } from '../load/read-ownership-rules.ts';
import type { GraphView } from '../store/graph-view.ts';
import { applyOwnershipRule } from './ownership.ts';

/** Chains longer than this are not followed; more chains than the cap are cut (and said so). */
export const MAX_CHAIN_DEPTH = 8;
export const MAX_CHAINS = 200;

export interface ChainHop {
  /** The holder (owner or controller) and the held entity of this edge. */
  source: string;
  target: string;
  type: 'OWNS' | 'CONTROLS';
  share?: number;
  relationship: string;
  evidence?: string;
  sourceRef?: string;
}

export interface OwnershipChain {
  /** From the entity up to the listed root: `[entity, owner, owner's owner, …, root]`. */
  path: string[];
  /** Hops in the same order, each from holder to held. */
  hops: ChainHop[];
  /** The product of the shares along the chain (look-through share), or null when a hop is control. */
  effectiveShare: number | null;
  root: string;
  /** Lists the root is on at the date. */
  rootLists: string[];
}

export type RuleStatusCode = 'applies' | 'red_flag' | 'unverified' | 'does_not_apply' | 'listed' | 'not_in_force';

export interface RuleStatus {
  rule: string;
  name: string;
  authority: string;
  /** Whose law the rule is. */
  regime: string;
  status: RuleStatusCode;
  /** The period in force at the date, when there is one. */
  period?: { from?: string; to?: string; effect: OwnershipRuleEffect; source: string; verified?: string; unverified?: boolean };
  lists: string[];
  threshold: number;
  comparison: ThresholdComparison;
  controlsCount: boolean;
  aggregate: boolean;
  /** The share the rule counts (sum, or largest single holding), in percent. */
  total: number;
  owners: CaughtHolder[];
  controllers: CaughtHolder[];
  why: string;
}

export interface OwnershipStatus {
  entity: { id: string; name: string };
  asOf: IsoDay;
  listings: Listing[];
  chains: OwnershipChain[];
  chainsTruncated: boolean;
  rules: RuleStatus[];
}

/**
 * The ownership status of `id` at `asOf` under every rule of the table.
 *
 * @example ownershipStatus(view, 'skycom', '2025-10-01').rules.find((r) => r.rule === 'BIS_AFFILIATES')?.status // 'does_not_apply'
 */
export function ownershipStatus(view: GraphView, id: string, asOf: IsoDay, rules: readonly OwnershipRulePeriod[] = shippedOwnershipRules()): OwnershipStatus {
  const entity = view.entity(id);
  if (entity === undefined) throw new NotFoundError('entity', id);
  const seedLists = new Set(rules.flatMap((rule) => rule.lists));
  const { chains, truncated } = chainsToListedRoots(view, id, asOf, seedLists);
  const ruleIds = [...new Set(rules.map((rule) => rule.rule))];
  return {
    entity: { id, name: entity.name },
    asOf,
    listings: view.listingsOf(id).filter((listing) => inForce(listing, asOf)),
    chains,
    chainsTruncated: truncated,
    rules: ruleIds.map((ruleId) => ruleStatus(view, id, asOf, rules.filter((rule) => rule.rule === ruleId))),
  };
}

function ruleStatus(view: GraphView, id: string, asOf: IsoDay, periods: OwnershipRulePeriod[]): RuleStatus {
  const current = periods.find((period) => inForce(period, asOf));
  const terms = current ?? periods[0]!;
  const base = {
    rule: terms.rule,
    name: terms.name,
    authority: terms.authority,
    regime: terms.regime,
    lists: terms.lists,
    threshold: terms.threshold,
    comparison: terms.comparison,
    controlsCount: terms.controls,
    aggregate: terms.aggregate,
  };
  if (current === undefined) {
    const spans = periods.map((period) => `${period.from ?? '…'} to ${period.to ?? '…'} (${period.effect})`).join('; ');
    return { ...base, status: 'not_in_force', total: 0, owners: [], controllers: [], why: `not in force on ${asOf}; in force ${spans}` };
  }
  const outcome = applyOwnershipRule(view, current, asOf);
  const finding = outcome.findings.get(id);
  const owners = finding?.owners ?? [];
  const controllers = finding?.controllers ?? [];
  const total = finding?.total ?? 0;
  const period = {
    ...(current.from ? { from: current.from } : {}),
    ...(current.to ? { to: current.to } : {}),
    effect: current.effect,
    source: current.source,
    ...(current.verified ? { verified: current.verified } : {}),
    ...(current.unverified ? { unverified: true } : {}),
  };
  const needs = `${current.comparison === 'at_least' ? '≥' : '>'} ${current.threshold}%`;
  const counted = current.aggregate ? `caught owners together hold ${total}%` : `the largest single caught holding is ${total}% (holdings of different owners are not added)`;
  const listed = outcome.seeds.has(id);
  if (finding?.caught) {
    const byControl = !meetsShare(total, current) && current.controls;
    const because = byControl
      ? `controlled by ${controllers.map((holder) => `${holder.name} [${holder.id}]`).join(', ')}, and control counts under this rule`
      : `${counted} (${needs} needed)`;
    const status: RuleStatusCode = current.unverified === true ? 'unverified' : current.effect === 'flag' ? 'applies' : 'red_flag';
    const effect =
      status === 'applies'
        ? 'the entity is flagged'
        : status === 'unverified'
          ? `whether the rule is in force from ${current.from ?? '…'} is not confirmed (source last checked ${current.verified ?? 'on no recorded day'}): an UNVERIFIED_OWNERSHIP_RULE red flag, not a flag`
          : `the rule is suspended in this period (${current.from ?? '…'} to ${current.to ?? '…'}): a red flag, not a flag`;
    return { ...base, status, period, total, owners, controllers, why: `${because}; ${effect}` };
  }
  const reasons: string[] = [];
  if (listed) reasons.push(`listed itself on ${current.lists.filter((code) => view.listingsOf(id).some((listing) => listing.list === code && inForce(listing, asOf))).join(', ')}: the rule's seed, not caught through owners`);
  if (owners.length > 0) {
    reasons.push(`${counted}, short of ${needs}`);
    if (!current.aggregate && (finding?.sum ?? 0) > total) reasons.push(`together they hold ${finding?.sum}%, which would count under an aggregating rule`);
  }
  if (controllers.length > 0 && !current.controls) reasons.push(`controlled by ${controllers.map((holder) => `${holder.name} [${holder.id}]`).join(', ')}, but control does not count under this rule`);
  if (reasons.length === 0) reasons.push(`no owner or controller is listed on ${current.lists.join(' or ')} or caught in turn`);
  return { ...base, status: listed ? 'listed' : 'does_not_apply', period, total, owners, controllers, why: reasons.join('; ') };
}

function meetsShare(total: number, rule: OwnershipRulePeriod): boolean {
  return rule.comparison === 'at_least' ? total >= rule.threshold - 1e-9 : total > rule.threshold + 1e-9;
}

/**
 * Every simple chain of OWNS and CONTROLS edges in force from the entity's holders upwards that
 * ends at an entity listed on a list some rule is seeded by (the chain stops at the first one).
 */
function chainsToListedRoots(view: GraphView, id: string, asOf: IsoDay, seedLists: ReadonlySet<string>): { chains: OwnershipChain[]; truncated: boolean } {
  const rootLists = (node: string) => [...new Set(view.listingsOf(node).filter((listing) => seedLists.has(listing.list) && inForce(listing, asOf)).map((listing) => listing.list))].sort();
  const chains: OwnershipChain[] = [];
  let truncated = false;
  const path = [id];
  const hops: ChainHop[] = [];
  const walk = (node: string) => {
    if (hops.length >= MAX_CHAIN_DEPTH) return;
    for (const edge of view.inEdges(node, ['OWNS', 'CONTROLS'])) {
      if (!inForce({ from: edge.start, to: edge.end }, asOf) || path.includes(edge.source)) continue;
      if (chains.length >= MAX_CHAINS) {
        truncated = true;
        return;
      }
      path.push(edge.source);
      hops.push(chainHop(edge));
      const lists = rootLists(edge.source);
      if (lists.length > 0) chains.push({ path: [...path], hops: [...hops], effectiveShare: effectiveShare(hops), root: edge.source, rootLists: lists });
      else walk(edge.source);
      path.pop();
      hops.pop();
    }
  };
  walk(id);
  return { chains, truncated };
}

function chainHop(edge: Relationship): ChainHop {
  return {
    source: edge.source,
    target: edge.target,
    type: edge.type === 'OWNS' ? 'OWNS' : 'CONTROLS',
    ...(edge.share === undefined ? {} : { share: edge.share }),
    relationship: edge.id,
    ...(edge.evidence === undefined ? {} : { evidence: edge.evidence }),
    ...(edge.source_ref === undefined ? {} : { sourceRef: edge.source_ref }),
  };
}

function effectiveShare(hops: readonly ChainHop[]): number | null {
  let product = 100;
  for (const hop of hops) {
    if (hop.type === 'CONTROLS') return null;
    product = (product * (hop.share ?? 0)) / 100;
  }
  return Math.round(product * 1e6) / 1e6;
}
