// The one input contract of the compact engine: rows of the schema (entities, relationships by
// entity number, listings, jurisdiction flag periods, list definitions) go in, a CompactState
// comes out. Every feeder uses it: the streaming file reader (load/stream-datasets.ts), a
// validated Dataset (compact-store.ts) and a Neo4j read transaction (neo4j/project-compact.ts).
import type { Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship } from '../../domain/schema.ts';
import { CompactGraphBuilder, type EdgeCodes, type EdgeInput } from './compact-graph-builder.ts';
import type { CompactState } from './compact-graph-view.ts';

/**
 * Collects one state. Entities are numbered in the order they are added; a relationship names
 * its ends by those numbers. A feeder has checked its rows (ids new, ends present): the builder
 * trusts them.
 *
 * @example const builder = new CompactStateBuilder(); const a = builder.addEntity(entity); … builder.build()
 */
export class CompactStateBuilder {
  /** The relationship columns and tables; readers that write codes directly use its tables. */
  readonly graph: CompactGraphBuilder;
  private readonly listings: Listing[] = [];
  private readonly jurisdictions: JurisdictionFlagPeriod[] = [];
  private readonly lists = new Map<string, ListDefinition>();

  constructor(expectedEdges = 1024, expectedEntities = 0) {
    this.graph = new CompactGraphBuilder(expectedEdges, expectedEntities);
  }

  /** Numbers a new entity (the caller has checked that its id is new). */
  addEntity(entity: Entity): number {
    return this.graph.addEntity(entity);
  }

  /** The number of the entity with this id, or undefined. */
  indexOf(id: string): number | undefined {
    return this.graph.indexById.get(id);
  }

  /** The entity numbered `index`, built from the columns. */
  entityAt(index: number): Entity | undefined {
    return index < this.graph.entityCount ? this.graph.entities.at(index) : undefined;
  }

  /** The kind of the entity numbered `index` (no object built). */
  kindAt(index: number): Entity['kind'] {
    return this.graph.entities.kindAt(index);
  }

  get entityCount(): number {
    return this.graph.entityCount;
  }

  get relationshipCount(): number {
    return this.graph.edgeCount;
  }

  /** Appends a relationship between numbered entities; `id` when the data came with ids (then every one must have one). */
  addRelationship(edge: EdgeInput, id?: string): void {
    this.graph.addEdge(edge, id);
  }

  /**
   * Appends a relationship row of the schema, its ends and stated end user named by id, keeping
   * its id; returns the field naming an entity that was not added ('source' or 'target'), else undefined.
   */
  addRelationshipRow(relationship: Relationship): 'source' | 'target' | undefined {
    const source = this.indexOf(relationship.source);
    if (source === undefined) return 'source';
    const target = this.indexOf(relationship.target);
    if (target === undefined) return 'target';
    const statedEndUser = relationship.stated_end_user === undefined ? undefined : this.indexOf(relationship.stated_end_user);
    const { type, product, start, end, share, evidence, source_ref: sourceRef } = relationship;
    this.graph.addEdge({ source, target, type, product, start, end, share, statedEndUser, evidence, sourceRef }, relationship.id);
    return undefined;
  }

  /** Appends a relationship already as codes into `graph`'s tables (the file reader's fast path). */
  addRelationshipCodes(codes: EdgeCodes): void {
    this.graph.addEdgeCodes(codes);
  }

  addListing(listing: Listing): void {
    this.listings.push(listing);
  }

  addJurisdictionFlag(period: JurisdictionFlagPeriod): void {
    this.jurisdictions.push(period);
  }

  /** A list definition; a later one with the same code replaces it. */
  addList(list: ListDefinition): void {
    this.lists.set(list.code, list);
  }

  get listingCount(): number {
    return this.listings.length;
  }

  get jurisdictionFlagCount(): number {
    return this.jurisdictions.length;
  }

  /** The state, relationships sorted into CSR order; the builder is spent. */
  build(): CompactState {
    const graph = this.graph.build();
    return { graph, entities: graph.entities, listings: this.listings, jurisdictions: this.jurisdictions, lists: this.lists };
  }
}
