// Exposure: everything goods can reach downstream from one entity within k hops, grouped by
// jurisdiction and by flag reason, with the best route to each flagged entity reached.
import { NotFoundError } from '../domain/errors.ts';
import { dayNumber, type IsoDay } from '../domain/dates.ts';
import type { FreeTradeZone } from '../domain/red-flags.ts';
import { GOODS_RELATIONSHIP_TYPES, type JurisdictionFlag } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities, jurisdictionFlagsInForce, reasonsFor, type FlagIndex } from './flags.ts';
import { rankedFlaggedRoutes, type RankedRoute } from './ranked-routes.ts';
import { DEFAULT_MAX_HOPS, crossingTime } from './routes.ts';
import { withinBudget, type SearchBudget } from './search-budget.ts';
import { compactReachableWithin } from './compact/reachable.ts';

export interface ExposureOptions {
  asOf: IsoDay;
  maxHops?: number;
  product?: string;
  flags?: FlagIndex;
  freeTradeZones: readonly FreeTradeZone[];
  /** Work budget: when it runs out, the counts and routes cover what was reached so far (budget.exhausted). */
  budget?: SearchBudget;
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
 * the fewest-hop route to each flagged entity, highest score first.
 *
 * @example computeExposure(view, 'bluecoat', { asOf: '2011-06-30', freeTradeZones }).reachable.flaggedShare // 0.3333
 */
export function computeExposure(view: GraphView, from: string, options: ExposureOptions): Exposure {
  if (view.entity(from) === undefined) throw new NotFoundError('entity', from);
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const flags = options.flags ?? flaggedEntities(view, options.asOf);
  const reached = reachableWithin(view, from, { ...options, maxHops, flags });
  const flagsInForce = jurisdictionFlagsInForce(view, options.asOf);

  const byCountry = new Map<string | null, JurisdictionExposure>();
  const reasonCounts = new Map<string, number>();
  let endUsers = 0;
  let flaggedEndUsers = 0;
  for (const id of reached) {
    const entity = view.entity(id)!;
    const country = entity.country ?? null;
    let group = byCountry.get(country);
    if (group === undefined) {
      const inForce = country === null ? [] : [...(flagsInForce.get(country)?.values() ?? [])];
      group = { country, reachable: 0, flagged: 0, endUsers: 0, flaggedEndUsers: 0, flags: inForce.map(({ flag, from: start, to, source }) => ({ flag, from: start, to, source })) };
      byCountry.set(country, group);
    }
    const reasons = reasonsFor(flags, id);
    const isEndUser = entity.kind === 'end_user';
    group.reachable++;
    if (reasons.length > 0) group.flagged++;
    if (isEndUser) {
      group.endUsers++;
      endUsers++;
      if (reasons.length > 0) {
        group.flaggedEndUsers++;
        flaggedEndUsers++;
      }
    }
    for (const code of new Set(reasons.map((reason) => reason.code))) reasonCounts.set(code, (reasonCounts.get(code) ?? 0) + 1);
  }

  const routes = rankedFlaggedRoutes(view, from, { asOf: options.asOf, product: options.product, maxHops, flags, k: 1, sort: 'score', freeTradeZones: options.freeTradeZones, budget: options.budget });
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
    flagged: routes.map((route) => ({ target: route.target, route })),
  };
}

/**
 * Entities reachable from `from` within maxHops (without `from`): the layered earliest-arrival
 * search of findFlaggedRoutes, recording every entity reached and expanding only unflagged ones.
 *
 * @example reachableWithin(view, 'bluecoat', { asOf: '2011-06-30', maxHops: 6, flags }).has('ste-syria') // true
 */
export function reachableWithin(view: GraphView, from: string, options: { asOf: IsoDay; maxHops: number; product?: string; flags: FlagIndex; budget?: SearchBudget }): Set<string> {
  const compact = view.compact?.();
  const fromIndex = compact?.indexOf(from);
  if (compact !== undefined && fromIndex !== undefined) return compactReachableWithin(compact, fromIndex, options);
  const asOfDay = dayNumber(options.asOf);
  const product = options.product?.trim().toLowerCase();
  const earliestArrival = new Map<string, number>([[from, -Infinity]]);
  const reached = new Set<string>();
  let layer: { node: string; time: number }[] = [{ node: from, time: -Infinity }];
  for (let hops = 1; hops <= options.maxHops && layer.length > 0; hops++) {
    const bestInLayer = new Map<string, number>();
    for (const state of layer) {
      const outEdges = view.outEdges(state.node, GOODS_RELATIONSHIP_TYPES);
      if (!withinBudget(options.budget, outEdges.length + 1)) break;
      for (const edge of outEdges) {
        const time = crossingTime(edge, state.time, asOfDay, product);
        if (time === undefined || edge.target === from || time >= (earliestArrival.get(edge.target) ?? Infinity)) continue;
        if (time < (bestInLayer.get(edge.target) ?? Infinity)) bestInLayer.set(edge.target, time);
      }
    }
    layer = [];
    for (const [node, time] of bestInLayer) {
      earliestArrival.set(node, time);
      reached.add(node);
      if (reasonsFor(options.flags, node).length === 0) layer.push({ node, time });
    }
  }
  return reached;
}

/** Drops undefined period bounds so the JSON carries no empty keys. */
function withoutEmptyBounds(group: JurisdictionExposure): JurisdictionExposure {
  return { ...group, flags: group.flags.map((flag) => Object.fromEntries(Object.entries(flag).filter(([, value]) => value !== undefined)) as JurisdictionExposure['flags'][number]) };
}
