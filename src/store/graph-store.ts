// The one store interface: the embedded store and the Neo4j store both implement it.
import type { IsoDay } from '../domain/dates.ts';
import type { Dataset } from '../domain/schema.ts';
import type { GraphView } from './graph-view.ts';

export interface LoadSummary {
  entities: number;
  relationships: number;
  listings: number;
  jurisdictions: number;
}

/**
 * The stores by name: `memory` the compact typed-array store (the embedded production store),
 * `neo4j` the Neo4j store, `reference` the graphology store tests compare the others with.
 */
export const STORE_BACKENDS = ['memory', 'neo4j', 'reference'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

export interface GraphStore {
  /** Which backend this is, for messages only: analysis never branches on it. */
  readonly backend: StoreBackend;
  /**
   * Adds a validated dataset, all or nothing: on failure the store is exactly as it was (the
   * Neo4j store: all or nothing per batch, each batch idempotent, so rerunning a failed load
   * completes it). Entities with an id already stored are replaced; relationships with the same
   * id are not doubled.
   */
  load(dataset: Dataset): Promise<LoadSummary>;
  /**
   * Embedded stores only: replaces everything held with `dataset`, all or nothing (built beside
   * the current state, swapped in when complete). The dataset catalog rebuilds the store with it
   * when a version is added or removed (src/datasets/dataset-catalog.ts).
   */
  replace?(dataset: Dataset): Promise<LoadSummary>;
  /** A read-only view of the whole graph for analysis. */
  view(): Promise<GraphView>;
  /**
   * A token that changes whenever this store's data may have changed through enduse (the Neo4j
   * change marker), read cheaply; absent where every change goes through this object.
   */
  changeToken?(): Promise<string>;
  /**
   * Push-down, where the store can search in place (Neo4j): a view holding what a route search
   * from `from` reaches and the grounds of every flag, read without copying the graph, on which
   * the analysis gives the answer it gives on view(); undefined, before reading them, when the
   * search would read more relationships than `budget` allows. Stores without it answer every
   * question from view().
   */
  reachView?(from: string, question: ReachQuestion, flaggedIn: FlaggedIn, budget?: ReachBudget): Promise<GraphView | undefined>;
  close(): Promise<void>;
}

/** What a push-down view is read for: the route search's own options. */
export interface ReachQuestion {
  asOf: IsoDay;
  /** As the search reads it: trimmed and lower-cased, or undefined for every product. */
  product: string | undefined;
  maxHops: number;
}

/**
 * How much a push-down may read: `share` of the relationships stored, at least `minimum`.
 * Without one it reads whatever the question reaches.
 */
export interface ReachBudget {
  share: number;
  minimum: number;
}

/** Given a view of every flag's grounds, the ids flagged at the question's date (the analysis decides). */
export type FlaggedIn = (grounds: GraphView) => ReadonlySet<string>;
