// A GraphView with a few entities and relationships added on top, nothing written anywhere:
// "what if this sale happened?" without touching the store.
import type { Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship, RelationshipType } from '../domain/schema.ts';
import type { GraphView } from './graph-view.ts';

export interface Additions {
  /** New entities; an id the view already has is an error. */
  entities?: readonly Entity[];
  /** New relationships between entities of the view or of `entities`, with ids of their own. */
  relationships?: readonly Relationship[];
}

/**
 * The view `view` plus `additions`. The added relationships come after the view's own in
 * outEdges and inEdges.
 *
 * @example findFlaggedRoutes(viewWithAdditions(view, { relationships: [proposedSale] }), 'seller', { asOf })
 */
export function viewWithAdditions(view: GraphView, additions: Additions): GraphView {
  const addedEntities = new Map((additions.entities ?? []).map((entity) => [entity.id, entity]));
  for (const id of addedEntities.keys()) if (view.entity(id) !== undefined) throw new Error(`overlay entity '${id}' is already in the view`);
  const addedRelationships = additions.relationships ?? [];
  const entity = (id: string): Entity | undefined => view.entity(id) ?? addedEntities.get(id);
  for (const relationship of addedRelationships) {
    for (const end of [relationship.source, relationship.target]) if (entity(end) === undefined) throw new Error(`overlay relationship '${relationship.id}' names unknown entity '${end}'`);
  }
  const added = (id: string, side: 'source' | 'target', types: readonly RelationshipType[] | undefined) =>
    addedRelationships.filter((relationship) => relationship[side] === id && (types === undefined || types.includes(relationship.type)));
  const withAdded = (own: readonly Relationship[], extra: Relationship[]) => (extra.length === 0 ? own : [...own, ...extra]);
  return {
    entity,
    *entities(): Iterable<Entity> {
      yield* view.entities();
      yield* addedEntities.values();
    },
    entityCount: () => view.entityCount() + addedEntities.size,
    relationshipCount: () => view.relationshipCount() + addedRelationships.length,
    outEdges: (id: string, types?: readonly RelationshipType[]) => withAdded(view.outEdges(id, types), added(id, 'source', types)),
    inEdges: (id: string, types?: readonly RelationshipType[]) => withAdded(view.inEdges(id, types), added(id, 'target', types)),
    *relationships(): Iterable<Relationship> {
      yield* view.relationships();
      yield* addedRelationships;
    },
    listingsOf: (id: string): readonly Listing[] => view.listingsOf(id),
    listings: (): Iterable<Listing> => view.listings(),
    jurisdictionFlags: (code: string): readonly JurisdictionFlagPeriod[] => view.jurisdictionFlags(code),
    jurisdictions: (): Iterable<JurisdictionFlagPeriod> => view.jurisdictions(),
    list: (code: string): ListDefinition | undefined => view.list(code),
    lists: (): Iterable<ListDefinition> => view.lists(),
  };
}
