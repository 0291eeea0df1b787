// Which goods edges can lie on a flagged route from a source to given targets, under the route
// rules of routes.ts (time windows, product, stop at the first flagged entity, hop limit).
import { dayNumber, type IsoDay } from '../domain/dates.ts';
import { GOODS_RELATIONSHIP_TYPES, type Relationship } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { FlagIndex } from './flags.ts';
import { crossingTime } from './routes.ts';
import { withinBudget, type SearchBudget } from './search-budget.ts';

export interface RouteEdgeOptions {
  asOf: IsoDay;
  product?: string;
  maxHops: number;
  flags: FlagIndex;
  /** Work budget: when it runs out, the edges kept so far are returned (budget.exhausted). */
  budget?: SearchBudget;
}

/**
 * Edges lying on at least one time-respecting walk from `from` to one of `targets` of at most
 * `maxHops` edges whose inner entities are unflagged and not `from`: a superset of the edges of
 * valid routes (a walk may repeat an entity; a route may not), which is what a cut that must hit
 * every route can safely work on.
 *
 * Forward pass: the earliest arrival at each entity after exactly h edges. Backward pass: the
 * latest time one may stand at an entity and still reach a target within r more edges. An edge
 * u→w is kept when, for some h, leaving u at its earliest h-edge arrival crosses the edge no later
 * than the latest time at w with maxHops - h - 1 edges to spare. Both passes are O(maxHops · edges),
 * like the temporal-path relaxations of Wu et al., "Path problems in temporal graphs", VLDB 2014.
 *
 * @example edgesOnRoutes(view, 'bluecoat', new Set(['ste-syria']), { asOf: '2011-06-30', maxHops: 6, flags })
 */
export function edgesOnRoutes(view: GraphView, from: string, targets: ReadonlySet<string>, options: RouteEdgeOptions): Relationship[] {
  const { flags, maxHops } = options;
  const asOfDay = dayNumber(options.asOf);
  const product = options.product?.trim().toLowerCase();
  const passable = (id: string) => id !== from && !flags.has(id);
  const cross = (edge: Relationship, after: number) => crossingTime(edge, after, asOfDay, product);

  // arrivals[h]: entity → earliest arrival after exactly h edges, along walks through unflagged entities.
  const arrivals: Map<string, number>[] = [new Map([[from, -Infinity]])];
  for (let hops = 1; hops < maxHops; hops++) {
    const next = new Map<string, number>();
    for (const [node, time] of arrivals[hops - 1]!) {
      const outEdges = view.outEdges(node, GOODS_RELATIONSHIP_TYPES);
      if (!withinBudget(options.budget, outEdges.length + 1)) break;
      for (const edge of outEdges) {
        if (!passable(edge.target)) continue;
        const arrival = cross(edge, time);
        if (arrival !== undefined && arrival < (next.get(edge.target) ?? Infinity)) next.set(edge.target, arrival);
      }
    }
    arrivals.push(next);
  }

  // latest[r]: entity → latest time at it from which a target is reachable within r edges.
  const latest: Map<string, number>[] = [new Map([...targets].map((target) => [target, Infinity]))];
  for (let spare = 1; spare < maxHops; spare++) {
    const current = new Map(latest[spare - 1]!);
    for (const [node, deadline] of latest[spare - 1]!) {
      const inEdges = view.inEdges(node, GOODS_RELATIONSHIP_TYPES);
      if (!withinBudget(options.budget, inEdges.length + 1)) break;
      for (const edge of inEdges) {
        if (!passable(edge.source)) continue;
        const departure = latestDeparture(edge, deadline, asOfDay, product);
        if (departure !== undefined && departure > (current.get(edge.source) ?? -Infinity)) current.set(edge.source, departure);
      }
    }
    latest.push(current);
  }

  const kept: Relationship[] = [];
  const seen = new Set<string>();
  for (let hops = 0; hops < maxHops; hops++) {
    for (const [node, time] of arrivals[hops]!) {
      const outEdges = view.outEdges(node, GOODS_RELATIONSHIP_TYPES);
      if (!withinBudget(options.budget, outEdges.length + 1)) break;
      for (const edge of outEdges) {
        if (seen.has(edge.id) || edge.target === from) continue;
        const deadline = latest[maxHops - hops - 1]!.get(edge.target);
        const arrival = cross(edge, time);
        if (deadline === undefined || arrival === undefined || arrival > deadline) continue;
        if (!targets.has(edge.target) && !passable(edge.target)) continue;
        seen.add(edge.id);
        kept.push(edge);
      }
    }
  }
  return kept;
}

/** The latest day goods may stand at the edge's source and still arrive by `deadline`, or undefined. */
function latestDeparture(edge: Relationship, deadline: number, asOfDay: number, product: string | undefined): number | undefined {
  if (crossingTime(edge, -Infinity, asOfDay, product) === undefined) return undefined;
  const start = edge.start === undefined ? -Infinity : dayNumber(edge.start);
  const end = edge.end === undefined ? Infinity : dayNumber(edge.end);
  const last = Math.min(end, deadline);
  return start <= last ? last : undefined;
}
