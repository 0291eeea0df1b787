// Writes a validated dataset into Neo4j in batches: one `UNWIND $rows … MERGE` transaction per
// batch, every value a parameter. Merging on ids makes each batch idempotent, so a load that
// stopped half-way is completed by running it again.
import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Dataset, JurisdictionFlagPeriod, Listing } from '../../domain/schema.ts';
import { StoreUnavailableError } from '../../domain/errors.ts';
import { ENTITY_LABEL, JURISDICTION_FLAG_LABEL, KIND_LABELS, LISTED_ON, LIST_LABEL, kindLabel } from './graph-names.ts';
import { asStoreError, messageOf, type Neo4jSettings } from './neo4j-connection.ts';

/** What is written, in this order: list definitions first, since listings point at them. */
export const LOAD_PHASES = ['lists', 'entities', 'relationships', 'listings', 'jurisdictions'] as const;
export type LoadPhase = (typeof LOAD_PHASES)[number];
export type PhaseCounts = Record<LoadPhase, number>;

export interface Neo4jLoadReport {
  /** Rows of each kind sent to Neo4j. */
  rows: PhaseCounts;
  /** Of those, how many did not exist before (the rest were already present and were updated). */
  created: PhaseCounts;
  batches: number;
}

export interface WriteOptions {
  /** Rows per transaction (default 1000). */
  batchSize?: number;
  /** Called after each committed batch with the rows written so far and in all. */
  onProgress?: (progress: { phase: LoadPhase; written: number; total: number }) => void;
}

export const DEFAULT_BATCH_SIZE = 1000;

// Labels and types come from graph-names.ts (derived from the domain schema); values are parameters.
const QUERIES: Record<LoadPhase, string> = {
  lists: `UNWIND $rows AS row MERGE (l:${LIST_LABEL} {code: row.code}) SET l = row.properties`,
  entities: `UNWIND $rows AS row MERGE (e:${ENTITY_LABEL} {id: row.id}) SET e += row.properties REMOVE e:$($kindLabels) SET e:$(row.label)`,
  relationships: [
    'UNWIND $rows AS row',
    `MATCH (a:${ENTITY_LABEL} {id: row.source}) MATCH (b:${ENTITY_LABEL} {id: row.target})`,
    'MERGE (a)-[r:$(row.type) {id: row.id}]->(b) SET r = row.properties',
  ].join(' '),
  listings: [
    'UNWIND $rows AS row',
    `MATCH (e:${ENTITY_LABEL} {id: row.entity}) MATCH (l:${LIST_LABEL} {code: row.list})`,
    `MERGE (e)-[r:${LISTED_ON} {id: row.id}]->(l) SET r = row.properties`,
  ].join(' '),
  jurisdictions: `UNWIND $rows AS row MERGE (f:${JURISDICTION_FLAG_LABEL} {id: row.id}) SET f = row.properties`,
};

/**
 * Writes `dataset` batch by batch. On a failure, the batch in flight is rolled back, the batches
 * before it stay, and a StoreUnavailableError says what was and was not written.
 *
 * @example await writeDataset(driver, settings, dataset, { batchSize: 500 })
 */
export async function writeDataset(driver: Driver, settings: Neo4jSettings, dataset: Dataset, options: WriteOptions = {}): Promise<Neo4jLoadReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const rowsByPhase = rowsOf(dataset);
  const rows = countsOf((phase) => rowsByPhase[phase].length);
  const written = countsOf(() => 0);
  const created = countsOf(() => 0);
  let batches = 0;
  const session = driver.session({ database: settings.database, defaultAccessMode: 'WRITE' });
  try {
    for (const phase of LOAD_PHASES) {
      const all = rowsByPhase[phase];
      for (let offset = 0; offset < all.length; offset += batchSize) {
        const batch = all.slice(offset, offset + batchSize);
        try {
          const counters = await session.executeWrite(async (tx) => (await tx.run(QUERIES[phase], { rows: batch, kindLabels: KIND_LABELS })).summary.counters.updates());
          created[phase] += phase === 'relationships' || phase === 'listings' ? counters.relationshipsCreated : counters.nodesCreated;
        } catch (error) {
          throw interrupted(error, settings, phase, written, rows);
        }
        written[phase] += batch.length;
        batches += 1;
        options.onProgress?.({ phase, written: written[phase], total: all.length });
      }
    }
  } finally {
    await session.close();
  }
  return { rows, created, batches };
}

function countsOf(value: (phase: LoadPhase) => number): PhaseCounts {
  return Object.fromEntries(LOAD_PHASES.map((phase) => [phase, value(phase)])) as PhaseCounts;
}

/** The error of a load that stopped: what was committed, what was not, and that a rerun completes it. */
function interrupted(error: unknown, settings: Neo4jSettings, phase: LoadPhase, written: PhaseCounts, rows: PhaseCounts): StoreUnavailableError {
  const cause = asStoreError(error, settings);
  const reason = cause instanceof StoreUnavailableError ? cause.message : messageOf(error).split('\n')[0];
  const done = LOAD_PHASES.filter((each) => written[each] > 0).map((each) => `${written[each]} of ${rows[each]} ${each}`);
  const missing = LOAD_PHASES.filter((each) => written[each] < rows[each]).map((each) => `${rows[each] - written[each]} ${each}`);
  return new StoreUnavailableError(
    `the load stopped while writing ${phase} (${reason}); written: ${done.length === 0 ? 'nothing' : done.join(', ')}; not written: ${missing.join(', ')}; ` +
      'every batch is all or nothing and merged on ids, so running the same load again completes it',
    { cause: error },
  );
}

// ---- rows: one per node or relationship, optional fields left out so nothing stores a null ----

function rowsOf(dataset: Dataset): Record<LoadPhase, Record<string, unknown>[]> {
  return {
    lists: dataset.lists.map((list) => ({ code: list.code, properties: defined({ ...list }) })),
    entities: dataset.entities.map((entity) => ({ id: entity.id, label: kindLabel(entity.kind), properties: defined({ ...entity }) })),
    relationships: dataset.relationships.map(({ source, target, type, ...properties }) => ({ id: properties.id, source, target, type, properties: defined(properties) })),
    listings: distinct(dataset.listings.map((listing) => {
      const id = listingId(listing);
      return { id, entity: listing.entity_id, list: listing.list, properties: defined({ id, from: listing.from, to: listing.to, source: listing.source }) };
    })),
    jurisdictions: distinct(dataset.jurisdictions.map((period) => {
      const id = jurisdictionFlagId(period);
      return { id, properties: defined({ id, ...period }) };
    })),
  };
}

/**
 * A listing's id, derived from all its fields: the same listing loaded twice is one relationship.
 * @example listingId({ entity_id: 'ste', list: 'BIS_ENTITY', from: '2011-12-15' }) // 'l-…'
 */
export function listingId(listing: Listing): string {
  return `l-${digest([listing.entity_id, listing.list, listing.from ?? null, listing.to ?? null, listing.source ?? null])}`;
}

/** A jurisdiction flag period's id, derived from all its fields. */
export function jurisdictionFlagId(period: JurisdictionFlagPeriod): string {
  return `j-${digest([period.code, period.flag, period.from ?? null, period.to ?? null, period.source ?? null])}`;
}

function digest(content: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function distinct<T extends { id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && (seen.add(row.id), true));
}
