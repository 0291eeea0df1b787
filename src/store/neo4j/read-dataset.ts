// Reads everything enduse stored in Neo4j back as a Dataset, in one read transaction (so a
// consistent snapshot, routed to a follower on a cluster), for the in-memory view.
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { Dataset, Entity, JurisdictionFlagPeriod, ListDefinition, Listing, Relationship } from '../../domain/schema.ts';
import { DATASETS_PROPERTY, ENTITY_LABEL, ENTITY_RELATIONSHIP_TYPES, JURISDICTION_FLAG_LABEL, LISTED_ON, LIST_LABEL } from './graph-names.ts';
import type { Neo4jSettings } from './neo4j-connection.ts';

// Ordered by id so that two reads of the same graph give the same view.
const READS = {
  lists: `MATCH (l:${LIST_LABEL}) RETURN properties(l) AS properties ORDER BY l.code`,
  entities: `MATCH (e:${ENTITY_LABEL}) RETURN properties(e) AS properties ORDER BY e.id`,
  relationships: [
    `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) WHERE type(r) IN $types`,
    'RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS properties ORDER BY r.id',
  ].join(' '),
  listings: `MATCH (e:${ENTITY_LABEL})-[r:${LISTED_ON}]->(l:${LIST_LABEL}) RETURN e.id AS entity, l.code AS list, properties(r) AS properties ORDER BY e.id, r.id`,
  jurisdictions: `MATCH (f:${JURISDICTION_FLAG_LABEL}) RETURN properties(f) AS properties ORDER BY f.code, f.id`,
};

/**
 * The whole stored graph as a Dataset.
 * @example const dataset = await readDataset(driver, { uri }); dataset.entities.length
 */
export async function readDataset(driver: Driver, settings: Neo4jSettings): Promise<Dataset> {
  const session = driver.session({ database: settings.database, defaultAccessMode: 'READ' });
  try {
    return await session.executeRead(async (tx) => ({
      lists: (await rows(tx, READS.lists)).map((row) => row.properties as ListDefinition),
      entities: (await rows(tx, READS.entities)).map((row) => asEntity(row.properties as Record<string, unknown>)),
      relationships: (await rows(tx, READS.relationships, { types: ENTITY_RELATIONSHIP_TYPES })).map(
        (row) => ({ ...withoutNulls(row.properties as Record<string, unknown>), source: row.source, target: row.target, type: row.type }) as Relationship,
      ),
      listings: (await rows(tx, READS.listings)).map((row) => {
        const { id: _id, ...period } = row.properties as Record<string, unknown>;
        return { entity_id: row.entity, list: row.list, ...period } as Listing;
      }),
      jurisdictions: (await rows(tx, READS.jurisdictions)).map((row) => {
        const { id: _id, ...period } = row.properties as Record<string, unknown>;
        return period as JurisdictionFlagPeriod;
      }),
    }));
  } finally {
    await session.close();
  }
}

async function rows(tx: ManagedTransaction, query: string, parameters: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const result = await tx.run(query, parameters);
  return result.records.map((record) => record.toObject());
}

/** An entity node's properties as the entity the files state (without its provenance). */
export function asEntity(properties: Record<string, unknown>): Entity {
  return { ...withoutNulls(properties), aliases: (properties.aliases as string[] | undefined) ?? [] } as Entity;
}

// Provenance is not a field of the row: analysis and answers see the rows as the files state them.
function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => value !== null && value !== undefined && key !== DATASETS_PROPERTY));
}
