// The read-only view of a graph that every analysis runs on; it says nothing of the store behind it.
import type { CompactGraph } from './compact/compact-graph.ts';
import type { Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship, RelationshipType } from '../domain/schema.ts';

export interface GraphView {
  /** The entity with this id, or undefined. */
  entity(id: string): Entity | undefined;
  entities(): Iterable<Entity>;
  entityCount(): number;
  relationshipCount(): number;
  /** Relationships leaving `id`, optionally of the given types only. */
  outEdges(id: string, types?: readonly RelationshipType[]): readonly Relationship[];
  /** Relationships arriving at `id`, optionally of the given types only. */
  inEdges(id: string, types?: readonly RelationshipType[]): readonly Relationship[];
  relationships(): Iterable<Relationship>;
  listingsOf(id: string): readonly Listing[];
  listings(): Iterable<Listing>;
  /** Flag periods of a jurisdiction (ISO alpha-2). */
  jurisdictionFlags(code: string): readonly JurisdictionFlagPeriod[];
  jurisdictions(): Iterable<JurisdictionFlagPeriod>;
  list(code: string): ListDefinition | undefined;
  lists(): Iterable<ListDefinition>;
  /** The typed-array index, when the store keeps one: analysis then takes its fast paths (same answers). */
  compact?(): CompactGraph;
  /** With compact(): the entity numbered `index` in it. */
  entityAt?(index: number): Entity | undefined;
}
