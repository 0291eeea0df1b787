// Screening a proposed sale: the buyer's flags and owners, the flagged routes the sale would
// open (on an overlay view, nothing written), the red flags, and a clear / review / stop verdict.
import { NotFoundError } from '../domain/errors.ts';
import { dayFromNumber, dayNumber, inForce, type IsoDay } from '../domain/dates.ts';
import { normaliseName } from '../domain/normalise-name.ts';
import type { Reason } from '../domain/reasons.ts';
import type { FreeTradeZone, RedFlag } from '../domain/red-flags.ts';
import { OWNERSHIP_RELATIONSHIP_TYPES, type Entity, type Relationship, type RelationshipType } from '../domain/schema.ts';
import { viewWithAdditions } from '../store/overlay-view.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities, reasonsFor, type FlagIndex } from './flags.ts';
import { shortestFlaggedFrom } from './k-shortest-routes.ts';
import { matchEntitiesByName, type NameMatch } from './name-matches.ts';
import { caughtByOwnershipRules } from './ownership.ts';
import { appliesUnder, DEFAULT_REGIME, type RegimeSelection } from '../domain/regimes.ts';
import { assessRoute, type RankedRoute } from './ranked-routes.ts';
import { routeRedFlags } from './red-flags.ts';
import { listInWords, plural, reasonInWords } from './verdict-words.ts';
import type { SearchBudget } from './search-budget.ts';
import { DEFAULT_MAX_HOPS, findFlaggedRoutes, type Route, type RouteEdge } from './routes.ts';

/** The verdict rules, in the order they are checked; each verdict reason names its rule. */
export const VERDICT_RULES = {
  BUYER_FLAGGED: { decision: 'stop', title: 'the buyer is flagged', when: 'the buyer is flagged at the sale date (listed, sanctioned jurisdiction, state end user at hr risk, or 50% owned by blocked persons)' },
  STATED_END_USER_FLAGGED: { decision: 'stop', title: 'the stated end user is flagged', when: 'the stated end user is flagged at the sale date' },
  FLAGGED_ROUTE: { decision: 'review', title: 'a flagged route runs through the sale', when: 'a flagged route runs through the sale (new or not)' },
  OWNER_FLAGGED: { decision: 'review', title: 'an owner or controller of the buyer is flagged', when: 'an owner or controller of the buyer (OWNS or CONTROLS in force) is flagged' },
  RED_FLAG: { decision: 'review', title: 'the proposed hop carries a red flag', when: 'the proposed hop itself carries a red flag (consignee kind or name, free-trade zone, hub, embargo, front company)' },
  OWNERSHIP_RED_FLAG: { decision: 'review', title: 'an ownership rule in a red-flag period catches the buyer', when: 'an ownership rule in a red-flag period catches the buyer (the BIS Affiliates Rule while suspended)' },
  NAME_MATCH_UNCERTAIN: { decision: 'review', title: 'the buyer\'s name is an uncertain match', when: 'a buyer given by name matched several entities, or only entities in another country' },
} as const;
export type VerdictRule = keyof typeof VERDICT_RULES;
export type Decision = 'clear' | 'review' | 'stop';

export interface ProposedSale {
  seller: string;
  /** An entity id, or a name and country (and address, which red flags read) for a buyer that may not be in the graph. */
  buyer: { id: string } | { name: string; country: string; address?: string };
  product?: string;
  statedEndUser?: string;
  date: IsoDay;
}

export interface ScreeningOptions {
  maxHops?: number;
  freeTradeZones: readonly FreeTradeZone[];
  /** Work budget of the route searches; when it runs out the routes are incomplete (budget.exhausted). */
  budget?: SearchBudget;
  /** Whose law applies (default all): a US and an EU exporter can get different verdicts. */
  regime?: RegimeSelection;
}

export interface OwnerOrController {
  id: string;
  name: string;
  type: RelationshipType;
  share: number | null;
  relationship: string;
  evidence: string | null;
  source: string | null;
  flagged: boolean;
  reasons: readonly Reason[];
}

export interface Screening {
  sale: { seller: string; buyer: string; product: string | null; statedEndUser: string | null; date: IsoDay };
  buyer: {
    id: string;
    name: string;
    country: string | null;
    /** False when the buyer was given by name and matched nothing usable: a provisional entity. */
    inGraph: boolean;
    /** How a buyer given by name was matched; null when given by id. */
    match: { query: string; normalised: string; candidates: NameMatch[] } | null;
    reasons: readonly Reason[];
  };
  statedEndUser: { id: string; name: string; reasons: readonly Reason[] } | null;
  owners: OwnerOrController[];
  anyOwnerFlagged: boolean;
  /** Flagged routes through the proposed sale, one (fewest hops) per target, highest score first. */
  routes: (RankedRoute & { new: boolean })[];
  /** Red flags of the proposed hop itself, judged as if the goods may go on from the buyer. */
  redFlags: RedFlag[];
  verdict: {
    decision: Decision;
    /** The regime selection the verdict was worked out under (`all`, `us`, `eu`, …). */
    regime: RegimeSelection;
    /** The verdict in one plain sentence: the decision, and the rules that made it (why review rather than stop). */
    summary: string;
    /** Each reason, a plain sentence with its sources, with the regimes whose rows produced it (empty for findings that are no regime's law). */
    reasons: { rule: VerdictRule; message: string; regimes: string[] }[];
  };
}

/** The id of the proposed SUPPLIES edge in the overlay view. */
export const PROPOSED_SALE_ID = 'proposed-sale';

/**
 * Screens one proposed sale at `sale.date`. The proposed SUPPLIES edge (start = end = the date)
 * is added to an overlay of `view`, never to the store. A flagged route "through the sale" is
 * seller → buyer → … → flagged target: the proposed hop, then a min-hop time-respecting
 * search from the buyer starting at the sale date (so onward edges must be open then), under
 * the rules of findFlaggedRoutes. It is `new` when the seller reaches no route to that target
 * at that date without the sale. Verdict: `stop` if a stop rule of VERDICT_RULES holds, else
 * `review` if a review rule holds, else `clear`.
 *
 * @example screenSale(view, { seller: 'bluecoat', buyer: { id: 'computerlinks-fzco' }, date: '2011-06-30' }, { freeTradeZones }).verdict.decision // 'review'
 */
export function screenSale(view: GraphView, sale: ProposedSale, options: ScreeningOptions): Screening {
  if (view.entity(sale.seller) === undefined) throw new NotFoundError('entity', sale.seller);
  if (sale.statedEndUser !== undefined && view.entity(sale.statedEndUser) === undefined) throw new NotFoundError('entity', sale.statedEndUser);
  const resolved = resolveBuyer(view, sale.buyer);
  const proposed: Relationship = {
    id: PROPOSED_SALE_ID,
    source: sale.seller,
    target: resolved.entity.id,
    type: 'SUPPLIES',
    start: sale.date,
    end: sale.date,
    ...(sale.product === undefined ? {} : { product: sale.product }),
    ...(sale.statedEndUser === undefined ? {} : { stated_end_user: sale.statedEndUser }),
    source_ref: 'proposed sale being screened (not in the dataset)',
  };
  const overlay = viewWithAdditions(view, { entities: resolved.inGraph ? [] : [resolved.entity], relationships: [proposed] });
  const regime = options.regime ?? DEFAULT_REGIME;
  const flags = flaggedEntities(overlay, sale.date, undefined, { regime });
  const buyerId = resolved.entity.id;
  const buyerReasons = reasonsFor(flags, buyerId);
  const owners = ownersAndControllers(overlay, buyerId, sale.date, flags);

  const hypothetical = new Set([PROPOSED_SALE_ID]);
  const before = new Set(findFlaggedRoutes(view, sale.seller, { asOf: sale.date, product: sale.product, maxHops: options.maxHops, flags, regime, budget: options.budget }).map((route) => route.target));
  const routes = routesThroughSale(overlay, proposed, sale, options.maxHops ?? DEFAULT_MAX_HOPS, flags, options.budget)
    .map((route) => ({ ...route, alternative: 1, ...assessRoute(overlay, route, { asOf: sale.date, freeTradeZones: options.freeTradeZones, hypothetical, regime }), rank: 0, new: !before.has(route.target) }))
    .sort((a, b) => b.score.total - a.score.total || a.hops - b.hops)
    .map((route, index) => ({ ...route, rank: index + 1 }));
  const saleHop: RouteEdge = { ...proposed, at: sale.date };
  const redFlags = routeRedFlags(overlay, { path: [sale.seller, buyerId], edges: [saleHop] }, { asOf: sale.date, freeTradeZones: options.freeTradeZones, openEnded: true, hypothetical, regime });
  const statedEndUser = sale.statedEndUser === undefined ? null : { id: sale.statedEndUser, name: view.entity(sale.statedEndUser)!.name, reasons: reasonsFor(flags, sale.statedEndUser) };

  const nameOf = (id: string) => overlay.entity(id)?.name ?? id;
  const reasons: Screening['verdict']['reasons'] = [];
  if (buyerReasons.length > 0) reasons.push({ rule: 'BUYER_FLAGGED', message: `The buyer, ${resolved.entity.name}, is ${listInWords(buyerReasons.map(reasonInWords))}.`, regimes: regimesOf(buyerReasons) });
  if (statedEndUser && statedEndUser.reasons.length > 0) {
    reasons.push({ rule: 'STATED_END_USER_FLAGGED', message: `The stated end user, ${statedEndUser.name}, is ${listInWords(statedEndUser.reasons.map(reasonInWords))}.`, regimes: regimesOf(statedEndUser.reasons) });
  }
  if (routes.length > 0) reasons.push({ rule: 'FLAGGED_ROUTE', message: flaggedRouteSentence(routes, nameOf), regimes: regimesOf(routes.flatMap((route) => route.reasons)) });
  for (const owner of owners.filter((candidate) => candidate.flagged)) {
    reasons.push({ rule: 'OWNER_FLAGGED', message: `${ownerClause(owner, overlay.entity(owner.id)?.kind === 'person')}, is ${listInWords(owner.reasons.map(reasonInWords))}.`, regimes: regimesOf(owner.reasons) });
  }
  for (const caught of caughtByOwnershipRules(overlay, sale.date, 'red_flag').filter((hit) => hit.id === buyerId && appliesUnder(hit.rule.regime, regime))) {
    reasons.push({
      rule: 'OWNERSHIP_RED_FLAG',
      message: `The ${caught.rule.name} (${caught.rule.rule}, ${caught.rule.regime} law) would catch the buyer, ${caught.finding.total}% held by listed or blocked parties, but the rule is in a red-flag period${caught.rule.to ? ` until ${caught.rule.to}` : ''} (source: ${caught.rule.source}).`,
      regimes: [caught.rule.regime],
    });
  }
  if (redFlags.length > 0) reasons.push({ rule: 'RED_FLAG', message: `The proposed hop itself carries ${plural(redFlags.length, 'red flag')}: ${redFlags.map((flag) => `${flag.message} (${flag.code}; source: ${flag.source})`).join('; ')}.`, regimes: [] });
  if (resolved.uncertainty !== undefined) reasons.push({ rule: 'NAME_MATCH_UNCERTAIN', message: resolved.uncertainty, regimes: [] });
  const decision: Decision = reasons.some((reason) => VERDICT_RULES[reason.rule].decision === 'stop') ? 'stop' : reasons.length > 0 ? 'review' : 'clear';
  const summary = verdictSummary(decision, reasons, statedEndUser !== null);

  return {
    sale: { seller: sale.seller, buyer: buyerId, product: sale.product ?? null, statedEndUser: sale.statedEndUser ?? null, date: sale.date },
    buyer: { id: buyerId, name: resolved.entity.name, country: resolved.entity.country ?? null, inGraph: resolved.inGraph, match: resolved.match, reasons: buyerReasons },
    statedEndUser,
    owners,
    anyOwnerFlagged: owners.some((owner) => owner.flagged),
    routes,
    redFlags,
    verdict: { decision, regime, summary, reasons },
  };
}

interface ResolvedBuyer {
  entity: Entity;
  inGraph: boolean;
  match: Screening['buyer']['match'];
  uncertainty?: string;
}

/**
 * A buyer by id must exist. A buyer by name takes the first candidate in its country (review
 * when there are several); candidates only in other countries, or none, give a provisional
 * entity (kind company) with the name and country given.
 */
function resolveBuyer(view: GraphView, buyer: ProposedSale['buyer']): ResolvedBuyer {
  if ('id' in buyer) {
    const entity = view.entity(buyer.id);
    if (entity === undefined) throw new NotFoundError('entity', buyer.id);
    return { entity, inGraph: true, match: null };
  }
  const candidates = matchEntitiesByName(view, buyer.name);
  const match = { query: buyer.name, normalised: normaliseName(buyer.name), candidates };
  const sameCountry = candidates.filter((candidate) => candidate.country === buyer.country);
  if (sameCountry.length > 0) {
    const uncertainty =
      sameCountry.length > 1
        ? `The name '${buyer.name}' matches ${sameCountry.length} entities in ${buyer.country} (${listInWords(sameCountry.map((candidate) => `${candidate.name} [${candidate.id}]`))}); the first, ${sameCountry[0]!.name}, was screened: check it is the buyer.`
        : undefined;
    return { entity: view.entity(sameCountry[0]!.id)!, inGraph: true, match, ...(uncertainty === undefined ? {} : { uncertainty }) };
  }
  let id = `proposed:${match.normalised.replace(/[^a-z0-9]+/g, '-') || 'buyer'}`;
  while (view.entity(id) !== undefined) id += '-new';
  const entity: Entity = {
    id,
    name: buyer.name,
    kind: 'company',
    country: buyer.country,
    aliases: [],
    ...(buyer.address === undefined ? {} : { address: buyer.address }),
    source: 'buyer of the proposed sale, given by name (not in the dataset)',
  };
  const uncertainty =
    candidates.length > 0
      ? `The name '${buyer.name}' matches only ${candidates.length === 1 ? 'an entity' : 'entities'} in another country (${listInWords(candidates.map((candidate) => `${candidate.name} [${candidate.id}], ${candidate.country ?? 'no country'}`))}); the buyer was screened as a new counterparty in ${buyer.country}: check whether it is the same party.`
      : undefined;
  return { entity, inGraph: false, match, ...(uncertainty === undefined ? {} : { uncertainty }) };
}

function ownersAndControllers(view: GraphView, id: string, date: IsoDay, flags: FlagIndex): OwnerOrController[] {
  return view
    .inEdges(id, OWNERSHIP_RELATIONSHIP_TYPES)
    .filter((edge) => inForce({ from: edge.start, to: edge.end }, date))
    .map((edge) => {
      const reasons = reasonsFor(flags, edge.source);
      return {
        id: edge.source,
        name: view.entity(edge.source)?.name ?? edge.source,
        type: edge.type,
        share: edge.share ?? null,
        relationship: edge.id,
        evidence: edge.evidence ?? null,
        source: edge.source_ref ?? null,
        flagged: reasons.length > 0,
        reasons,
      };
    });
}

/** seller → buyer, then the fewest-hop flagged routes onward from the buyer from the sale date. */
function routesThroughSale(overlay: GraphView, proposed: Relationship, sale: ProposedSale, maxHops: number, flags: FlagIndex, budget: SearchBudget | undefined): Route[] {
  const saleHop: RouteEdge = { ...proposed, at: sale.date };
  const buyerReasons = reasonsFor(flags, proposed.target);
  if (buyerReasons.length > 0) return [{ target: proposed.target, path: [sale.seller, proposed.target], hops: 1, reasons: buyerReasons, edges: [saleHop] }];
  if (maxHops < 2) return [];
  const onward = shortestFlaggedFrom(overlay, proposed.target, {
    startTime: dayNumber(sale.date),
    excluded: new Set([sale.seller]),
    bannedFirstSteps: new Set(),
    maxHops: maxHops - 1,
    flags,
    asOfDay: dayNumber(sale.date),
    product: sale.product?.trim().toLowerCase(),
    target: undefined,
    budget,
  });
  return [...onward].map(([target, route]) => ({
    target,
    path: [sale.seller, ...route.path],
    hops: route.edges.length + 1,
    reasons: reasonsFor(flags, target),
    edges: [saleHop, ...route.edges.map((edge, index) => ({ ...edge, at: dayFromNumber(route.times[index + 1]!) }))],
  }));
}

/** The flagged routes through the sale in one sentence: how many, how many new, and where to. */
function flaggedRouteSentence(routes: readonly (RankedRoute & { new: boolean })[], nameOf: (id: string) => string): string {
  const fresh = routes.filter((route) => route.new).length;
  const newness =
    fresh === routes.length
      ? routes.length === 1 ? 'the seller reaches it only through this sale' : 'the seller reaches each only through this sale'
      : fresh === 0
        ? routes.length === 1 ? 'the seller already reaches it without this sale' : 'the seller already reaches each without this sale'
        : `${fresh} of them the seller reaches only through this sale`;
  const targets = routes.map((route) => `${nameOf(route.target)} (${plural(route.hops, 'hop')}: ${route.path.map(nameOf).join(' → ')})`);
  return `The sale opens ${plural(routes.length, 'flagged route')}, to ${listInWords(targets)}; ${newness}.`;
}

/** Who an owner or controller is to the buyer: a director or other controller is not an owner. */
function ownerClause(owner: OwnerOrController, person: boolean): string {
  const relation = owner.type === 'OWNS' ? `${person ? 'who' : 'which'} owns ${owner.share === null ? 'part' : `${owner.share}%`} of the buyer` : `${person ? 'who' : 'which'} controls the buyer (a director or other controller, not an owner)`;
  return `${owner.name}, ${relation}${owner.source === null ? '' : ` (source: ${owner.source})`}`;
}

/** The verdict in one sentence: the decision and the rules that made it, so "review rather than stop" is said. */
function verdictSummary(decision: Decision, reasons: Screening['verdict']['reasons'], hasStatedEndUser: boolean): string {
  const titles = (wanted: 'stop' | 'review') => [...new Set(reasons.filter((reason) => VERDICT_RULES[reason.rule].decision === wanted).map((reason) => VERDICT_RULES[reason.rule].title))];
  if (decision === 'stop') {
    const stop = titles('stop');
    return `Stop: ${listInWords(stop)}, and a flagged ${stop.length === 1 && stop[0] === VERDICT_RULES.STATED_END_USER_FLAGGED.title ? 'end user' : 'party'} stops the sale.`;
  }
  const notFlagged = hasStatedEndUser ? 'neither the buyer nor the stated end user is flagged' : 'the buyer is not flagged';
  if (decision === 'review') return `Review, not stop: ${notFlagged}, but ${listInWords(titles('review'))}; each calls for review before the sale.`;
  return `Clear: no rule fired; ${notFlagged}, no owner or controller of the buyer is flagged, the sale opens no flagged route and the hop carries no red flag.`;
}

/** The regimes the reasons hold under, sorted, each once. */
function regimesOf(reasons: readonly Reason[]): string[] {
  return [...new Set(reasons.flatMap((reason) => (reason.regime === undefined ? [] : [reason.regime])))].sort();
}
