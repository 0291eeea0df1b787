// The dataset versions of a server on Neo4j: the database is the record, so versions are read
// from it (whoever loaded them: this server, another, or `enduse load`), and an upload or a
// removal is one transaction: refused or failed, it leaves the database as it was.
import type { Dataset, Entity } from '../domain/schema.ts';
import { ConflictError, InvalidInputError, NotFoundError, type Problem } from '../domain/errors.ts';
import { flagPeriodKey } from '../domain/record-identity.ts';
import { readReference, withReferenceJurisdictions, type Reference } from '../load/load-datasets.ts';
import type { RawCollections } from '../load/raw-rows.ts';
import { validateDataset } from '../load/validate-dataset.ts';
import type { GraphStore } from '../store/graph-store.ts';
import { bumpChangeMarkerIn } from '../store/neo4j/change-marker.ts';
import { driverRun, storedEntities, storedVersions, transactionRun, type Run } from '../store/neo4j/dataset-versions.ts';
import { asStoreError } from '../store/neo4j/neo4j-connection.ts';
import { Neo4jStore } from '../store/neo4j/neo4j-store.ts';
import { removeVersion } from '../store/neo4j/remove-version.ts';
import { writeDatasetInTransaction } from '../store/neo4j/write-dataset.ts';
import { datasetCounts } from '../audit/audit-log.ts';
import { conflictProblem, DEFAULT_VERSION_NAME, validOrRefused, type AddRequest, type AddResult, type RemoveResult } from './dataset-catalog.ts';
import type { DatasetVersion, RowCounts } from './dataset-version.ts';
import { planVersion, recordPlannedVersion } from './neo4j-versions.ts';
import type { VersionCatalog } from './version-catalog.ts';

const REFUSAL = 'the dataset was not loaded: it would change entities already stored; send mode "merge" to update the fields it gives, or "replace" to replace those entities whole';

/**
 * @example const catalog = new Neo4jDatasetCatalog(neo4jStore, { afterChange: () => served.refresh() });
 */
export class Neo4jDatasetCatalog implements VersionCatalog {
  private readonly reference: Reference;

  constructor(
    readonly store: Neo4jStore,
    private readonly options: { reference?: Reference; afterChange?: () => Promise<unknown> } = {},
  ) {
    this.reference = options.reference ?? readReference();
  }

  /** The versions recorded in the database, in load order. */
  versions(): Promise<DatasetVersion[]> {
    return this.reading((run) => storedVersions(run));
  }

  /** What each version states about one entity, side by side, in load order. */
  statementsAbout(entityId: string): Promise<{ version: DatasetVersion; entity: Entity }[]> {
    return this.reading(async (run) => {
      const stored = (await storedEntities(run, [entityId])).get(entityId);
      if (stored === undefined) return [];
      const versions = new Map((await storedVersions(run)).map((version) => [version.id, version]));
      const statements = stored.statements ?? stored.holders.map((version) => ({ version, entity: stored.entity }));
      return statements.flatMap(({ version, entity }) => (versions.has(version) ? [{ version: versions.get(version)!, entity }] : []));
    });
  }

  /**
   * Validates `raw` (its rows may point at stored entities), then in one transaction plans it as
   * `enduse load` does (refusing changes to stored entities without a mode), writes its rows and
   * records its version. All or nothing.
   */
  async add(request: AddRequest): Promise<AddResult> {
    const outside = referencedIds(request.raw);
    const known = await this.reading((run) => storedEntities(run, outside));
    const dataset = validOrRefused(validateDataset(request.raw, this.reference.lists, (id) => known.get(id)?.entity), request.readProblems, 'the dataset was not loaded');
    const rowOf = new Map(request.raw.entities.map((row) => [String(row.values.id ?? '').trim(), row] as const));
    const plan = await this.writing(async (run) => {
      await bumpChangeMarkerIn(run);
      await refuseIfGone(run, dataset, known.keys());
      const planned = await planVersion(run, dataset, {
        name: request.name ?? DEFAULT_VERSION_NAME,
        who: request.who,
        via: request.via,
        ...(request.mode === undefined ? {} : { mode: request.mode }),
        refusal: REFUSAL,
        conflict: (change, statedBy) => conflictProblem(rowOf.get(change.entity), change, statedBy),
      });
      await writeDatasetInTransaction(run, withReferenceJurisdictions(planned.dataset, this.reference));
      await recordPlannedVersion(run, planned);
      return planned;
    });
    return { version: plan.version, changes: plan.changes };
  }

  /** Validates `request.raw` over the stored entities it points at, as `add` does, and writes nothing. */
  async check(request: Pick<AddRequest, 'raw' | 'readProblems'>): Promise<RowCounts> {
    const known = await this.reading((run) => storedEntities(run, referencedIds(request.raw)));
    return datasetCounts(validOrRefused(validateDataset(request.raw, this.reference.lists, (id) => known.get(id)?.entity), request.readProblems, 'the dataset was checked, nothing loaded'));
  }

  /** Removes one version and the rows only it held, in one transaction (remove-version.ts). */
  async remove(id: string): Promise<RemoveResult> {
    const keptFlags = new Set(this.reference.jurisdictions.map(flagPeriodKey));
    return this.writing(async (run) => {
      await bumpChangeMarkerIn(run);
      return removeVersion(run, id, keptFlags);
    });
  }

  private async reading<T>(work: (run: Run) => Promise<T>): Promise<T> {
    try {
      return await work(driverRun(this.store.driver, this.store.settings));
    } catch (error) {
      throw asStoreError(error, this.store.settings);
    }
  }

  /** Runs `work` in one write transaction; a refusal or failure rolls all of it back. Then tells the server to refresh. */
  private async writing<T>(work: (run: Run) => Promise<T>): Promise<T> {
    const session = this.store.driver.session({ database: this.store.settings.database, defaultAccessMode: 'WRITE' });
    let result: T;
    try {
      result = await session.executeWrite((tx) => work(transactionRun(tx)));
    } catch (error) {
      throw error instanceof ConflictError || error instanceof InvalidInputError || error instanceof NotFoundError ? error : asStoreError(error, this.store.settings);
    } finally {
      await session.close();
    }
    // The write is committed and is reported; a failed refresh shows in health() and is retried.
    await this.options.afterChange?.().catch(() => undefined);
    return result;
  }
}

/** The entity ids an upload's relationships and listings point at: those it may take from the store. */
function referencedIds(raw: RawCollections): string[] {
  const ids = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.trim() !== '') ids.add(value.trim());
  };
  for (const row of raw.relationships) for (const field of ['source', 'target', 'stated_end_user']) add(row.values[field]);
  for (const row of raw.listings) add(row.values.entity_id);
  return [...ids];
}

/** Stored entities the upload was validated against must still be there once the write holds the lock. */
async function refuseIfGone(run: Run, dataset: Dataset, validatedAgainst: Iterable<string>): Promise<void> {
  const own = new Set(dataset.entities.map((entity) => entity.id));
  const needed = [...validatedAgainst].filter((id) => !own.has(id));
  const present = await storedEntities(run, needed);
  const gone = needed.filter((id) => !present.has(id));
  if (gone.length > 0) throw new ConflictError('the dataset was not loaded: entities it points at were removed meanwhile', gone.map((id) => ({ field: 'entities', message: `'${id}' is no longer stored; send it again with its rows` })));
}

const catalogs = new WeakMap<GraphStore, Neo4jDatasetCatalog>();

/**
 * The Neo4j catalog of a store given none (an in-process app over a Neo4jStore, or a serving
 * holder of one); undefined for other stores.
 */
export function neo4jCatalogOfStore(store: GraphStore): Neo4jDatasetCatalog | undefined {
  const inner = (store as { store?: GraphStore }).store ?? store;
  if (!(inner instanceof Neo4jStore)) return undefined;
  let catalog = catalogs.get(store);
  if (catalog === undefined) {
    const refresh = (store as { refresh?: () => Promise<unknown> }).refresh?.bind(store);
    catalog = new Neo4jDatasetCatalog(inner, refresh === undefined ? {} : { afterChange: refresh });
    catalogs.set(store, catalog);
  }
  return catalog;
}
