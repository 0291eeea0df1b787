// The reference store: a graphology multigraph in memory, the plain and obviously right version
// that tests hold the compact store and the Neo4j paths to. Not a production path (backend
// 'reference'); the dashboard's graph is drawn with graphology for the same reason.
import { MultiDirectedGraph } from 'graphology';
import { distinctBy, flagPeriodKey, listingKey } from '../../domain/record-identity.ts';
import type { Dataset, Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship } from '../../domain/schema.ts';
import type { GraphStore, LoadSummary } from '../graph-store.ts';
import type { GraphView } from '../graph-view.ts';
import { MemoryGraphView } from './memory-graph-view.ts';

export interface MemoryState {
  graph: MultiDirectedGraph<Entity, Relationship>;
  listings: Listing[];
  jurisdictions: JurisdictionFlagPeriod[];
  lists: Map<string, ListDefinition>;
}

export class MemoryStore implements GraphStore {
  readonly backend = 'memory';
  private state: MemoryState = emptyState();
  private cachedView: MemoryGraphView | undefined;

  /** Builds the next state beside the current one and swaps it in only when complete. */
  async load(dataset: Dataset): Promise<LoadSummary> {
    return this.build(this.state, dataset);
  }

  /** Replaces everything with `dataset`, built beside the current state and swapped when complete. */
  async replace(dataset: Dataset): Promise<LoadSummary> {
    return this.build(emptyState(), dataset);
  }

  private build(base: MemoryState, dataset: Dataset): LoadSummary {
    const graph = base.graph.copy();
    for (const entity of dataset.entities) graph.mergeNode(entity.id, entity);
    for (const relationship of dataset.relationships) {
      if (graph.hasEdge(relationship.id)) graph.replaceEdgeAttributes(relationship.id, relationship);
      else graph.addDirectedEdgeWithKey(relationship.id, relationship.source, relationship.target, relationship);
    }
    const next: MemoryState = {
      graph,
      listings: distinctBy([...base.listings, ...dataset.listings], listingKey),
      jurisdictions: distinctBy([...base.jurisdictions, ...dataset.jurisdictions], flagPeriodKey),
      lists: new Map([...base.lists, ...dataset.lists.map((list) => [list.code, list] as const)]),
    };
    this.state = next;
    this.cachedView = undefined;
    return {
      entities: dataset.entities.length,
      relationships: dataset.relationships.length,
      listings: dataset.listings.length,
      jurisdictions: dataset.jurisdictions.length,
    };
  }

  async view(): Promise<GraphView> {
    this.cachedView ??= new MemoryGraphView(this.state);
    return this.cachedView;
  }

  async close(): Promise<void> {}
}

function emptyState(): MemoryState {
  return { graph: new MultiDirectedGraph<Entity, Relationship>({ allowSelfLoops: true }), listings: [], jurisdictions: [], lists: new Map() };
}

