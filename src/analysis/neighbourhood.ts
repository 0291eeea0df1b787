// The neighbourhood of an entity: every relationship within a few edges, either direction,
// breadth first, cut at a size limit with a count of what was left out.
import { NotFoundError } from '../domain/errors.ts';
import type { Entity, Relationship } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';

export interface NeighbourhoodOptions {
  /** How many edges away from the centre (1 = direct neighbours). */
  depth: number;
  /** Most relationships to return; the rest are counted in `more`. */
  limit: number;
}

export interface Neighbourhood {
  centre: string;
  depth: number;
  entities: Entity[];
  relationships: Relationship[];
  /** Relationships within `depth` that were left out because of `limit` (at least this many). */
  more: number;
}

/**
 * Breadth-first over relationships of every type in both directions, nearest first, so a
 * cut keeps what is closest to the centre; within one entity, by relationship id. Each
 * relationship appears once.
 *
 * @example neighbourhood(view, 'computerlinks-fzco', { depth: 1, limit: 50 }).relationships.length
 */
export function neighbourhood(view: GraphView, centre: string, options: NeighbourhoodOptions): Neighbourhood {
  if (view.entity(centre) === undefined) throw new NotFoundError('entity', centre);
  const seenEntities = new Set<string>([centre]);
  const seenRelationships = new Set<string>();
  const relationships: Relationship[] = [];
  let more = 0;
  let frontier = [centre];
  for (let level = 1; level <= options.depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      // Sorted by id, so the answer (and any cut) does not depend on the store's edge order.
      for (const edge of [...view.outEdges(id), ...view.inEdges(id)].sort((a, b) => a.id.localeCompare(b.id))) {
        if (seenRelationships.has(edge.id)) continue;
        seenRelationships.add(edge.id);
        if (relationships.length >= options.limit) {
          more++;
          continue;
        }
        relationships.push(edge);
        for (const end of [edge.source, edge.target]) {
          if (!seenEntities.has(end)) {
            seenEntities.add(end);
            next.push(end);
          }
        }
      }
    }
    frontier = next;
  }
  const entities = [...seenEntities].map((id) => view.entity(id)).filter((entity): entity is Entity => entity !== undefined);
  return { centre, depth: options.depth, entities, relationships, more };
}
