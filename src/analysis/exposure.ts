// Exposure: everything goods can reach downstream from one entity within k hops, grouped by
// jurisdiction and by flag reason, with the best route to each flagged entity reached.
import type { RegimeSelection } from '../domain/regimes.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { IsoDay } from '../domain/dates.ts';
import type { FreeTradeZone } from '../domain/red-flags.ts';
import type { JurisdictionFlag } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities, jurisdictionFlagsInForce, type FlagIndex } from './flags.ts';
import { bestRankedTargets, type RankedRoute } from './ranked-routes.ts';
import { DEFAULT_MAX_HOPS, findFlaggedRoutesAndReach, findFlaggedTargetsAndReach } from './routes.ts';
import type { SearchBudget } from './search-budget.ts';

export interface ExposureOptions {
  asOf: IsoDay;
  maxHops?: number;
  product?: string;
  flags?: FlagIndex;
  freeTradeZones: readonly FreeTradeZone[];
  /** Whose law applies (default all). */
  regime?: RegimeSelection;
  /** Work budget: when it runs out, the counts and routes cover what was reached so far (budget.exhausted). */
  budget?: SearchBudget;
  /**
   * List only the best `limit` routes in `flagged` (every flagged entity is still counted): only
   * routes that can be among them get their red flags worked out. Default: every route.
   */
  limit?: number;
}

export interface JurisdictionExposure {
  /** ISO alpha-2 code, or null for entities without a country. */
  country: string | null;
  reachable: number;
  flagged: number;
  endUsers: number;
  flaggedEndUsers: number;
  /** Jurisdiction flags in force at the as-of date, with their evidence. */
  flags: { flag: JurisdictionFlag; from?: string; to?: string; source?: string }[];
}

export interface Exposure {
  from: string;
  asOf: IsoDay;
  maxHops: number;
  product: string | null;
  reachable: { entities: number; endUsers: number; flaggedEndUsers: number; flaggedShare: number | null };
  byJurisdiction: JurisdictionExposure[];
  byReason: { code: string; count: number }[];
  flagged: { target: string; route: RankedRoute }[];
}

/**
 * What `from`'s goods can reach within `maxHops` (default 6) at `asOf`, under the rules of
 * findFlaggedRoutes: time-respecting, product-consistent, and a flagged entity is reached but
 * not passed (what lies beyond it is its own exposure), so every flagged entity counted has a
 * route in `flagged`. `entities` leaves out `from` itself; `flaggedShare` is flagged end users
 * over end users (kind end_user) reached, rounded to 4 places, null when none is reached.
 * byJurisdiction is sorted by entities reached (most first, then code; null last); byReason
 * counts flagged entities per reason code (one entity may count under several); `flagged` is
 * the fewest-hop route to each flagged entity, highest score first (the first `limit` of them,
 * when given).
 *
 * @example computeExposure(view, 'bluecoat', { asOf: '2011-06-30', freeTradeZones }).reachable.flaggedShare // 0.3333
 */
export function computeExposure(view: GraphView, from: string, options: ExposureOptions): Exposure {
  if (view.entity(from) === undefined) throw new NotFoundError('entity', from);
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const flags = options.flags ?? flaggedEntities(view, options.asOf, undefined, { regime: options.regime });
  // One search: what it reaches is the exposure, and its routes are the flagged part's routes.
  const { targets, reached } = findFlaggedTargetsAndReach(view, from, { asOf: options.asOf, product: options.product, maxHops, flags, budget: options.budget });
  const flagsInForce = jurisdictionFlagsInForce(view, options.asOf, options.regime);

  const byCountry = new Map<string | null, JurisdictionExposure>();
  const groupOf = (country: string | null): JurisdictionExposure => {
    let group = byCountry.get(country);
    if (group === undefined) {
      const inForce = country === null ? [] : [...(flagsInForce.get(country)?.values() ?? [])].flat();
      group = { country, reachable: 0, flagged: 0, endUsers: 0, flaggedEndUsers: 0, flags: inForce.map(({ flag, from: start, to, source }) => ({ flag, from: start, to, source })) };
      byCountry.set(country, group);
    }
    return group;
  };
  let endUsers = 0;
  for (const [country, count] of reached.countByCountry()) {
    const group = groupOf(country);
    group.reachable += count.entities;
    group.endUsers += count.endUsers;
    endUsers += count.endUsers;
  }
  // The flagged entities reached are exactly the routes' targets, one route each, with their
  // reasons: counting them from the routes spares a flag lookup per entity reached.
  const reasonCounts = new Map<string, number>();
  let flaggedEndUsers = 0;
  for (let index = 0; index < targets.count; index++) {
    const group = groupOf(targets.country(index));
    group.flagged++;
    if (targets.isEndUser(index)) {
      group.flaggedEndUsers++;
      flaggedEndUsers++;
    }
    // Each code once per entity, with no Set or array made per entity (a hub's exposure reaches
    // 240,000 flagged ones at 10M): a code counts where it first occurs in the entity's reasons.
    const reasons = targets.reasons(index);
    for (let at = 0; at < reasons.length; at++) {
      const code = reasons[at]!.code;
      let first = 0;
      while (reasons[first]!.code !== code) first++;
      if (first === at) reasonCounts.set(code, (reasonCounts.get(code) ?? 0) + 1);
    }
  }

  const rankOptions = { asOf: options.asOf, freeTradeZones: options.freeTradeZones };
  const ranked = bestRankedTargets(view, targets, { ...rankOptions, limit: options.limit ?? targets.count });
  return {
    from,
    asOf: options.asOf,
    maxHops,
    product: options.product ?? null,
    reachable: { entities: reached.size, endUsers, flaggedEndUsers, flaggedShare: endUsers === 0 ? null : Math.round((flaggedEndUsers / endUsers) * 10_000) / 10_000 },
    byJurisdiction: [...byCountry.values()].map(withoutEmptyBounds).sort(
      (a, b) => b.reachable - a.reachable || (a.country === null ? 1 : b.country === null ? -1 : a.country.localeCompare(b.country)),
    ),
    byReason: [...reasonCounts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    flagged: ranked.map((route) => ({ target: route.target, route })),
  };
}

/**
 * How many flagged entities the exposure reached: all are counted, while `flagged` may list only
 * the best `limit` of their routes.
 *
 * @example flaggedEntityCount(exposure) - exposure.flagged.length // routes left out by the limit
 */
export function flaggedEntityCount(exposure: Exposure): number {
  return exposure.byJurisdiction.reduce((sum, group) => sum + group.flagged, 0);
}

/**
 * Entities reachable from `from` within maxHops (without `from`), by the search of
 * findFlaggedRoutes: time-respecting, product-consistent, and flagged entities reached but not
 * passed.
 *
 * @example reachableWithin(view, 'bluecoat', { asOf: '2011-06-30', maxHops: 6, flags }).has('ste-syria') // true
 */
export function reachableWithin(view: GraphView, from: string, options: { asOf: IsoDay; maxHops: number; product?: string; flags: FlagIndex; budget?: SearchBudget }): Set<string> {
  return new Set(findFlaggedRoutesAndReach(view, from, options).reached.ids());
}

/** Drops undefined period bounds so the JSON carries no empty keys. */
function withoutEmptyBounds(group: JurisdictionExposure): JurisdictionExposure {
  return { ...group, flags: group.flags.map((flag) => Object.fromEntries(Object.entries(flag).filter(([, value]) => value !== undefined)) as JurisdictionExposure['flags'][number]) };
}
