// Projects what enduse stored in Neo4j into the compact engine: one read transaction (a
// consistent snapshot, routed to a follower on a cluster) streams list definitions, entities,
// relationships, listings and jurisdiction flag periods straight into the CompactStateBuilder,
// record by record, with no Dataset, Relationship or graphology object on the way.
import type { Driver, ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import { jurisdictionSchema, listDefinitionSchema, listingSchema, RELATIONSHIP_TYPE_NAMES, type Entity, type EntityKind, type EvidenceGrade, type JurisdictionFlagPeriod, type ListDefinition, type Listing, type Sector } from '../../domain/schema.ts';
import { CompactStateBuilder } from '../compact/compact-state-builder.ts';
import type { CompactState } from '../compact/compact-graph-view.ts';
import { ENTITY_LABEL, JURISDICTION_FLAG_LABEL, LISTED_ON, LIST_LABEL } from './graph-names.ts';
import type { Neo4jSettings } from './neo4j-connection.ts';

/** Records pulled per round trip: large batches keep the driver busy decoding, not waiting. */
const FETCH_SIZE = 20_000;

// Entities in id order and each type's relationships in id order, both read off the uniqueness
// constraints' indexes (no sort in the database): two projections of one graph number entities
// alike, and a source's relationships come by type, then id, the order the push-down search
// (route-pushdown.ts) reads them in. Values come as lists, not maps: no key is sent per row.
const READS = {
  lists: `MATCH (l:${LIST_LABEL}) RETURN properties(l) ORDER BY l.code`,
  entities: `MATCH (e:${ENTITY_LABEL}) WHERE e.id IS NOT NULL RETURN e.id, e.name, e.kind, e.country, e.sector, e.aliases, e.address, e.source, e.identifiers ORDER BY e.id`,
  relationships: (type: string) =>
    `MATCH (a:${ENTITY_LABEL})-[r:${type}]->(b:${ENTITY_LABEL}) WHERE r.id IS NOT NULL ` +
    'RETURN a.id, b.id, r.product, r.start, r.end, r.share, r.stated_end_user, r.evidence, r.source_ref, r.id ORDER BY r.id',
  listings: `MATCH (e:${ENTITY_LABEL})-[r:${LISTED_ON}]->(l:${LIST_LABEL}) RETURN e.id, l.code, properties(r) ORDER BY e.id, r.id`,
  jurisdictions: `MATCH (f:${JURISDICTION_FLAG_LABEL}) RETURN properties(f) ORDER BY f.code, f.id`,
};

/** Counts as the projection goes, for a progress line. */
export interface ProjectionProgress {
  entities: number;
  relationships: number;
}

/**
 * The stored graph as a compact state, read in one read transaction. A dropped connection
 * fails the whole projection (nothing half-read is returned); a transient failure retries it
 * from the start with a fresh builder.
 *
 * @example const state = await projectCompact(driver, { uri }); state.graph.nodeCount
 */
export async function projectCompact(driver: Driver, settings: Neo4jSettings, onProgress?: (progress: ProjectionProgress) => void): Promise<CompactState> {
  const session = driver.session({ database: settings.database, defaultAccessMode: 'READ', fetchSize: FETCH_SIZE });
  try {
    return await session.executeRead((tx) => readInto(tx, onProgress));
  } finally {
    await session.close();
  }
}

async function readInto(tx: ManagedTransaction, onProgress?: (progress: ProjectionProgress) => void): Promise<CompactState> {
  const [entityCount, relationshipCount] = await counts(tx);
  const builder = new CompactStateBuilder(Math.max(16, relationshipCount), entityCount);
  const progress = { entities: 0, relationships: 0 };

  await each(tx, READS.lists, {}, (row) => {
    builder.addList(schemaFields(listDefinitionSchema.shape, row.get(0)) as ListDefinition);
  });
  await each(tx, READS.entities, {}, (row) => {
    builder.addEntity(entityOf(row));
    if (++progress.entities % 100_000 === 0) onProgress?.(progress);
  });
  for (const type of RELATIONSHIP_TYPE_NAMES) {
    await each(tx, READS.relationships(type), {}, (row) => {
      const source = builder.indexOf(row.get(0));
      const target = builder.indexOf(row.get(1));
      // An end without an id is not an entity enduse wrote: the relationship is not part of the graph.
      if (source === undefined || target === undefined) return;
      const statedEndUser = row.get(6) as string | null;
      builder.addRelationship(
        {
          source,
          target,
          type,
          product: row.get(2) ?? undefined,
          start: row.get(3) ?? undefined,
          end: row.get(4) ?? undefined,
          share: row.get(5) ?? undefined,
          statedEndUser: statedEndUser === null ? undefined : builder.indexOf(statedEndUser),
          evidence: (row.get(7) as EvidenceGrade | null) ?? undefined,
          sourceRef: row.get(8) ?? undefined,
        },
        row.get(9),
      );
      if (++progress.relationships % 500_000 === 0) onProgress?.(progress);
    });
  }
  await each(tx, READS.listings, {}, (row) => {
    builder.addListing({ ...(schemaFields(listingSchema.shape, row.get(2)) as Partial<Listing>), entity_id: row.get(0), list: row.get(1) });
  });
  await each(tx, READS.jurisdictions, {}, (row) => {
    builder.addJurisdictionFlag(schemaFields(jurisdictionSchema.shape, row.get(0)) as JurisdictionFlagPeriod);
  });
  onProgress?.(progress);
  return builder.build();
}

/** Entities and relationships stored, from the counts store (no scan): to size the columns once. */
async function counts(tx: ManagedTransaction): Promise<[number, number]> {
  const entities = await tx.run(`MATCH (e:${ENTITY_LABEL}) RETURN count(e)`);
  const relationships = await Promise.all(RELATIONSHIP_TYPE_NAMES.map((type) => tx.run(`MATCH ()-[r:${type}]->() RETURN count(r)`)));
  const first = (result: { records: Neo4jRecord[] }) => Number(result.records[0]?.get(0) ?? 0);
  return [first(entities), relationships.reduce((sum, result) => sum + first(result), 0)];
}

/** Runs `query` and hands each record to `take` as it arrives, not collecting them. */
async function each(tx: ManagedTransaction, query: string, parameters: Record<string, unknown>, take: (row: Neo4jRecord) => void): Promise<void> {
  for await (const record of tx.run(query, parameters)) take(record);
}

/** An entity in the field order the file readers give, absent fields left out. */
function entityOf(row: Neo4jRecord): Entity {
  const entity: Entity = { id: row.get(0), name: row.get(1), kind: row.get(2) as EntityKind, aliases: (row.get(5) as string[] | null) ?? [] };
  const country = row.get(3) as string | null;
  if (country !== null) entity.country = country;
  const sector = row.get(4) as Sector | null;
  if (sector !== null) entity.sector = sector;
  const address = row.get(6) as string | null;
  if (address !== null) entity.address = address;
  const source = row.get(7) as string | null;
  if (source !== null) entity.source = source;
  const identifiers = row.get(8) as string[] | null;
  if (identifiers !== null) entity.identifiers = identifiers;
  return entity;
}

/** `{ [name]: value }` when the value is present, else nothing: the state carries no nulls. */
function optional<Name extends string>(name: Name, value: unknown): { [key in Name]?: string } {
  return value === null || value === undefined ? {} : ({ [name]: value } as { [key in Name]: string });
}

/**
 * The schema's fields of a stored node's or relationship's properties, absent ones left out: every
 * reference field the writer stores (regime, measures, verified, …) comes back without a column list here.
 */
function schemaFields(shape: Record<string, unknown>, properties: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const value = properties[key];
    if (value !== null && value !== undefined) fields[key] = value;
  }
  return fields;
}
