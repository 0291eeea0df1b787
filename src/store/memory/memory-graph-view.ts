// A read-only view over the embedded store's state, with adjacency and listings indexed once.
import type { Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship, RelationshipType } from '../../domain/schema.ts';
import type { GraphView } from '../graph-view.ts';
import type { MemoryState } from './memory-store.ts';

const NONE: readonly never[] = Object.freeze([]);

export class MemoryGraphView implements GraphView {
  private readonly outgoing = new Map<string, Relationship[]>();
  private readonly incoming = new Map<string, Relationship[]>();
  private readonly listingsByEntity = new Map<string, Listing[]>();
  private readonly flagsByCode = new Map<string, JurisdictionFlagPeriod[]>();

  constructor(private readonly state: MemoryState) {
    state.graph.forEachEdge((_key, relationship) => {
      pushTo(this.outgoing, relationship.source, relationship);
      pushTo(this.incoming, relationship.target, relationship);
    });
    for (const listing of state.listings) pushTo(this.listingsByEntity, listing.entity_id, listing);
    for (const period of state.jurisdictions) pushTo(this.flagsByCode, period.code, period);
  }

  entity(id: string): Entity | undefined {
    return this.state.graph.hasNode(id) ? this.state.graph.getNodeAttributes(id) : undefined;
  }

  *entities(): Iterable<Entity> {
    for (const { attributes } of this.state.graph.nodeEntries()) yield attributes;
  }

  entityCount(): number {
    return this.state.graph.order;
  }

  relationshipCount(): number {
    return this.state.graph.size;
  }

  outEdges(id: string, types?: readonly RelationshipType[]): readonly Relationship[] {
    return ofTypes(this.outgoing.get(id), types);
  }

  inEdges(id: string, types?: readonly RelationshipType[]): readonly Relationship[] {
    return ofTypes(this.incoming.get(id), types);
  }

  *relationships(): Iterable<Relationship> {
    for (const { attributes } of this.state.graph.edgeEntries()) yield attributes;
  }

  listingsOf(id: string): readonly Listing[] {
    return this.listingsByEntity.get(id) ?? NONE;
  }

  listings(): Iterable<Listing> {
    return this.state.listings;
  }

  jurisdictionFlags(code: string): readonly JurisdictionFlagPeriod[] {
    return this.flagsByCode.get(code) ?? NONE;
  }

  jurisdictions(): Iterable<JurisdictionFlagPeriod> {
    return this.state.jurisdictions;
  }

  list(code: string): ListDefinition | undefined {
    return this.state.lists.get(code);
  }

  lists(): Iterable<ListDefinition> {
    return this.state.lists.values();
  }
}

function pushTo<T>(index: Map<string, T[]>, key: string, value: T): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(value);
  else index.set(key, [value]);
}

function ofTypes(relationships: readonly Relationship[] | undefined, types: readonly RelationshipType[] | undefined): readonly Relationship[] {
  if (!relationships) return NONE;
  return types === undefined ? relationships : relationships.filter((relationship) => types.includes(relationship.type));
}
