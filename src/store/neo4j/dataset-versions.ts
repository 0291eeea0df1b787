// Dataset versions in Neo4j, the record of what was loaded: a (:DatasetVersion) node per accepted
// load, and on each entity, relationship, listing and flag period the ids of the versions that
// state it (`datasets`); an entity that versions state differently also keeps each statement
// (`statements`, JSON), so that removing one version leaves it as the others say (rows-held.ts).
// Every function takes a Run, so a server's upload or removal can run them in one transaction.
import type { Driver, ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import type { Dataset, Entity, JurisdictionFlagPeriod, Listing, Relationship } from '../../domain/schema.ts';
import { flagPeriodKey, listingKey } from '../../domain/record-identity.ts';
import type { DatasetVersion } from '../../datasets/dataset-version.ts';
import { PRELOADED_VERSION, statementsAfterRestating, type EntityStatement } from '../../datasets/rows-held.ts';
import { DATASET_VERSION_LABEL, DATASETS_PROPERTY, ENTITY_LABEL, JURISDICTION_FLAG_LABEL, LISTED_ON, STATEMENTS_PROPERTY } from './graph-names.ts';
import type { Neo4jSettings } from './neo4j-connection.ts';

const STAMP_BATCH = 10_000;

/** Runs one statement: through the driver (its own transaction) or inside a given transaction. */
export type Run = (statement: string, parameters?: Record<string, unknown>) => Promise<Neo4jRecord[]>;

export function driverRun(driver: Driver, settings: Neo4jSettings): Run {
  return async (statement, parameters = {}) => (await driver.executeQuery(statement, parameters, { database: settings.database })).records;
}

export function transactionRun(tx: ManagedTransaction): Run {
  return async (statement, parameters = {}) => (await tx.run(statement, parameters)).records;
}

// The statements spell the properties `datasets` and `statements` literally: only label names are
// spliced into Cypher (tests/reliability/cypher-parameters.test.ts).
export const STORED_ENTITIES_STATEMENT = `UNWIND $ids AS id MATCH (e:${ENTITY_LABEL} {id: id}) RETURN properties(e) AS properties`;
export const VERSIONS_STATEMENT = `MATCH (v:${DATASET_VERSION_LABEL}) RETURN properties(v) AS properties ORDER BY v.seq`;
const STAMP_ENTITIES_STATEMENT = `UNWIND $rows AS row MATCH (e:${ENTITY_LABEL} {id: row.id}) SET e.datasets = row.datasets, e.statements = row.statements`;
// Adding the version id only when absent makes a rerun of the same load add nothing.
// A relationship is found from its source entity (the id index), whatever its type.
const STAMP_RELATIONSHIPS_STATEMENT = `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.source})-[r]->(b:${ENTITY_LABEL} {id: row.target}) WHERE r.id = row.id SET r.datasets = CASE WHEN $version IN coalesce(r.datasets, []) THEN r.datasets ELSE coalesce(r.datasets, []) + $version END`;
const STAMP_LISTINGS_STATEMENT = `UNWIND $rows AS row MATCH (:${ENTITY_LABEL} {id: row.entity})-[r:${LISTED_ON}]->() WHERE r.id = row.id SET r.datasets = CASE WHEN $version IN coalesce(r.datasets, []) THEN r.datasets ELSE coalesce(r.datasets, []) + $version END`;
const STAMP_FLAGS_STATEMENT = `UNWIND $ids AS id MATCH (f:${JURISDICTION_FLAG_LABEL} {id: id}) SET f.datasets = CASE WHEN $version IN coalesce(f.datasets, []) THEN f.datasets ELSE coalesce(f.datasets, []) + $version END`;
// CREATE, with the uniqueness constraint on the id: two loads that took the same id cannot both be recorded.
const VERSION_STATEMENT = `CREATE (v:${DATASET_VERSION_LABEL}) SET v = $manifest`;

/** A stored entity with the versions that state it and, when they differ, their statements. */
export interface StoredEntity {
  entity: Entity;
  /** Versions stating it, in load order; PRELOADED_VERSION for an entity loaded before versions were recorded. */
  holders: string[];
  statements?: EntityStatement[];
}

/** The stored entities among `ids`. */
export async function storedEntities(run: Run, ids: readonly string[]): Promise<Map<string, StoredEntity>> {
  const found = new Map<string, StoredEntity>();
  for (let start = 0; start < ids.length; start += STAMP_BATCH) {
    for (const record of await run(STORED_ENTITIES_STATEMENT, { ids: ids.slice(start, start + STAMP_BATCH) })) {
      const stored = storedEntityOf(record.get('properties') as Record<string, unknown>);
      found.set(stored.entity.id, stored);
    }
  }
  return found;
}

/** The versions recorded, in load order. */
export async function storedVersions(run: Run): Promise<DatasetVersion[]> {
  return (await run(VERSIONS_STATEMENT)).map((record) => fromNode(record.get('properties') as Record<string, unknown>));
}

/**
 * Records a loaded version: stamps its rows, then writes its node last, so a version is listed
 * only once every row it states carries its id. `statements` are the entities as the version gave
 * them; `stored` what was stored of them before it was written.
 */
export async function recordVersion(run: Run, manifest: DatasetVersion, dataset: Dataset, statements: readonly Entity[], stored: ReadonlyMap<string, StoredEntity>): Promise<void> {
  const stamps = new VersionStamps(run, manifest, stored);
  for (const entity of statements) stamps.entity(entity);
  for (const relationship of dataset.relationships) stamps.relationship(relationship);
  for (const listing of dataset.listings) stamps.listing(listing);
  for (const period of dataset.jurisdictions) stamps.jurisdiction(period);
  await stamps.finish();
}

/**
 * The stamps of a version's rows, added as the rows come and sent in batches of STAMP_BATCH
 * (`drain`), so a load read from files holds a batch, not the dataset; `finish` sends the rest
 * and then writes the version's node.
 */
export class VersionStamps {
  private readonly entities: { id: string; datasets: string[]; statements: string | null }[] = [];
  private readonly relationships: { id: string; source: string; target: string }[] = [];
  private readonly listings: { id: string; entity: string }[] = [];
  private readonly flags: string[] = [];
  private readonly flagsSeen = new Set<string>();

  constructor(
    private readonly run: Run,
    private readonly manifest: DatasetVersion,
    private readonly stored: ReadonlyMap<string, StoredEntity>,
  ) {}

  /** An entity as the version states it. */
  entity(statement: Entity): void {
    this.entities.push(entityStamp(this.manifest, statement, this.stored.get(statement.id)));
  }

  relationship({ id, source, target }: Relationship): void {
    this.relationships.push({ id, source, target });
  }

  listing(listing: Listing): void {
    this.listings.push({ id: listingKey(listing), entity: listing.entity_id });
  }

  jurisdiction(period: JurisdictionFlagPeriod): void {
    const id = flagPeriodKey(period);
    if (!this.flagsSeen.has(id) && this.flagsSeen.add(id)) this.flags.push(id);
  }

  /** Sends the stamps of every kind holding a whole batch. */
  async drain(): Promise<void> {
    await this.send(STAMP_BATCH);
  }

  /** Sends every stamp left, then writes the version's node. */
  async finish(): Promise<void> {
    await this.send(1);
    await this.run(VERSION_STATEMENT, { manifest: toNode(this.manifest) });
  }

  private async send(atLeast: number): Promise<void> {
    const version = this.manifest.id;
    const each = async (rows: unknown[], send: (batch: unknown[]) => Promise<unknown>) => {
      while (rows.length >= atLeast && rows.length > 0) await send(rows.splice(0, STAMP_BATCH));
    };
    await each(this.entities, (rows) => this.run(STAMP_ENTITIES_STATEMENT, { rows }));
    await each(this.relationships, (rows) => this.run(STAMP_RELATIONSHIPS_STATEMENT, { rows, version }));
    await each(this.listings, (rows) => this.run(STAMP_LISTINGS_STATEMENT, { rows, version }));
    await each(this.flags, (ids) => this.run(STAMP_FLAGS_STATEMENT, { ids, version }));
  }
}

// A version's statement of an entity goes on the node only when the statements differ (rows-held.ts).
function entityStamp(manifest: DatasetVersion, statement: Entity, stored: StoredEntity | undefined): { id: string; datasets: string[]; statements: string | null } {
  if (stored === undefined) return { id: statement.id, datasets: [manifest.id], statements: null };
  const restated: EntityStatement = { version: manifest.id, ...(manifest.mode === undefined ? {} : { mode: manifest.mode }), entity: statement };
  const statements = statementsAfterRestating(stored, restated);
  const datasets = stored.holders.includes(manifest.id) ? stored.holders : [...stored.holders, manifest.id];
  return { id: statement.id, datasets, statements: encodeStatements(statements) };
}

export function encodeStatements(statements: readonly EntityStatement[] | undefined): string | null {
  return statements === undefined ? null : JSON.stringify(statements);
}

// A node holds no maps: the counts are flattened, and read back into `counts`.
function toNode(manifest: DatasetVersion): Record<string, unknown> {
  const { counts, ...fields } = manifest;
  return { ...fields, ...counts };
}

export function fromNode(properties: Record<string, unknown>): DatasetVersion {
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

/** An entity node's properties as the entity the files state (without nulls and without its provenance), with its provenance beside it. */
export function storedEntityOf(properties: Record<string, unknown>): StoredEntity {
  const fields = Object.fromEntries(Object.entries(properties).filter(([key, value]) => value !== null && value !== undefined && key !== DATASETS_PROPERTY && key !== STATEMENTS_PROPERTY));
  const entity = { ...fields, aliases: (properties.aliases as string[] | undefined) ?? [] } as Entity;
  const holders = (properties[DATASETS_PROPERTY] as string[] | undefined) ?? [PRELOADED_VERSION];
  const statements = typeof properties[STATEMENTS_PROPERTY] === 'string' ? (JSON.parse(properties[STATEMENTS_PROPERTY]) as EntityStatement[]) : undefined;
  return { entity, holders, ...(statements === undefined ? {} : { statements }) };
}
