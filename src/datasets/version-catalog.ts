// What the API asks of a store's dataset versions, whichever store keeps them: the embedded
// store's catalog (dataset-catalog.ts, a data folder) or Neo4j's (neo4j-catalog.ts, the database).
import type { Entity } from '../domain/schema.ts';
import type { AddRequest, AddResult, RemoveResult } from './dataset-catalog.ts';
import type { DatasetVersion, RowCounts } from './dataset-version.ts';

export interface VersionCatalog {
  /** The versions, in load order. */
  versions(): DatasetVersion[] | Promise<DatasetVersion[]>;
  /** What each version states about one entity, side by side, in load order. */
  statementsAbout(entityId: string): { version: DatasetVersion; entity: Entity }[] | Promise<{ version: DatasetVersion; entity: Entity }[]>;
  /** Loads a dataset as a new version, all or nothing; refuses changes to stored entities without a mode. */
  add(request: AddRequest): Promise<AddResult>;
  /**
   * Validates a dataset as `add` would (over the stored entities its rows may point at) and loads
   * nothing: the rows it would load, or InvalidInputError with every problem. Conflicts with
   * stored entities (409) are found by `add`, which holds the write lock.
   */
  check(request: Pick<AddRequest, 'raw' | 'readProblems'>): Promise<RowCounts>;
  /** Removes a version and the rows only it held, all or nothing. */
  remove(id: string): Promise<RemoveResult>;
}
