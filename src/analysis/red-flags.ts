// Red flags on the hops of a route, each with the fact and source behind it: BIS "Know Your
// Customer" red flags (15 CFR Part 732, Supplement No. 3), transshipment hubs and arms
// embargoes at the hop's date, front companies, stated versus actual end user, weak evidence.
import { inForce, type IsoDay } from '../domain/dates.ts';
import { containsWords } from '../domain/normalise-name.ts';
import { TRADING_COMPANY_NAME_WORDS, WEAK_EVIDENCE_GRADES, type FreeTradeZone, type RedFlag } from '../domain/red-flags.ts';
import { DEFAULT_REGIME, type RegimeSelection } from '../domain/regimes.ts';
import { countryOf, type Entity, type JurisdictionFlag } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { jurisdictionRowApplies, placesOf } from './flags.ts';
import type { RouteEdge } from './routes.ts';
import { unverifiedFacts } from './unverified.ts';

export interface RedFlagOptions {
  /** The date of the question: used for jurisdiction flags on undated hops. */
  asOf: IsoDay;
  /** Free-trade-zone keywords (readFreeTradeZones() in src/load). */
  freeTradeZones: readonly FreeTradeZone[];
  /**
   * The route may go on past its last entity (screening a proposed sale): its last consignee
   * is checked as a transshipment point too, and stated end users are not compared with it.
   */
  openEnded?: boolean;
  /** Ids of hops that are proposed, not recorded (screening): no date or evidence flags for them. */
  hypothetical?: ReadonlySet<string>;
  /** Whose law applies to the arms-embargo and licence rows (default all; hubs are findings and always count). */
  regime?: RegimeSelection;
}

/** What red flags read of a route: its entity path and its hops in order. */
export interface RouteHops {
  path: readonly string[];
  edges: readonly RouteEdge[];
}

/**
 * Every red flag on the route's hops, hop by hop. Rules, per hop i (0-based) with consignee C =
 * the hop's target:
 * - FREIGHT_FORWARDER_CONSIGNEE, TRADING_COMPANY_CONSIGNEE, FREE_TRADE_ZONE_ADDRESS: on SUPPLIES
 *   hops, C is of kind freight_forwarder; C's name or an alias holds a TRADING_COMPANY_NAME_WORDS
 *   word; C's address or name holds a free-trade-zone keyword (whole words, case and accents
 *   ignored; names count because FZCO/FZE/FZ-LLC legal forms show free-zone registration).
 * - TRANSSHIPMENT_HUB: C's country is flagged transshipment_hub at the hop's date, and the goods
 *   go on from C (every hop but the last, unless openEnded).
 *   A row naming destinations (the FinCEN/BIS hubs: RU;BY) counts only when the route ends in
 *   one of them, or may go on anywhere (openEnded).
 * - ARMS_EMBARGO_JURISDICTION, LICENCE_REQUIRED_JURISDICTION: C's place (its region, then its
 *   country) has an arms_embargo or licence_requirement row of the selected regime at the hop's
 *   date (any hop). The hop's date is its `at`; an undated hop is judged at the as-of date, and says so.
 * - UNVERIFIED_LISTING, UNVERIFIED_JURISDICTION_FLAG, UNVERIFIED_OWNERSHIP_RULE: C has a fact
 *   marked unverified at the as-of date (see unverified.ts), with its source and last-checked day.
 * - FRONT_COMPANY: C is of kind front_company, or the hop is FRONT_FOR (flagging its source).
 * - STATED_END_USER_MISMATCH: a SUPPLIES hop's stated_end_user is neither C nor the route's
 *   last entity: the goods were declared for someone they do not end with on this route.
 * - UNDATED_HOP: the hop has neither start nor end.
 * - WEAK_EVIDENCE / UNGRADED_EVIDENCE: the hop's evidence is press or weaker, or absent.
 * Hypothetical hops (a sale being screened) get no UNDATED_HOP or evidence flags.
 *
 * @example routeRedFlags(view, route, { asOf: '2011-06-30', freeTradeZones }).map((flag) => flag.code)
 *   // ['TRANSSHIPMENT_HUB', 'FREE_TRADE_ZONE_ADDRESS', 'STATED_END_USER_MISMATCH', …]
 */
export function routeRedFlags(view: GraphView, route: RouteHops, options: RedFlagOptions): RedFlag[] {
  // Written as plain loops that push into one array: exposure and routes assess tens of
  // thousands of routes, and per-hop arrays and closures were a good part of the cost.
  const flags: RedFlag[] = [];
  const last = route.path[route.path.length - 1];
  const frontsFlagged = new Set<string>();
  const { edges } = route;
  const regime = options.regime ?? DEFAULT_REGIME;
  const unverified = unverifiedFacts(view, options.asOf, regime);
  const destination = last === undefined ? undefined : view.entity(last)?.country;
  for (let hop = 0; hop < edges.length; hop++) {
    const edge = edges[hop]!;
    const consignee = view.entity(edge.target);
    const goesOn = options.openEnded === true || hop < edges.length - 1;
    if (edge.type === 'SUPPLIES' && consignee) pushConsigneeFlags(flags, consignee, hop, options.freeTradeZones);
    if (consignee) pushJurisdictionFlags(flags, view, consignee, hop, edge, goesOn, options, destination);
    for (const fact of unverified.get(edge.target) ?? []) flags.push({ ...fact, hop });
    if (edge.type === 'FRONT_FOR') pushFrontFlag(flags, view, frontsFlagged, edge.source, hop, edge);
    if (consignee?.kind === 'front_company') pushFrontFlag(flags, view, frontsFlagged, edge.target, hop, edge);
    const stated = edge.type === 'SUPPLIES' ? edge.stated_end_user : undefined;
    if (stated !== undefined && options.openEnded !== true && stated !== edge.target && stated !== last) {
      flags.push(mismatchFlag(view, route, hop, edge, stated));
    }
    if (options.hypothetical?.has(edge.id) === true) continue;
    if (edge.start === undefined && edge.end === undefined) {
      flags.push({ code: 'UNDATED_HOP', hop, message: `hop ${edge.source} → ${edge.target} (${edge.type}) has no dates`, source: edgeSource(edge) });
    }
    if (edge.evidence === undefined) {
      flags.push({ code: 'UNGRADED_EVIDENCE', hop, message: `hop ${edge.source} → ${edge.target} carries no evidence grade`, source: edgeSource(edge) });
    } else if (WEAK_EVIDENCE_GRADES.includes(edge.evidence)) {
      flags.push({ code: 'WEAK_EVIDENCE', hop, message: `hop ${edge.source} → ${edge.target} rests on evidence graded '${edge.evidence}'`, source: edgeSource(edge) });
    }
  }
  return flags;
}

/** FRONT_COMPANY for `front` at this hop, unless the route already flagged it. */
function pushFrontFlag(flags: RedFlag[], view: GraphView, frontsFlagged: Set<string>, front: string, hop: number, edge: RouteEdge): void {
  if (frontsFlagged.has(front)) return;
  frontsFlagged.add(front);
  const entity = view.entity(front);
  flags.push({
    code: 'FRONT_COMPANY',
    hop,
    entity: front,
    message: `${name(entity, front)} is ${entity?.kind === 'front_company' ? 'a front company' : `a front (FRONT_FOR ${edge.target})`} on the route`,
    source: entity?.kind === 'front_company' ? entitySource(entity) : edgeSource(edge),
  });
}

/** A consignee red flag without its hop: it depends on the consignee alone. */
type ConsigneeFact = Omit<RedFlag, 'hop'> & { entity: string };

/**
 * Consignee facts, worked out once per entity and zone list: exposure assesses tens of
 * thousands of routes that share their consignees, and name matching folds text each time.
 */
const consigneeFactsKnown = new WeakMap<readonly FreeTradeZone[], WeakMap<Entity, ConsigneeFact[]>>();

function pushConsigneeFlags(flags: RedFlag[], consignee: Entity, hop: number, zones: readonly FreeTradeZone[]): void {
  let byEntity = consigneeFactsKnown.get(zones);
  if (byEntity === undefined) {
    byEntity = new WeakMap();
    consigneeFactsKnown.set(zones, byEntity);
  }
  let facts = byEntity.get(consignee);
  if (facts === undefined) {
    facts = consigneeFacts(consignee, zones);
    byEntity.set(consignee, facts);
  }
  for (const { code, entity, message, source } of facts) flags.push({ code, hop, entity, message, source });
}

function consigneeFacts(consignee: Entity, zones: readonly FreeTradeZone[]): ConsigneeFact[] {
  const flags: ConsigneeFact[] = [];
  const who = name(consignee, consignee.id);
  if (consignee.kind === 'freight_forwarder') {
    flags.push({ code: 'FREIGHT_FORWARDER_CONSIGNEE', entity: consignee.id, message: `consignee ${who} is a freight forwarder`, source: entitySource(consignee) });
  }
  const names = [consignee.name, ...consignee.aliases];
  const tradingWord = TRADING_COMPANY_NAME_WORDS.find((word) => names.some((text) => containsWords(text, word)));
  if (tradingWord !== undefined) {
    flags.push({ code: 'TRADING_COMPANY_CONSIGNEE', entity: consignee.id, message: `consignee ${who} is a trading company by its name ('${tradingWord}')`, source: entitySource(consignee) });
  }
  const seenZones = new Set<string>();
  for (const zone of zones) {
    const field = consignee.address !== undefined && containsWords(consignee.address, zone.keyword) ? 'address' : containsWords(consignee.name, zone.keyword) ? 'name' : undefined;
    if (field === undefined || seenZones.has(zone.name)) continue;
    seenZones.add(zone.name);
    flags.push({
      code: 'FREE_TRADE_ZONE_ADDRESS',
      entity: consignee.id,
      message: `consignee ${who}: its ${field} contains '${zone.keyword}' (${zone.name})`,
      source: zone.source,
    });
  }
  return flags;
}

const HOP_JURISDICTION_FLAGS: readonly { flag: JurisdictionFlag; code: 'TRANSSHIPMENT_HUB' | 'ARMS_EMBARGO_JURISDICTION' | 'LICENCE_REQUIRED_JURISDICTION'; onlyIfGoodsGoOn: boolean }[] = [
  { flag: 'transshipment_hub', code: 'TRANSSHIPMENT_HUB', onlyIfGoodsGoOn: true },
  { flag: 'arms_embargo', code: 'ARMS_EMBARGO_JURISDICTION', onlyIfGoodsGoOn: false },
  { flag: 'licence_requirement', code: 'LICENCE_REQUIRED_JURISDICTION', onlyIfGoodsGoOn: false },
];

function pushJurisdictionFlags(flags: RedFlag[], view: GraphView, consignee: Entity, hop: number, edge: RouteEdge, goesOn: boolean, options: RedFlagOptions, destination: string | undefined): void {
  if (consignee.country === undefined) return;
  const { asOf } = options;
  const regime = options.regime ?? DEFAULT_REGIME;
  const date = edge.at ?? asOf;
  const places = placesOf(consignee.country);
  for (const rule of HOP_JURISDICTION_FLAGS) {
    if (rule.onlyIfGoodsGoOn && !goesOn) continue;
    for (const place of places) {
      // Several rows may hold (one per regime): the earliest-starting one speaks, whatever order
      // the store keeps rows in, so both stores give the same flag.
      const period = earliest(
        view.jurisdictionFlags(place),
        (row) =>
          row.flag === rule.flag &&
          row.unverified !== true &&
          inForce(row, date) &&
          jurisdictionRowApplies(row, regime) &&
          (row.destinations === undefined || options.openEnded === true || (destination !== undefined && row.destinations.includes(countryOf(destination)))),
      );
      if (period === undefined) continue;
      const when = edge.at === undefined ? `at the as-of date ${asOf} (undated hop)` : `on ${edge.at} (the hop's date)`;
      const under = period.regime === undefined ? '' : ` under ${period.regime} law`;
      const bound = period.destinations === undefined ? '' : ` for goods bound to ${period.destinations.join(', ')}`;
      flags.push({
        code: rule.code,
        hop,
        entity: consignee.id,
        date,
        message: `${name(consignee, consignee.id)} is in ${place}, flagged ${rule.flag}${under}${bound} ${when}`,
        source: period.source ?? `jurisdiction flag ${place} ${rule.flag} (no source given)`,
      });
      break;
    }
  }
}

function earliest<T extends { from?: string; regime?: string; source?: string }>(rows: readonly T[], holds: (row: T) => boolean): T | undefined {
  let best: T | undefined;
  for (const row of rows) {
    if (!holds(row)) continue;
    if (best === undefined || compareRows(row, best) < 0) best = row;
  }
  return best;
}

function compareRows(a: { from?: string; regime?: string; source?: string }, b: { from?: string; regime?: string; source?: string }): number {
  return (a.from ?? '').localeCompare(b.from ?? '') || (a.regime ?? '').localeCompare(b.regime ?? '') || (a.source ?? '').localeCompare(b.source ?? '');
}

function mismatchFlag(view: GraphView, route: RouteHops, hop: number, edge: RouteEdge, stated: string): RedFlag {
  const last = route.path[route.path.length - 1]!;
  const declared = name(view.entity(stated), stated);
  const onRouteAt = route.path.indexOf(stated);
  const what =
    onRouteAt > hop + 1
      ? `the goods pass the stated end user ${declared} and go on to ${name(view.entity(last), last)}`
      : `stated end user ${declared}, but on this route the goods go to ${name(view.entity(edge.target), edge.target)} and end with ${name(view.entity(last), last)}`;
  return { code: 'STATED_END_USER_MISMATCH', hop, entity: stated, message: `hop ${edge.source} → ${edge.target}: ${what}`, source: edgeSource(edge) };
}

function name(entity: Entity | undefined, id: string): string {
  return entity === undefined ? id : `${entity.name} [${id}${entity.country ? `, ${entity.country}` : ''}]`;
}

function entitySource(entity: Entity): string {
  return entity.source ?? `entities row '${entity.id}' (no source given)`;
}

function edgeSource(edge: RouteEdge): string {
  return edge.source_ref ?? `relationship ${edge.id} (no source_ref given)`;
}
