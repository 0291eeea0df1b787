// A read-only view over the embedded store's state, with adjacency and listings indexed once.
import { compareIncoming, compareOutgoing } from '../../domain/relationship-order.ts';
import type { Entity, Relationship, RelationshipType } from '../../domain/schema.ts';
import type { GraphView } from '../graph-view.ts';
import { ListingsAndFlagsIndex, pushTo } from '../listings-and-flags.ts';
import type { MemoryState } from './memory-store.ts';

const NONE: readonly never[] = Object.freeze([]);

export class MemoryGraphView extends ListingsAndFlagsIndex implements GraphView {
  private readonly outgoing = new Map<string, Relationship[]>();
  private readonly incoming = new Map<string, Relationship[]>();

  constructor(private readonly state: MemoryState) {
    super(state);
    state.graph.forEachEdge((_key, relationship) => {
      pushTo(this.outgoing, relationship.source, relationship);
      pushTo(this.incoming, relationship.target, relationship);
    });
    // In the one order every store lists relationships in, whatever order they were added in.
    for (const edges of this.outgoing.values()) edges.sort(compareOutgoing);
    for (const edges of this.incoming.values()) edges.sort(compareIncoming);
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
}

function ofTypes(relationships: readonly Relationship[] | undefined, types: readonly RelationshipType[] | undefined): readonly Relationship[] {
  if (!relationships) return NONE;
  return types === undefined ? relationships : relationships.filter((relationship) => types.includes(relationship.type));
}
