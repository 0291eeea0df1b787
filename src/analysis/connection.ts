// "How are these two connected?": the shortest chain of relationships of any type, either
// direction, between two entities. Not a goods route (routes.ts follows goods forward in time);
// an investigator's question about ties: a shared owner, a reseller of a reseller, a front.
import { RELATIONSHIP_TYPE_NAMES, type Relationship, type RelationshipType } from '../domain/schema.ts';
import type { IsoDay } from '../domain/dates.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { GraphView } from '../store/graph-view.ts';
import { withinBudget, type SearchBudget } from './search-budget.ts';

import { DEFAULT_CONNECTION_HOPS } from './search-limits.ts';

export { DEFAULT_CONNECTION_HOPS };

/**
 * Relationship types as users type them, comma-separated, any case (`owns,controls`): the types,
 * or the message naming the unknown ones and the choices. Shared by the API and the CLI.
 */
export function parseRelationshipTypes(value: string): { types: RelationshipType[] } | { problem: string } {
  const types = value.split(',').map((type) => type.trim().toUpperCase());
  const unknown = types.filter((type) => !(RELATIONSHIP_TYPE_NAMES as string[]).includes(type));
  if (unknown.length > 0) return { problem: `'${unknown.join("', '")}' is not a relationship type; give a comma-separated list of ${RELATIONSHIP_TYPE_NAMES.join(', ')}` };
  return { types: [...new Set(types)] as RelationshipType[] };
}

export interface ConnectionOptions {
  /** Most relationships in the chain. */
  maxHops: number;
  /** Only relationships of these types (every type when absent). */
  types?: readonly RelationshipType[];
  /** Only relationships in force on this day (any dates when absent). */
  asOf?: IsoDay;
  budget?: SearchBudget;
}

export interface Connection {
  from: string;
  to: string;
  /** The entities of the chain, from `from` to `to`; empty when none was found. */
  path: string[];
  /** The relationship joining each consecutive pair of `path`, as stored (its direction may run either way). */
  relationships: Relationship[];
  /** Entities reached by the search, both sides counted. */
  explored: number;
  /** The work budget ran out before the search finished: a chain may exist that was not found. */
  truncated: boolean;
}

/** The side a search grows from: each reached entity with the relationship it was reached by. */
interface Side {
  reachedBy: Map<string, Relationship | undefined>;
  frontier: string[];
  depth: number;
}

/**
 * Bidirectional breadth-first search, growing the smaller frontier first, so the work is about
 * the square root of a one-sided search's on wide graphs. Edges are taken in id order, so the
 * same graph gives the same chain on every store.
 *
 * @example connection(view, 'bluecoat', 'ste-syria', { maxHops: 6 }).path
 */
export function connection(view: GraphView, from: string, to: string, options: ConnectionOptions): Connection {
  for (const id of [from, to]) if (view.entity(id) === undefined) throw new NotFoundError('entity', id);
  const answer = (path: string[], relationships: Relationship[], truncated: boolean): Connection => ({
    from,
    to,
    path,
    relationships,
    explored: forward.reachedBy.size + backward.reachedBy.size - (path.length > 0 ? 1 : 0),
    truncated,
  });
  const forward: Side = { reachedBy: new Map([[from, undefined]]), frontier: [from], depth: 0 };
  const backward: Side = { reachedBy: new Map([[to, undefined]]), frontier: [to], depth: 0 };
  if (from === to) return answer([from], [], false);
  const usable = (edge: Relationship) =>
    (options.types === undefined || options.types.includes(edge.type)) &&
    (options.asOf === undefined || ((edge.start === undefined || edge.start <= options.asOf) && (edge.end === undefined || options.asOf <= edge.end)));

  while (forward.frontier.length > 0 && backward.frontier.length > 0 && forward.depth + backward.depth < options.maxHops) {
    const side = forward.frontier.length <= backward.frontier.length ? forward : backward;
    const other = side === forward ? backward : forward;
    const next: string[] = [];
    let meeting: string | undefined;
    for (const id of side.frontier) {
      const edges = [...view.outEdges(id), ...view.inEdges(id)].sort((a, b) => a.id.localeCompare(b.id));
      if (!withinBudget(options.budget, edges.length + 1)) return answer([], [], true);
      for (const edge of edges) {
        if (!usable(edge)) continue;
        const end = edge.source === id ? edge.target : edge.source;
        if (side.reachedBy.has(end)) continue;
        side.reachedBy.set(end, edge);
        next.push(end);
        // Every meeting in this layer is a chain of the same length: the first one found is kept.
        if (other.reachedBy.has(end) && meeting === undefined) meeting = end;
      }
    }
    side.frontier = next;
    side.depth++;
    if (meeting !== undefined) return answer(...chainThrough(meeting, forward, backward), false);
  }
  return answer([], [], false);
}

/** The chain from the forward side's start through `meeting` to the backward side's start. */
function chainThrough(meeting: string, forward: Side, backward: Side): [string[], Relationship[]] {
  const path = [meeting];
  const relationships: Relationship[] = [];
  for (let id = meeting, edge = forward.reachedBy.get(id); edge !== undefined; edge = forward.reachedBy.get(id)) {
    id = edge.source === id ? edge.target : edge.source;
    path.unshift(id);
    relationships.unshift(edge);
  }
  for (let id = meeting, edge = backward.reachedBy.get(id); edge !== undefined; edge = backward.reachedBy.get(id)) {
    id = edge.source === id ? edge.target : edge.source;
    path.push(id);
    relationships.push(edge);
  }
  return [path, relationships];
}
