// A load into Neo4j as a dataset version, the one path for `enduse load --backend neo4j` and a
// server's uploads: the stored entities it restates are read first, and a change to their fields
// is refused (with every conflict) unless a mode asks for it; once the rows are written, the
// version is recorded in the database beside them.
import { datasetCounts, datasetDigest } from '../audit/audit-log.ts';
import { ConflictError, type Problem } from '../domain/errors.ts';
import type { Dataset, Entity } from '../domain/schema.ts';
import { driverRun, recordVersion, storedEntities, storedVersions, type Run, type StoredEntity } from '../store/neo4j/dataset-versions.ts';
import { asStoreError } from '../store/neo4j/neo4j-connection.ts';
import type { Neo4jStore } from '../store/neo4j/neo4j-store.ts';
import { versionId, type DatasetVersion, type LoadMode } from './dataset-version.ts';
import { entityAfter, fieldChanges, type FieldChange } from './entity-changes.ts';

export interface Neo4jVersionPlan {
  /** What to write: the dataset with restated entities as they are after the load. */
  dataset: Dataset;
  /** The entities as the dataset states them (kept beside the rows when versions differ). */
  statements: Entity[];
  /** What was stored of the entities it states, before it. */
  stored: ReadonlyMap<string, StoredEntity>;
  version: DatasetVersion;
  changes: FieldChange[];
}

export interface VersionRequest {
  name: string;
  who: string;
  via: DatasetVersion['via'];
  mode?: LoadMode;
  /** The refusal's message, naming how the caller gives a mode (`--mode` or `mode`). */
  refusal?: string;
  /** A conflict as the caller should see it (with its file and line when it has them). */
  conflict?: (change: FieldChange, statedBy: readonly string[]) => Problem;
}

const CLI_REFUSAL = 'nothing was loaded: the dataset would change entities already stored; give --mode merge to update the fields it states, or --mode replace to replace those entities whole';

/**
 * Entities checked against what is stored, in batches as they come: each as it is after the
 * load (`mode`), the fields that change, and, for a load without a mode, a conflict for each.
 */
export class Restatements {
  readonly changes: FieldChange[] = [];
  readonly conflicts: Problem[] = [];
  /** What was stored of the entities checked, before the load (only those stored). */
  readonly stored = new Map<string, StoredEntity>();
  changed = 0;

  constructor(private readonly request: Pick<VersionRequest, 'mode' | 'conflict' | 'refusal'>) {}

  /** The entities as they are after the load, in their order. */
  async check(run: Run, entities: readonly Entity[]): Promise<Entity[]> {
    const stored = await storedEntities(run, entities.map((entity) => entity.id));
    return entities.map((entity): Entity => {
      const before = stored.get(entity.id);
      if (before === undefined) return entity;
      this.stored.set(entity.id, before);
      const after = entityAfter(before.entity, entity, this.request.mode);
      const fields = fieldChanges(before.entity, after);
      if (fields.length > 0) this.changed += 1;
      for (const change of fields) {
        this.changes.push(change);
        this.conflicts.push((this.request.conflict ?? storedConflict)(change, before.holders));
      }
      return after;
    });
  }

  /** Throws ConflictError listing every conflict, unless a mode allows the changes. */
  refuseConflicts(): void {
    if (this.request.mode === undefined && this.conflicts.length > 0) throw new ConflictError(this.request.refusal ?? CLI_REFUSAL, this.conflicts);
  }
}

/**
 * Plans loading `dataset` as the next version of `name` over the entities and versions `run`
 * reads. Throws ConflictError listing every field it would change on a stored entity when no
 * `mode` is given.
 */
export async function planVersion(run: Run, dataset: Dataset, request: VersionRequest): Promise<Neo4jVersionPlan> {
  const restated = new Restatements(request);
  const entities = await restated.check(run, dataset.entities);
  restated.refuseConflicts();
  const version = await nextVersion(run, request, { sha256: datasetDigest(dataset), counts: datasetCounts(dataset) }, restated.changed);
  return { dataset: { ...dataset, entities }, statements: dataset.entities, stored: restated.stored, version, changes: restated.changes };
}

/** The manifest of the next version of `request.name`, numbered after the versions stored. */
export async function nextVersion(run: Run, request: VersionRequest, content: Pick<DatasetVersion, 'sha256' | 'counts'>, changed: number): Promise<DatasetVersion> {
  const versions = await storedVersions(run);
  const version = 1 + Math.max(0, ...versions.filter((each) => each.name === request.name).map((each) => each.version));
  return {
    id: versionId(request.name, version),
    name: request.name,
    version,
    seq: 1 + Math.max(0, ...versions.map((each) => each.seq)),
    who: request.who,
    via: request.via,
    at: new Date().toISOString(),
    ...content,
    ...(request.mode === undefined ? {} : { mode: request.mode }),
    changed,
    persisted: true,
  };
}

/** Records a written version: its rows carry its id, and its node lists it. */
export async function recordPlannedVersion(run: Run, plan: Neo4jVersionPlan): Promise<void> {
  await recordVersion(run, { ...plan.version, at: new Date().toISOString() }, plan.dataset, plan.statements, plan.stored);
}

/**
 * planVersion through the store's driver, for `enduse load` (whose write is batched, see write-dataset.ts).
 * @example const plan = await planNeo4jVersion(store, dataset, { name: 'blue-coat-syria', who: 'cli:me' }); await store.load(plan.dataset); await recordNeo4jVersion(store, plan);
 */
export async function planNeo4jVersion(store: Neo4jStore, dataset: Dataset, request: { name: string; who: string; mode?: LoadMode }): Promise<Neo4jVersionPlan> {
  return planVersion(driverRun(store.driver, store.settings), dataset, { ...request, via: 'cli' }).catch((error: unknown) => {
    throw error instanceof ConflictError ? error : asStoreError(error, store.settings);
  });
}

export async function recordNeo4jVersion(store: Neo4jStore, plan: Neo4jVersionPlan): Promise<void> {
  await recordPlannedVersion(driverRun(store.driver, store.settings), plan).catch((error: unknown) => {
    throw asStoreError(error, store.settings);
  });
}

function storedConflict(change: FieldChange, statedBy: readonly string[]): Problem {
  const shown = (value: FieldChange['from']) => (value === undefined ? 'nothing' : JSON.stringify(value));
  return { field: `entities.${change.entity}.${change.field}`, message: `stored in Neo4j as ${shown(change.from)}${statedBy.length === 0 ? '' : ` (stated by ${statedBy.join(', ')})`}; this dataset gives ${shown(change.to)}` };
}
