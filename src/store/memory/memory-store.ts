// The reference implementation of GraphStore: a graphology multigraph in memory, plain and
// obviously right, that tests hold the compact engine and the Neo4j paths equal to (and that
// serves graphology where it belongs). It is not a production path: --data, serve and Neo4j's
// projection all answer from the compact store (store/compact/).
import { MultiDirectedGraph } from 'graphology';
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
    const listingKey = (listing: Listing) => JSON.stringify([listing.entity_id, listing.list, listing.from, listing.to, listing.source]);
    const jurisdictionKey = (period: JurisdictionFlagPeriod) => JSON.stringify([period.code, period.flag, period.from, period.to, period.source]);
    const next: MemoryState = {
      graph,
      listings: mergeDistinct(base.listings, dataset.listings, listingKey),
      jurisdictions: mergeDistinct(base.jurisdictions, dataset.jurisdictions, jurisdictionKey),
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

function mergeDistinct<T>(existing: readonly T[], added: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set(existing.map(key));
  const merged = [...existing];
  for (const item of added) {
    const itemKey = key(item);
    if (!seen.has(itemKey)) {
      seen.add(itemKey);
      merged.push(item);
    }
  }
  return merged;
}
