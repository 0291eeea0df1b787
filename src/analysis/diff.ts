// What changed between two dates or two datasets: flags and flagged routes from one entity that
// appeared, disappeared or changed, each change with the evidence that explains it.
import { NotFoundError } from '../domain/errors.ts';
import type { IsoDay } from '../domain/dates.ts';
import type { Reason } from '../domain/reasons.ts';
import type { RegimeSelection } from '../domain/regimes.ts';
import type { Relationship } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities, type FlagIndex } from './flags.ts';
import { findFlaggedRoutes, type Route, type RouteEdge } from './routes.ts';
import type { SearchBudget } from './search-budget.ts';

/** One side of the comparison: a view of a dataset and the date of the question. */
export interface DiffSide {
  view: GraphView;
  asOf: IsoDay;
}

export interface DiffOptions {
  product?: string;
  maxHops?: number;
  /** Work budget of the route searches; when it runs out the routes are incomplete (budget.exhausted). */
  budget?: SearchBudget;
  /** Whose law applies on both sides (default: every regime's). */
  regime?: RegimeSelection;
}

/** Why something changed, with its evidence. */
export type ChangeEvidence =
  | { event: 'flag_started' | 'flag_ended'; entity: string; kind: 'listing' | 'jurisdiction' | 'ownership'; cause: 'in_force' | 'data'; reason: Reason }
  | { event: 'intermediary_flagged' | 'intermediary_unflagged'; entity: string; reasons: readonly Reason[] }
  | { event: 'edge_added' | 'edge_removed' | 'edge_started' | 'edge_not_started'; relationship: Relationship }
  | { event: 'edge_changed'; before: Relationship; after: Relationship };

export interface FlagChange {
  id: string;
  name: string;
  reasons: readonly Reason[];
  why: ChangeEvidence[];
}

export interface RouteChange {
  target: string;
  path: string[];
  hops: number;
  edges: RouteEdge[];
  reasons: readonly Reason[];
  why: ChangeEvidence[];
}

export interface Diff {
  from: string;
  flags: {
    added: FlagChange[];
    removed: FlagChange[];
    /** Flagged on both sides, with reasons that started or ended. */
    changed: { id: string; name: string; reasonsAdded: Reason[]; reasonsRemoved: Reason[]; why: ChangeEvidence[] }[];
  };
  routes: {
    appeared: RouteChange[];
    disappeared: RouteChange[];
    changed: { target: string; before: Omit<RouteChange, 'why' | 'target'>; after: Omit<RouteChange, 'why' | 'target'>; why: ChangeEvidence[] }[];
  };
}

/**
 * Compares flags (everywhere) and flagged routes from `from` between `before` and `after`. A
 * route that appeared is explained by what it needs that was missing before: the target's new
 * flags, intermediaries no longer flagged, edges new to the data or not yet started; a route that
 * disappeared, symmetrically, by what broke it. The two sides may be two dates of one dataset or
 * two datasets (e.g. two list snapshots); edges are matched by their content-derived ids.
 *
 * @example whatChanged({ view, asOf: '2011-06-30' }, { view, asOf: '2012-01-01' }, 'bluecoat').routes.appeared[0].target // 'infotech-uae'
 */
export function whatChanged(before: DiffSide, after: DiffSide, from: string, options: DiffOptions = {}): Diff {
  if (before.view.entity(from) === undefined && after.view.entity(from) === undefined) throw new NotFoundError('entity', from);
  const flagsBefore = flaggedEntities(before.view, before.asOf, undefined, { regime: options.regime });
  const flagsAfter = flaggedEntities(after.view, after.asOf, undefined, { regime: options.regime });
  const routesOf = (side: DiffSide, flags: FlagIndex) =>
    side.view.entity(from) === undefined ? new Map<string, Route>() : new Map(findFlaggedRoutes(side.view, from, { asOf: side.asOf, product: options.product, maxHops: options.maxHops, flags, budget: options.budget }).map((route) => [route.target, route]));
  const routesBefore = routesOf(before, flagsBefore);
  const routesAfter = routesOf(after, flagsAfter);
  const name = (id: string) => after.view.entity(id)?.name ?? before.view.entity(id)?.name ?? id;

  const flagEvents = (id: string, reasons: readonly Reason[], event: 'flag_started' | 'flag_ended'): ChangeEvidence[] =>
    reasons.map((reason) => ({ event, entity: id, kind: kindOf(reason), cause: causeOf(reason, id, event === 'flag_started' ? before.view : after.view), reason }));

  const flags: Diff['flags'] = { added: [], removed: [], changed: [] };
  for (const id of sortedUnion(flagsBefore.keys(), flagsAfter.keys())) {
    const was = flagsBefore.get(id) ?? [];
    const is = flagsAfter.get(id) ?? [];
    if (was.length === 0) flags.added.push({ id, name: name(id), reasons: is, why: flagEvents(id, is, 'flag_started') });
    else if (is.length === 0) flags.removed.push({ id, name: name(id), reasons: was, why: flagEvents(id, was, 'flag_ended') });
    else {
      const reasonsAdded = difference(is, was);
      const reasonsRemoved = difference(was, is);
      if (reasonsAdded.length + reasonsRemoved.length === 0) continue;
      flags.changed.push({ id, name: name(id), reasonsAdded, reasonsRemoved, why: [...flagEvents(id, reasonsAdded, 'flag_started'), ...flagEvents(id, reasonsRemoved, 'flag_ended')] });
    }
  }

  /** What `route` (valid on side `has`) needed that side `lacks` did not give. */
  const missingOn = (route: Route, has: 'before' | 'after'): ChangeEvidence[] => {
    const [lacking, lackingFlags] = has === 'after' ? [before, flagsBefore] : [after, flagsAfter];
    const why: ChangeEvidence[] = [];
    if (!lackingFlags.has(route.target)) why.push(...flagEvents(route.target, route.reasons, has === 'after' ? 'flag_started' : 'flag_ended'));
    for (const id of route.path.slice(1, -1)) {
      const reasons = lackingFlags.get(id);
      if (reasons) why.push({ event: has === 'after' ? 'intermediary_unflagged' : 'intermediary_flagged', entity: id, reasons });
    }
    for (const edge of route.edges) why.push(...edgeEvidence(edge, lacking, has));
    return why;
  };

  const routes: Diff['routes'] = { appeared: [], disappeared: [], changed: [] };
  for (const target of sortedUnion(routesBefore.keys(), routesAfter.keys())) {
    const was = routesBefore.get(target);
    const is = routesAfter.get(target);
    if (was === undefined && is !== undefined) routes.appeared.push({ ...routeSummary(is), target, why: missingOn(is, 'after') });
    else if (is === undefined && was !== undefined) routes.disappeared.push({ ...routeSummary(was), target, why: missingOn(was, 'before') });
    else if (was !== undefined && is !== undefined && edgeIds(was) !== edgeIds(is)) {
      routes.changed.push({ target, before: routeSummary(was), after: routeSummary(is), why: distinct([...missingOn(was, 'before'), ...missingOn(is, 'after')]) });
    }
  }
  return { from, flags, routes };
}

/** Why `edge` of a route valid on side `has` was not usable on the other side `lacking`, if it was not. */
function edgeEvidence(edge: RouteEdge, lacking: DiffSide, has: 'before' | 'after'): ChangeEvidence[] {
  const { at: _crossed, ...relationship } = edge;
  const counterpart = lacking.view.outEdges(edge.source).find((other) => other.id === edge.id);
  if (counterpart !== undefined) {
    const started = counterpart.start === undefined || counterpart.start <= lacking.asOf;
    return started ? [] : [{ event: has === 'after' ? 'edge_started' : 'edge_not_started', relationship }];
  }
  const sameLink = lacking.view
    .outEdges(edge.source, [edge.type])
    .find((other) => other.target === edge.target && (other.product ?? '').toLowerCase() === (edge.product ?? '').toLowerCase());
  if (sameLink !== undefined) return [has === 'after' ? { event: 'edge_changed', before: sameLink, after: relationship } : { event: 'edge_changed', before: relationship, after: sameLink }];
  return [{ event: has === 'after' ? 'edge_added' : 'edge_removed', relationship }];
}

function kindOf(reason: Reason): 'listing' | 'jurisdiction' | 'ownership' {
  if (reason.code === 'LISTED') return 'listing';
  if (reason.code === 'SANCTIONED_JURISDICTION' || reason.code === 'HR_RISK_GOVERNMENT_END_USER') return 'jurisdiction';
  return 'ownership';
}

/**
 * Whether a listing that started (or ended) did so because its period began (ended) or because the
 * data changed: a listing row present on the other side means its period, not the data, changed.
 * Jurisdiction and ownership reasons are derived facts: `in_force` unless the listing row moved.
 */
function causeOf(reason: Reason, id: string, otherSide: GraphView): 'in_force' | 'data' {
  if (reason.code !== 'LISTED') return 'in_force';
  const sameRow = otherSide.listingsOf(id).some((listing) => listing.list === reason.list && listing.from === reason.from && listing.to === reason.to && listing.source === reason.source);
  return sameRow ? 'in_force' : 'data';
}

function routeSummary(route: Route): Omit<RouteChange, 'why' | 'target'> {
  return { path: route.path, hops: route.hops, edges: route.edges, reasons: route.reasons };
}

function edgeIds(route: Route): string {
  return route.edges.map((edge) => edge.id).join(' ');
}

/** Reasons of `a` with no equal reason in `b` (compared by content). */
function difference(a: readonly Reason[], b: readonly Reason[]): Reason[] {
  const keys = new Set(b.map(canonical));
  return a.filter((reason) => !keys.has(canonical(reason)));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => x.localeCompare(y))) : inner,
  );
}

/** Drops repeated evidence (an edge change is seen from both routes of a changed route). */
function distinct(why: ChangeEvidence[]): ChangeEvidence[] {
  const seen = new Set<string>();
  return why.filter((item) => {
    const key = canonical(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
