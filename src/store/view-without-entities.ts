// A GraphView with some entities taken out, with every relationship and listing that touches
// them: "what if we stopped dealing with these intermediaries?" without copying the graph.
import type { Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship, RelationshipType } from '../domain/schema.ts';
import type { GraphView } from './graph-view.ts';

/**
 * The view `view` less the entities in `removed`.
 *
 * @example findFlaggedRoutes(viewWithoutEntities(view, new Set(['computerlinks-fzco'])), 'bluecoat', { asOf })
 */
export function viewWithoutEntities(view: GraphView, removed: ReadonlySet<string>): GraphView {
  if (removed.size === 0) return view;
  const kept = (relationship: Relationship) => !removed.has(relationship.source) && !removed.has(relationship.target);
  return {
    entity: (id: string): Entity | undefined => (removed.has(id) ? undefined : view.entity(id)),
    *entities(): Iterable<Entity> {
      for (const entity of view.entities()) if (!removed.has(entity.id)) yield entity;
    },
    entityCount: () => view.entityCount() - [...removed].filter((id) => view.entity(id) !== undefined).length,
    relationshipCount: () => {
      let count = 0;
      for (const relationship of view.relationships()) if (kept(relationship)) count++;
      return count;
    },
    outEdges: (id: string, types?: readonly RelationshipType[]) => {
      if (removed.has(id)) return [];
      const edges = view.outEdges(id, types);
      return edges.some((edge) => removed.has(edge.target)) ? edges.filter(kept) : edges;
    },
    inEdges: (id: string, types?: readonly RelationshipType[]) => (removed.has(id) ? [] : view.inEdges(id, types).filter(kept)),
    *relationships(): Iterable<Relationship> {
      for (const relationship of view.relationships()) if (kept(relationship)) yield relationship;
    },
    listingsOf: (id: string): readonly Listing[] => (removed.has(id) ? [] : view.listingsOf(id)),
    *listings(): Iterable<Listing> {
      for (const listing of view.listings()) if (!removed.has(listing.entity_id)) yield listing;
    },
    jurisdictionFlags: (code: string): readonly JurisdictionFlagPeriod[] => view.jurisdictionFlags(code),
    jurisdictions: (): Iterable<JurisdictionFlagPeriod> => view.jurisdictions(),
    list: (code: string): ListDefinition | undefined => view.list(code),
    lists: (): Iterable<ListDefinition> => view.lists(),
  };
}

/**
 * The view with `outEdges` replaced, for forward searches on a subgraph (inEdges and the rest
 * are the original's). Delegates explicitly, so it works over any GraphView implementation.
 *
 * @example viewWithOutEdges(view, (id, types) => view.outEdges(id, types).filter((edge) => allowed.has(edge.id)))
 */
export function viewWithOutEdges(view: GraphView, outEdges: GraphView['outEdges']): GraphView {
  return {
    entity: (id) => view.entity(id),
    entities: () => view.entities(),
    entityCount: () => view.entityCount(),
    relationshipCount: () => view.relationshipCount(),
    outEdges,
    inEdges: (id, types) => view.inEdges(id, types),
    relationships: () => view.relationships(),
    listingsOf: (id) => view.listingsOf(id),
    listings: () => view.listings(),
    jurisdictionFlags: (code) => view.jurisdictionFlags(code),
    jurisdictions: () => view.jurisdictions(),
    list: (code) => view.list(code),
    lists: () => view.lists(),
  };
}
