// The read-only GraphView over the compact store: entities as objects, relationships
// materialised from the typed-array columns on demand, and the index itself for fast analysis.
import { RELATIONSHIP_TYPE_NAMES, type Entity, type Relationship, type RelationshipType } from '../../domain/schema.ts';
import type { GraphView } from '../graph-view.ts';
import { ListingsAndFlagsIndex, type ListingsAndFlagsState } from '../listings-and-flags.ts';
import type { CompactGraph } from './compact-graph.ts';
import type { EntityTable } from './entity-table.ts';

const NO_ITEMS: readonly never[] = Object.freeze([]);

export interface CompactState extends ListingsAndFlagsState {
  graph: CompactGraph;
  /** Entities by number, as the graph numbers them (the graph's own table). */
  entities: EntityTable;
}

export class CompactGraphView extends ListingsAndFlagsIndex implements GraphView {
  constructor(private readonly state: CompactState) {
    super(state);
  }

  /** The typed-array index: analysis uses it for its fast paths. */
  compact(): CompactGraph {
    return this.state.graph;
  }

  entity(id: string): Entity | undefined {
    const index = this.state.graph.indexOf(id);
    return index === undefined ? undefined : this.state.entities.at(index);
  }

  entityAt(index: number): Entity | undefined {
    return index >= 0 && index < this.state.entities.count ? this.state.entities.at(index) : undefined;
  }

  entities(): Iterable<Entity> {
    return this.state.entities.all();
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
}

function typeMask(types: readonly RelationshipType[] | undefined): boolean[] {
  return RELATIONSHIP_TYPE_NAMES.map((name) => types === undefined || types.includes(name));
}
