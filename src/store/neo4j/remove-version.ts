// Removes a dataset version from Neo4j, inside a transaction the caller holds: rows only it held
// leave, rows other versions state lose its id, an entity it had changed is again what the other
// versions' statements make it (rows-held.ts), and its node goes. Refused, changing nothing, when
// rows that stay point at an entity only it held.
import { ENTITY_KINDS, type Entity } from '../../domain/schema.ts';
import { ConflictError, NotFoundError, type Problem } from '../../domain/errors.ts';
import type { DatasetVersion, RowCounts } from '../../datasets/dataset-version.ts';
import { fieldChanges, type FieldChange } from '../../datasets/entity-changes.ts';
import { holdersWithout, statementsWithout } from '../../datasets/rows-held.ts';
import { encodeStatements, fromNode, storedEntityOf, type Run } from './dataset-versions.ts';
import { DATASET_VERSION_LABEL, ENTITY_LABEL, JURISDICTION_FLAG_LABEL, LISTED_ON } from './graph-names.ts';
import { entityRow, entityStatement } from './load-statements.ts';

export interface RemovedVersion {
  version: DatasetVersion;
  /** Rows gone from the database: those no other version states. */
  removed: RowCounts;
  /** Entities other versions still state whose fields are now as those versions say. */
  changes: FieldChange[];
}

const VERSION = `MATCH (v:${DATASET_VERSION_LABEL} {id: $id}) RETURN properties(v) AS properties`;
// Label scans: a removal is rare, and a list property cannot be indexed for membership.
const HELD_ENTITIES = `MATCH (e:${ENTITY_LABEL}) WHERE $id IN e.datasets RETURN properties(e) AS properties`;
const HELD_RELATIONSHIPS = `MATCH ()-[r]->() WHERE $id IN r.datasets RETURN elementId(r) AS element, type(r) = '${LISTED_ON}' AS listing, r.datasets AS datasets`;
const HELD_FLAGS = `MATCH (f:${JURISDICTION_FLAG_LABEL}) WHERE $id IN f.datasets RETURN elementId(f) AS element, f.id AS key, f.datasets AS datasets`;
// What stays and points at an entity that leaves: a relationship or listing at either end, or a stated end user.
const POINTING_AT = [
  `UNWIND $gone AS id MATCH (e:${ENTITY_LABEL} {id: id})-[r]-() WHERE NOT elementId(r) IN $leaving`,
  `RETURN id, type(r) AS type, startNode(r).id AS source, coalesce(endNode(r).id, endNode(r).code) AS target, coalesce(r.datasets, []) AS holders`,
  `UNION MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) WHERE r.stated_end_user IN $gone AND NOT elementId(r) IN $leaving`,
  `RETURN r.stated_end_user AS id, type(r) AS type, a.id AS source, b.id AS target, coalesce(r.datasets, []) AS holders`,
].join(' ');
const DELETE_RELATIONSHIPS = `UNWIND $elements AS element MATCH ()-[r]->() WHERE elementId(r) = element DELETE r`;
const RESTAMP_RELATIONSHIPS = `UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.element SET r.datasets = row.datasets`;
const DELETE_FLAGS = `UNWIND $elements AS element MATCH (f:${JURISDICTION_FLAG_LABEL}) WHERE elementId(f) = element DELETE f`;
const RESTAMP_FLAGS = `UNWIND $rows AS row MATCH (f:${JURISDICTION_FLAG_LABEL}) WHERE elementId(f) = row.element SET f.datasets = row.datasets`;
// DELETE, not DETACH DELETE: should anything still point at the entity, the removal fails whole.
const DELETE_ENTITIES = `UNWIND $ids AS id MATCH (e:${ENTITY_LABEL} {id: id}) DELETE e`;
const RESTAMP_ENTITIES = `UNWIND $rows AS row MATCH (e:${ENTITY_LABEL} {id: row.id}) SET e.datasets = row.datasets, e.statements = row.statements`;
const DELETE_VERSION = `MATCH (v:${DATASET_VERSION_LABEL} {id: $id}) DELETE v`;

/**
 * Removes version `id`. `keptFlags`: keys of flag periods that stay whoever states them (the
 * shipped reference flags every store has). Throws NotFoundError, or ConflictError listing what
 * would dangle; the caller's transaction then rolls back.
 */
export async function removeVersion(run: Run, id: string, keptFlags: ReadonlySet<string>): Promise<RemovedVersion> {
  const [versionRecord] = await run(VERSION, { id });
  if (versionRecord === undefined) throw new NotFoundError('dataset version', id);
  const version = fromNode(versionRecord.get('properties') as Record<string, unknown>);

  const gone: string[] = [];
  const kept: { id: string; datasets: string[]; statements: string | null; before: Entity; after: Entity }[] = [];
  for (const record of await run(HELD_ENTITIES, { id })) {
    const stored = storedEntityOf(record.get('properties') as Record<string, unknown>);
    const holders = holdersWithout(stored.holders, id);
    if (holders.length === 0) {
      gone.push(stored.entity.id);
      continue;
    }
    const left = stored.statements === undefined ? { entity: stored.entity, statements: undefined } : statementsWithout(stored.statements, id);
    kept.push({ id: stored.entity.id, datasets: holders, statements: encodeStatements(left.statements), before: stored.entity, after: left.entity ?? stored.entity });
  }

  const relationships = await run(HELD_RELATIONSHIPS, { id });
  const leaving = relationships.filter((record) => holdersWithout(record.get('datasets'), id).length === 0);
  const staying = relationships.filter((record) => holdersWithout(record.get('datasets'), id).length > 0);
  const dangling = await run(POINTING_AT, { gone, leaving: leaving.map((record) => record.get('element')) });
  if (dangling.length > 0) {
    throw new ConflictError(`dataset version ${id} was not removed: rows of other versions point at entities only it states`, dangling.map((record) => danglingProblem(record.get('id'), record.get('type'), record.get('source'), record.get('target'), record.get('holders'), id)));
  }

  const flags = await run(HELD_FLAGS, { id });
  const flagsLeaving = flags.filter((record) => holdersWithout(record.get('datasets'), id).length === 0 && !keptFlags.has(record.get('key')));
  const flagsStaying = flags.filter((record) => !flagsLeaving.includes(record));

  await run(DELETE_RELATIONSHIPS, { elements: leaving.map((record) => record.get('element')) });
  await run(RESTAMP_RELATIONSHIPS, { rows: staying.map((record) => ({ element: record.get('element'), datasets: holdersWithout(record.get('datasets'), id) })) });
  await run(DELETE_FLAGS, { elements: flagsLeaving.map((record) => record.get('element')) });
  await run(RESTAMP_FLAGS, { rows: flagsStaying.map((record) => ({ element: record.get('element'), datasets: holdersWithout(record.get('datasets'), id) })) });
  await run(DELETE_ENTITIES, { ids: gone });
  const changes: FieldChange[] = [];
  for (const kind of ENTITY_KINDS) {
    const changed = kept.filter((entry) => entry.after.kind === kind && fieldChanges(entry.before, entry.after).length > 0);
    for (const entry of changed) changes.push(...fieldChanges(entry.before, entry.after));
    if (changed.length > 0) await run(entityStatement(kind, 'merge'), { rows: changed.map((entry) => entityRow(entry.after)) });
  }
  await run(RESTAMP_ENTITIES, { rows: kept.map(({ id: entityId, datasets, statements }) => ({ id: entityId, datasets, statements })) });
  await run(DELETE_VERSION, { id });
  return {
    version,
    removed: {
      entities: gone.length,
      relationships: leaving.filter((record) => !record.get('listing')).length,
      listings: leaving.filter((record) => record.get('listing')).length,
      jurisdictions: flagsLeaving.length,
    },
    changes,
  };
}

function danglingProblem(entityId: string, type: string, source: string, target: string, allHolders: string[], removedId: string): Problem {
  const holders = holdersWithout(allHolders, removedId);
  const by = holders.length === 0 ? 'a load made before versions were recorded' : holders.join(', ');
  return type === LISTED_ON
    ? { field: `listings.${entityId}`, message: `the ${target} listing of ${by} is of '${entityId}', which only ${removedId} states` }
    : { field: `relationships.${source}.${target}`, message: `the ${type} relationship ${source} → ${target} of ${by} points at '${entityId}', which only ${removedId} states` };
}
