// Projects what enduse stored in Neo4j into the compact engine: one read transaction (a
// consistent snapshot, routed to a follower on a cluster) streams list definitions, entities,
// relationships, listings and jurisdiction flag periods straight into the CompactStateBuilder,
// record by record, with no Dataset, Relationship or graphology object on the way. Entities come
// in id order, so two projections of one graph number them alike; relationships come in whatever
// order Neo4j gives, since the builder puts each source's in content order (relationship-order.ts).
import type { Driver, ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import { jurisdictionSchema, listDefinitionSchema, listingSchema, RELATIONSHIP_TYPE_NAMES, type Entity, type EntityKind, type EvidenceGrade, type JurisdictionFlagPeriod, type ListDefinition, type Listing, type RelationshipType, type Sector } from '../../domain/schema.ts';
import type { EdgeInput } from '../compact/compact-graph-builder.ts';
import { CompactStateBuilder } from '../compact/compact-state-builder.ts';
import type { CompactState } from '../compact/compact-graph-view.ts';
import { NodeNumbers } from './node-numbers.ts';
import { PROJECTION } from './read-statements.ts';
import type { Neo4jSettings } from './neo4j-connection.ts';

/** Records pulled per round trip: large batches keep the driver busy decoding, not waiting. */
const FETCH_SIZE = 20_000;

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

  await readLists(tx, builder);
  /** Entity numbers by node id (the relationships name their ends by node id). */
  const byNode = new NodeNumbers(entityCount);
  await each(tx, PROJECTION.entities, {}, (row) => {
    byNode.set(row.get(0) as number, builder.addEntity(entityOf(row, 1)));
    if (++progress.entities % 100_000 === 0) onProgress?.(progress);
  });
  await each(tx, PROJECTION.relationshipsBySource, {}, (row) => {
    const source = byNode.get(row.get(0) as number);
    // An end that is not among the entities read (no id) is not part of the graph enduse wrote.
    if (source === undefined) return;
    const out = row.get(1) as unknown[][];
    // No order needed: a route search reads a source's relationships in content order (goods-edge-order.ts).
    for (const values of out) {
      const target = byNode.get(values[1] as number);
      if (target === undefined) continue;
      builder.addRelationship(edgeOf(values, source, target, builder));
    }
    progress.relationships += out.length;
    if (progress.relationships % 500_000 < out.length) onProgress?.(progress);
  });
  await readListingsAndFlags(tx, builder);
  onProgress?.(progress);
  return builder.build();
}

/** One EdgeInput, refilled for every relationship (the builder copies its fields): no object per relationship. */
const edge: EdgeInput = { source: 0, target: 0, type: 'SUPPLIES' };

/**
 * `edge` filled from a relationship's values ([type, target node, then PROJECTED_RELATIONSHIP_FIELDS]).
 * No id: a relationship's id is derived from its content (record-identity.ts), as the loaders derived
 * the one they stored, so the compact graph derives it when asked and holds no five million strings.
 */
function edgeOf(values: readonly unknown[], source: number, target: number, builder: CompactStateBuilder): EdgeInput {
  const statedEndUser = values[6] as string | null;
  edge.source = source;
  edge.target = target;
  edge.type = values[0] as RelationshipType;
  edge.product = present(values[2] as string | null);
  edge.start = present(values[3] as string | null);
  edge.end = present(values[4] as string | null);
  edge.share = present(values[5] as number | null);
  edge.statedEndUser = statedEndUser === null ? undefined : builder.indexOf(statedEndUser);
  edge.evidence = present(values[7] as EvidenceGrade | null);
  edge.sourceRef = present(values[8] as string | null);
  return edge;
}

function present<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

/** Ids in the order Neo4j's ORDER BY gives strings (UTF-16 code units). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A relationship's values (RELATIONSHIP_FIELDS of read-statements.ts, from index `at`), absent ones undefined; the stated end user by id. */
export function relationshipValues(values: readonly unknown[], at: number): { id: string; product?: string; start?: string; end?: string; share?: number; statedEndUser?: string; evidence?: EvidenceGrade; sourceRef?: string } {
  const value = <T>(offset: number) => (values[at + offset] as T | null) ?? undefined;
  return {
    id: values[at] as string,
    product: value<string>(1),
    start: value<string>(2),
    end: value<string>(3),
    share: value<number>(4),
    statedEndUser: value<string>(5),
    evidence: value<EvidenceGrade>(6),
    sourceRef: value<string>(7),
  };
}

/** List definitions, for listings to name. */
export async function readLists(tx: ManagedTransaction, builder: CompactStateBuilder): Promise<void> {
  await each(tx, PROJECTION.lists, {}, (row) => {
    builder.addList(schemaFields(listDefinitionSchema.shape, row.get(0)) as ListDefinition);
  });
}

/** Every listing and jurisdiction flag period (the entities listed must be in the builder already). */
export async function readListingsAndFlags(tx: ManagedTransaction, builder: CompactStateBuilder): Promise<void> {
  await each(tx, PROJECTION.listings, {}, (row) => {
    builder.addListing({ ...(schemaFields(listingSchema.shape, row.get(2)) as Partial<Listing>), entity_id: row.get(0), list: row.get(1) });
  });
  await each(tx, PROJECTION.jurisdictions, {}, (row) => {
    builder.addJurisdictionFlag(schemaFields(jurisdictionSchema.shape, row.get(0)) as JurisdictionFlagPeriod);
  });
}

/** Entities and relationships stored, from the counts store (no scan): to size the columns once. */
export async function counts(tx: ManagedTransaction): Promise<[number, number]> {
  const entities = await tx.run(PROJECTION.entityCount);
  const relationships = await Promise.all(RELATIONSHIP_TYPE_NAMES.map((type) => tx.run(PROJECTION.relationshipCount(type))));
  const first = (result: { records: Neo4jRecord[] }) => Number(result.records[0]?.get(0) ?? 0);
  return [first(entities), relationships.reduce((sum, result) => sum + first(result), 0)];
}

/** Runs `query` and hands each record to `take` as it arrives, not collecting them. */
export async function each(tx: ManagedTransaction, query: string, parameters: Record<string, unknown>, take: (row: Neo4jRecord) => void): Promise<void> {
  for await (const record of tx.run(query, parameters)) take(record);
}

/**
 * The entity in the columns of ENTITY_FIELDS (read-statements.ts) starting at column `at`, in the field order the
 * file readers give, absent fields left out.
 */
export function entityOf(row: Neo4jRecord, at = 0): Entity {
  const entity: Entity = { id: row.get(at), name: row.get(at + 1), kind: row.get(at + 2) as EntityKind, aliases: (row.get(at + 5) as string[] | null) ?? [] };
  const country = row.get(at + 3) as string | null;
  if (country !== null) entity.country = country;
  const sector = row.get(at + 4) as Sector | null;
  if (sector !== null) entity.sector = sector;
  const address = row.get(at + 6) as string | null;
  if (address !== null) entity.address = address;
  const source = row.get(at + 7) as string | null;
  if (source !== null) entity.source = source;
  const identifiers = row.get(at + 8) as string[] | null;
  if (identifiers !== null) entity.identifiers = identifiers;
  return entity;
}

/** `{ [name]: value }` when the value is present, else nothing: the state carries no nulls. */
export function optional<Name extends string>(name: Name, value: unknown): { [key in Name]?: string } {
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
