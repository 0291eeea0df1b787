// The read-only GraphView over the compact store: entities as objects, relationships
// materialised from the typed-array columns on demand, and the index itself for fast analysis.
import { RELATIONSHIP_TYPE_NAMES, type Entity, type JurisdictionFlagPeriod, type ListDefinition, type Listing, type Relationship, type RelationshipType } from '../../domain/schema.ts';
import type { GraphView } from '../graph-view.ts';
import type { CompactGraph } from './compact-graph.ts';

const NO_ITEMS: readonly never[] = Object.freeze([]);

export interface CompactState {
  graph: CompactGraph;
  /** Entities by index, as in `graph.ids`. */
  entities: readonly Entity[];
  listings: readonly Listing[];
  jurisdictions: readonly JurisdictionFlagPeriod[];
  lists: ReadonlyMap<string, ListDefinition>;
}

export class CompactGraphView implements GraphView {
  private readonly listingsByEntity = new Map<string, Listing[]>();
  private readonly flagsByCode = new Map<string, JurisdictionFlagPeriod[]>();

  constructor(private readonly state: CompactState) {
    for (const listing of state.listings) pushTo(this.listingsByEntity, listing.entity_id, listing);
    for (const period of state.jurisdictions) pushTo(this.flagsByCode, period.code, period);
  }

  /** The typed-array index: analysis uses it for its fast paths. */
  compact(): CompactGraph {
    return this.state.graph;
  }

  entity(id: string): Entity | undefined {
    const index = this.state.graph.indexOf(id);
    return index === undefined ? undefined : this.state.entities[index];
  }

  entities(): Iterable<Entity> {
    return this.state.entities;
  }

  entityCount(): number {
    return this.state.graph.nodeCount;
  }

  relationshipCount(): number {
    return this.state.graph.edgeCount;
  }

  outEdges(id: string, types?: readonly RelationshipType[]): readonly Relationship[] {
    const graph = this.state.graph;
    const node = graph.indexOf(id);
    if (node === undefined) return NO_ITEMS;
    const wanted = typeMask(types);
    const found: Relationship[] = [];
    for (let edge = graph.outOffsets[node]!; edge < graph.outOffsets[node + 1]!; edge++) {
      if (wanted[graph.edges.type[edge]!]) found.push(graph.relationship(edge));
    }
    return found;
  }

  inEdges(id: string, types?: readonly RelationshipType[]): readonly Relationship[] {
    const graph = this.state.graph;
    const node = graph.indexOf(id);
    if (node === undefined) return NO_ITEMS;
    const wanted = typeMask(types);
    const found: Relationship[] = [];
    for (let position = graph.inOffsets[node]!; position < graph.inOffsets[node + 1]!; position++) {
      const edge = graph.inEdges[position]!;
      if (wanted[graph.edges.type[edge]!]) found.push(graph.relationship(edge));
    }
    return found;
  }

  relationships(): Iterable<Relationship> {
    return this.state.graph.relationships();
  }

  listingsOf(id: string): readonly Listing[] {
    return this.listingsByEntity.get(id) ?? NO_ITEMS;
  }

  listings(): Iterable<Listing> {
    return this.state.listings;
  }

  jurisdictionFlags(code: string): readonly JurisdictionFlagPeriod[] {
    return this.flagsByCode.get(code) ?? NO_ITEMS;
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

function typeMask(types: readonly RelationshipType[] | undefined): boolean[] {
  return RELATIONSHIP_TYPE_NAMES.map((name) => types === undefined || types.includes(name));
}

function pushTo<T>(index: Map<string, T[]>, key: string, value: T): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(value);
  else index.set(key, [value]);
}
