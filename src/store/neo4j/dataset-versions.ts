// Dataset versions in Neo4j, the record of what was loaded: a (:DatasetVersion) node per accepted
// load, and on each entity and relationship the ids of the versions that state it. Also reads the
// stored entities a load restates, so that a change to them is refused unless asked for.
import type { Driver } from 'neo4j-driver';
import type { Dataset, Entity } from '../../domain/schema.ts';
import type { DatasetVersion } from '../../datasets/dataset-version.ts';
import { DATASET_VERSION_LABEL, DATASETS_PROPERTY, ENTITY_LABEL } from './graph-names.ts';
import type { Neo4jSettings } from './neo4j-connection.ts';

const STAMP_BATCH = 10_000;

// The statements spell the property `datasets` (DATASETS_PROPERTY) literally: only label names are
// spliced into Cypher (tests/reliability/cypher-parameters.test.ts). Adding the version id only
// when absent makes a rerun of the same load add nothing.
export const STORED_ENTITIES_STATEMENT = `UNWIND $ids AS id MATCH (e:${ENTITY_LABEL} {id: id}) RETURN properties(e) AS properties`;
export const VERSIONS_STATEMENT = `MATCH (v:${DATASET_VERSION_LABEL}) RETURN properties(v) AS properties ORDER BY v.seq`;
const STAMP_ENTITIES_STATEMENT = `UNWIND $ids AS id MATCH (e:${ENTITY_LABEL} {id: id}) SET e.datasets = CASE WHEN $version IN coalesce(e.datasets, []) THEN e.datasets ELSE coalesce(e.datasets, []) + $version END`;
// A relationship is found from its source entity (the id index), whatever its type.
const STAMP_RELATIONSHIPS_STATEMENT = `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source})-[r]->(b:${ENTITY_LABEL} {id: row.target}) WHERE r.id = row.id SET r.datasets = CASE WHEN $version IN coalesce(r.datasets, []) THEN r.datasets ELSE coalesce(r.datasets, []) + $version END`;
const VERSION_STATEMENT = `MERGE (v:${DATASET_VERSION_LABEL} {id: $manifest.id}) SET v += $manifest`;

/** The stored entities among `ids`, as the files state them. */
export async function storedEntities(driver: Driver, settings: Neo4jSettings, ids: readonly string[]): Promise<Map<string, Entity>> {
  const found = new Map<string, Entity>();
  for (let start = 0; start < ids.length; start += STAMP_BATCH) {
    const { records } = await driver.executeQuery(STORED_ENTITIES_STATEMENT, { ids: ids.slice(start, start + STAMP_BATCH) }, { database: settings.database });
    for (const record of records) {
      const entity = asEntity(record.get('properties') as Record<string, unknown>);
      found.set(entity.id, entity);
    }
  }
  return found;
}

/** The versions recorded, in load order. */
export async function storedVersions(driver: Driver, settings: Neo4jSettings): Promise<DatasetVersion[]> {
  const { records } = await driver.executeQuery(VERSIONS_STATEMENT, {}, { database: settings.database });
  return records.map((record) => fromNode(record.get('properties') as Record<string, unknown>));
}

/**
 * Records a loaded version: stamps its entities and relationships, then writes its node last, so
 * a version is listed only once every row it states carries its id.
 */
export async function recordVersion(driver: Driver, settings: Neo4jSettings, manifest: DatasetVersion, dataset: Dataset): Promise<void> {
  const options = { database: settings.database };
  const entityIds = dataset.entities.map((entity) => entity.id);
  for (let start = 0; start < entityIds.length; start += STAMP_BATCH) {
    await driver.executeQuery(STAMP_ENTITIES_STATEMENT, { ids: entityIds.slice(start, start + STAMP_BATCH), version: manifest.id }, options);
  }
  const rows = dataset.relationships.map(({ id, source, target }) => ({ id, source, target }));
  for (let start = 0; start < rows.length; start += STAMP_BATCH) {
    await driver.executeQuery(STAMP_RELATIONSHIPS_STATEMENT, { rows: rows.slice(start, start + STAMP_BATCH), version: manifest.id }, options);
  }
  await driver.executeQuery(VERSION_STATEMENT, { manifest: toNode(manifest) }, options);
}

// A node holds no maps: the counts are flattened, and read back into `counts`.
function toNode(manifest: DatasetVersion): Record<string, unknown> {
  const { counts, ...fields } = manifest;
  return { ...fields, ...counts };
}

function fromNode(properties: Record<string, unknown>): DatasetVersion {
  const number = (value: unknown) => (typeof value === 'object' && value !== null && 'toNumber' in value ? (value as { toNumber(): number }).toNumber() : Number(value));
  const { entities, relationships, listings, jurisdictions, version, seq, changed, ...fields } = properties;
  return {
    ...(fields as Omit<DatasetVersion, 'counts' | 'version' | 'seq' | 'changed'>),
    version: number(version),
    seq: number(seq),
    changed: number(changed),
    counts: { entities: number(entities), relationships: number(relationships), listings: number(listings), jurisdictions: number(jurisdictions) },
  };
}

/** An entity node's properties as the entity the files state: without nulls and without its provenance. */
function asEntity(properties: Record<string, unknown>): Entity {
  const fields = Object.fromEntries(Object.entries(properties).filter(([key, value]) => value !== null && value !== undefined && key !== DATASETS_PROPERTY));
  return { ...fields, aliases: (properties.aliases as string[] | undefined) ?? [] } as Entity;
}
