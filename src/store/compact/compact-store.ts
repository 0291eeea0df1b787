// The embedded store at scale: entities and a typed-array relationship index (CSR) instead of a
// graphology object graph, so a million entities and five million relationships fit in a few
// hundred megabytes and analysis can run over arrays. See README, "Architecture".
import { InvalidInputError } from '../../domain/errors.ts';
import type { Dataset, Entity, JurisdictionFlagPeriod, Listing, Relationship } from '../../domain/schema.ts';
import { streamDatasets, type StreamLoadOptions } from '../../load/stream-datasets.ts';
import type { GraphStore, LoadSummary } from '../graph-store.ts';
import type { GraphView } from '../graph-view.ts';
import { CompactStateBuilder } from './compact-state-builder.ts';
import { CompactGraphView, type CompactState } from './compact-graph-view.ts';

export class CompactStore implements GraphStore {
  readonly backend = 'memory';
  private state: CompactState | undefined;
  private cachedView: CompactGraphView | undefined;

  /** Adds a validated dataset: builds the next state beside the current one, swaps when complete. */
  async load(dataset: Dataset): Promise<LoadSummary> {
    this.swap(compactStateOf(this.state === undefined ? dataset : merged(datasetOf(this.state), dataset)));
    return summaryOf(dataset.entities.length, dataset.relationships.length, dataset.listings.length, dataset.jurisdictions.length);
  }

  /**
   * Streams dataset folders straight into the compact index (see load/stream-datasets.ts).
   * All or nothing: on any problem the store is as it was.
   */
  async loadPaths(paths: readonly string[], options: StreamLoadOptions = {}): Promise<LoadSummary> {
    const result = await streamDatasets(paths, options);
    if (result.kind === 'dataset') return this.load(result.dataset);
    const { state } = result;
    const summary = summaryOf(state.entities.length, state.graph.edgeCount, state.listings.length, state.jurisdictions.length);
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

/** A compact state holding exactly a validated dataset (relationship ids kept as given). */
export function compactStateOf(dataset: Dataset): CompactState {
  const builder = new CompactStateBuilder(dataset.relationships.length, dataset.entities.length);
  for (const entity of dataset.entities) builder.addEntity(entity);
  // A validated dataset's ends are all present; one built by hand may not be, and then nothing is loaded.
  for (const relationship of dataset.relationships) {
    const missing = builder.addRelationshipRow(relationship);
    if (missing !== undefined) {
      throw new InvalidInputError('the dataset was not loaded', [{ field: missing, message: `relationship ${relationship.id} names entity '${relationship[missing]}', which the dataset does not hold` }]);
    }
  }
  for (const listing of dataset.listings) builder.addListing(listing);
  for (const period of dataset.jurisdictions) builder.addJurisdictionFlag(period);
  for (const list of dataset.lists) builder.addList(list);
  return builder.build();
}

function datasetOf(state: CompactState): Dataset {
  return {
    entities: [...state.entities],
    relationships: [...state.graph.relationships()],
    listings: [...state.listings],
    jurisdictions: [...state.jurisdictions],
    lists: [...state.lists.values()],
  };
}

/** The embedded store's merge: entities replaced by id, relationships by id, listings and flag periods kept distinct. */
function merged(current: Dataset, added: Dataset): Dataset {
  const entities = new Map<string, Entity>(current.entities.map((entity) => [entity.id, entity]));
  for (const entity of added.entities) entities.set(entity.id, entity);
  const relationships = new Map<string, Relationship>(current.relationships.map((relationship) => [relationship.id, relationship]));
  for (const relationship of added.relationships) relationships.set(relationship.id, relationship);
  const listingKey = (listing: Listing) => JSON.stringify([listing.entity_id, listing.list, listing.from, listing.to, listing.source]);
  const periodKey = (period: JurisdictionFlagPeriod) => JSON.stringify([period.code, period.flag, period.from, period.to, period.source]);
  return {
    entities: [...entities.values()],
    relationships: [...relationships.values()],
    listings: distinct([...current.listings, ...added.listings], listingKey),
    jurisdictions: distinct([...current.jurisdictions, ...added.jurisdictions], periodKey),
    lists: [...new Map([...current.lists, ...added.lists].map((list) => [list.code, list])).values()],
  };
}

function distinct<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const itemKey = key(item);
    if (seen.has(itemKey)) return false;
    seen.add(itemKey);
    return true;
  });
}

function summaryOf(entities: number, relationships: number, listings: number, jurisdictions: number): LoadSummary {
  return { entities, relationships, listings, jurisdictions };
}
