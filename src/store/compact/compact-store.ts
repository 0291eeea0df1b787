// The embedded store at scale: entities and a typed-array relationship index (CSR) instead of a
// graphology object graph, so a million entities and five million relationships fit in a few
// hundred megabytes and analysis can run over arrays. See README, "Architecture".
import type { Dataset, Entity, Relationship } from '../../domain/schema.ts';
import { distinctBy, flagPeriodKey, listingKey } from '../../domain/record-identity.ts';
import type { GraphStore, LoadSummary } from '../graph-store.ts';
import type { GraphView } from '../graph-view.ts';
import { CompactGraphView, type CompactState } from './compact-graph-view.ts';
import { compactStateOf } from './compact-state.ts';

export class CompactStore implements GraphStore {
  readonly backend = 'memory';
  private state: CompactState | undefined;
  private cachedView: CompactGraphView | undefined;

  /** Adds a validated dataset: builds the next state beside the current one, swaps when complete. */
  async load(dataset: Dataset): Promise<LoadSummary> {
    this.swap(compactStateOf(this.state === undefined ? dataset : merged(datasetOf(this.state), dataset)));
    return summaryOf(dataset.entities.length, dataset.relationships.length, dataset.listings.length, dataset.jurisdictions.length);
  }

  /** Replaces everything with `dataset`: built beside the current state, swapped when complete. */
  async replace(dataset: Dataset): Promise<LoadSummary> {
    this.swap(compactStateOf(dataset));
    return summaryOf(dataset.entities.length, dataset.relationships.length, dataset.listings.length, dataset.jurisdictions.length);
  }

  /**
   * Adds a state the streaming reader built (load/stream-datasets.ts) straight from the files:
   * swapped in whole, or merged with what is stored as `load` merges.
   */
  async loadState(state: CompactState): Promise<LoadSummary> {
    const summary = summaryOf(state.entities.count, state.graph.edgeCount, state.listings.length, state.jurisdictions.length);
    this.swap(this.state === undefined ? state : compactStateOf(merged(datasetOf(this.state), datasetOf(state))));
    return summary;
  }

  async view(): Promise<GraphView> {
    if (this.state === undefined) this.swap(compactStateOf({ entities: [], relationships: [], listings: [], jurisdictions: [], lists: [] }));
    this.cachedView ??= new CompactGraphView(this.state!);
    return this.cachedView;
  }

  async close(): Promise<void> {}

  private swap(next: CompactState): void {
    // Built here, not on the first question, so "loaded" means ready to query: the route search's
    // adjacency takes a pass over every relationship.
    next.graph.goodsAdjacency();
    this.state = next;
    this.cachedView = undefined;
  }
}

/** Every row a state holds, as a dataset (relationships materialised: slow at millions). */
export function datasetOf(state: CompactState): Dataset {
  return {
    entities: [...state.entities.all()],
    relationships: [...state.graph.relationships()],
    listings: [...state.listings],
    jurisdictions: [...state.jurisdictions],
    lists: [...state.lists.values()],
  };
}

/** The embedded store's merge: entities replaced by id, relationships by id, listings and flag periods kept distinct by their keys (domain/record-identity.ts). */
function merged(current: Dataset, added: Dataset): Dataset {
  const entities = new Map<string, Entity>(current.entities.map((entity) => [entity.id, entity]));
  for (const entity of added.entities) entities.set(entity.id, entity);
  const relationships = new Map<string, Relationship>(current.relationships.map((relationship) => [relationship.id, relationship]));
  for (const relationship of added.relationships) relationships.set(relationship.id, relationship);
  return {
    entities: [...entities.values()],
    relationships: [...relationships.values()],
    listings: distinctBy([...current.listings, ...added.listings], listingKey),
    jurisdictions: distinctBy([...current.jurisdictions, ...added.jurisdictions], flagPeriodKey),
    lists: [...new Map([...current.lists, ...added.lists].map((list) => [list.code, list])).values()],
  };
}

function summaryOf(entities: number, relationships: number, listings: number, jurisdictions: number): LoadSummary {
  return { entities, relationships, listings, jurisdictions };
}
