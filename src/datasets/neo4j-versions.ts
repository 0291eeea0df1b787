// A load into Neo4j as a dataset version: the stored entities it restates are read first, and a
// change to their fields is refused (with every conflict) unless a mode asks for it; once the rows
// are written, the version is recorded in the database beside them.
import { datasetCounts, datasetDigest } from '../audit/audit-log.ts';
import { ConflictError, type Problem } from '../domain/errors.ts';
import type { Dataset, Entity } from '../domain/schema.ts';
import { recordVersion, storedEntities, storedVersions } from '../store/neo4j/dataset-versions.ts';
import { asStoreError } from '../store/neo4j/neo4j-connection.ts';
import type { Neo4jStore } from '../store/neo4j/neo4j-store.ts';
import { versionId, type DatasetVersion, type LoadMode } from './dataset-version.ts';
import { entityAfter, fieldChanges, type FieldChange } from './entity-changes.ts';

export interface Neo4jVersionPlan {
  /** What to write: the dataset with restated entities as they are after the load. */
  dataset: Dataset;
  version: DatasetVersion;
  changes: FieldChange[];
}

/**
 * Plans loading `dataset` into Neo4j as the next version of `name`. Throws ConflictError listing
 * every field it would change on a stored entity when no `mode` is given.
 *
 * @example const plan = await planNeo4jVersion(store, dataset, { name: 'blue-coat-syria', who: 'cli:me' }); await store.load(plan.dataset); await recordNeo4jVersion(store, plan);
 */
export async function planNeo4jVersion(store: Neo4jStore, dataset: Dataset, request: { name: string; who: string; mode?: LoadMode }): Promise<Neo4jVersionPlan> {
  const stored = await storedEntities(store.driver, store.settings, dataset.entities.map((entity) => entity.id)).catch((error: unknown) => {
    throw asStoreError(error, store.settings);
  });
  const changes: FieldChange[] = [];
  const conflicts: Problem[] = [];
  let changed = 0;
  const entities = dataset.entities.map((entity): Entity => {
    const before = stored.get(entity.id);
    if (before === undefined) return entity;
    const after = entityAfter(before, entity, request.mode);
    const fields = fieldChanges(before, after);
    if (fields.length > 0) changed += 1;
    for (const change of fields) {
      changes.push(change);
      const shown = (value: FieldChange['from']) => (value === undefined ? 'nothing' : JSON.stringify(value));
      conflicts.push({ field: `entities.${change.entity}.${change.field}`, message: `stored in Neo4j as ${shown(change.from)}; this dataset gives ${shown(change.to)}` });
    }
    return after;
  });
  if (request.mode === undefined && conflicts.length > 0) {
    throw new ConflictError('nothing was loaded: the dataset would change entities already stored; give --mode merge to update the fields it states, or --mode replace to replace those entities whole', conflicts);
  }
  const versions = await storedVersions(store.driver, store.settings).catch((error: unknown) => {
    throw asStoreError(error, store.settings);
  });
  const version = 1 + Math.max(0, ...versions.filter((each) => each.name === request.name).map((each) => each.version));
  const manifest: DatasetVersion = {
    id: versionId(request.name, version),
    name: request.name,
    version,
    seq: 1 + Math.max(0, ...versions.map((each) => each.seq)),
    who: request.who,
    via: 'cli',
    at: new Date().toISOString(),
    sha256: datasetDigest(dataset),
    counts: datasetCounts(dataset),
    ...(request.mode === undefined ? {} : { mode: request.mode }),
    changed,
    persisted: true,
  };
  return { dataset: { ...dataset, entities }, version: manifest, changes };
}

/** Records a written version: its rows carry its id, and its node lists it. */
export async function recordNeo4jVersion(store: Neo4jStore, plan: Neo4jVersionPlan): Promise<void> {
  await recordVersion(store.driver, store.settings, { ...plan.version, at: new Date().toISOString() }, plan.dataset).catch((error: unknown) => {
    throw asStoreError(error, store.settings);
  });
}
