// Writes a validated dataset into Neo4j in batches: one `UNWIND $rows …` transaction per batch,
// every value a parameter. Rows are merged on ids (or created where nothing can be there yet),
// so each batch is idempotent and a load that stopped half-way is completed by running it again.
import type { Driver, Record as Neo4jRecord } from 'neo4j-driver';
import { ENTITY_KINDS, RELATIONSHIP_TYPE_NAMES, type Dataset, type Entity, type JurisdictionFlagPeriod, type ListDefinition, type Listing, type Relationship } from '../../domain/schema.ts';
import { StoreUnavailableError } from '../../domain/errors.ts';
import { flagPeriodKey, listingKey } from '../../domain/record-identity.ts';
import {
  ENTITY_COUNT_STATEMENT,
  ENTITY_ELEMENTS_STATEMENT,
  JURISDICTION_FLAG_STATEMENT,
  LISTING_STATEMENT,
  LIST_STATEMENT,
  entityRow,
  entityStatement,
  relationshipCountStatement,
  relationshipRow,
  relationshipStatement,
  type WriteMode,
} from './load-statements.ts';
import { asStoreError, messageOf, type Neo4jSettings } from './neo4j-connection.ts';
import { writeBatchesInOrder } from './ordered-batches.ts';

import { DEFAULT_BATCH_SIZE, LOAD_PHASES } from './neo4j-defaults.ts';

export { DEFAULT_BATCH_SIZE, LOAD_PHASES };
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
  /** Rows per transaction (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Called after each committed batch with the rows written so far and in all. */
  onProgress?: (progress: { phase: LoadPhase; written: number; total: number }) => void;
}

/**
 * Batches of one group in flight at once when they are created, or when they merge rows that
 * lock nothing another batch of the load needs (entities: each id once in a dataset): Neo4j runs
 * each transaction on one core, so a second one keeps another core busy while the first commits.
 * Relationship merges go one at a time (see writeDataset).
 */
export const CONCURRENT_CREATE_BATCHES = 2;

/**
 * Writes `dataset` batch by batch (BatchedWrite). On a failure, the batch in flight is rolled
 * back, the batches before it stay, and a StoreUnavailableError says what was and was not written.
 *
 * @example await writeDataset(driver, settings, dataset, { batchSize: 500 })
 */
export async function writeDataset(driver: Driver, settings: Neo4jSettings, dataset: Dataset, options: WriteOptions = {}): Promise<Neo4jLoadReport> {
  const write = new BatchedWrite(driver, settings, datasetRowCounts(dataset), options);
  for (const list of dataset.lists) write.list(list);
  for (const entity of dataset.entities) write.entity(entity);
  await write.flush();
  await write.lookUpEndsOutside(dataset.relationships);
  for (const relationship of dataset.relationships) write.relationship(relationship);
  for (const listing of dataset.listings) write.listing(listing);
  for (const period of dataset.jurisdictions) write.jurisdiction(period);
  await write.flush();
  return write.report();
}

/** The rows of each kind a load of `dataset` sends (listings and flag periods once each). */
export function datasetRowCounts(dataset: Dataset): PhaseCounts {
  return {
    lists: dataset.lists.length,
    entities: dataset.entities.length,
    relationships: dataset.relationships.length,
    listings: new Set(dataset.listings.map(listingKey)).size,
    jurisdictions: new Set(dataset.jurisdictions.map(flagPeriodKey)).size,
  };
}

/** One statement's rows waiting to be written: one kind of row, or one entity kind or relationship type. */
interface PendingGroup {
  phase: LoadPhase;
  items: unknown[];
  /** A row as the statement reads it, made when it is written (a relationship's needs its ends' element ids). */
  toRow: (item: never) => unknown;
  statement: (mode: WriteMode) => string;
  /** Counts what is stored under this group's label or type; absent when the group is always merged. */
  countStatement?: string;
  /** Decided before its first batch; create turns to merge for good when a row exists after all. */
  mode?: WriteMode;
}

/**
 * A load written as its rows come: rows are added one at a time, kept per statement (entities
 * one kind at a time and relationships one type at a time, so that each statement names its
 * label or type, load-statements.ts), and written in batches of `batchSize` when `drain` or
 * `flush` is awaited, so what is held is a few batches, not the dataset. Entities must be flushed
 * before the relationships between them are added (a relationship finds its ends by the element
 * ids their entity batches returned), and list definitions before the listings on them.
 *
 * A kind of row that has nothing stored yet (no entity at all, no relationship of that type:
 * Neo4j's counts store says so without reading) is written with CREATE, which skips looking each
 * row up, two batches at once; should a row exist after all (another load writing the same rows
 * at the same moment), the uniqueness constraint refuses that batch and it is written again with
 * MERGE, as is the rest. Batches commit strictly in order (ordered-batches.ts).
 *
 * @example const write = new BatchedWrite(driver, settings, totals); write.entity(entity); await write.flush(); write.report()
 */
export class BatchedWrite {
  // Filled as entity batches commit, read by the relationships: entity id → element id.
  private readonly elements = new Map<string, string>();
  private readonly groups = new Map<string, PendingGroup>();
  private readonly written = countsOf(() => 0);
  private readonly created = countsOf(() => 0);
  private batches = 0;
  // Counted once, before the first group it answers for is written: all entity kinds share one count.
  private readonly storedBefore = new Map<string, Promise<number>>();
  // Listings and flag periods are sent once each, by their derived ids.
  private readonly sent = new Set<string>();
  private readonly batchSize: number;

  /** `totals`: the rows of each kind the whole load sends (for progress and the interruption's message). */
  constructor(
    private readonly driver: Driver,
    private readonly settings: Neo4jSettings,
    private readonly totals: PhaseCounts,
    private readonly options: WriteOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    // In LOAD_PHASES order: flush writes the groups in this order.
    this.groups.set('lists', { phase: 'lists', items: [], toRow: (list: object) => list, statement: () => LIST_STATEMENT });
    for (const kind of ENTITY_KINDS) {
      // Created only into a database without any entity: an id is unique across kinds.
      this.groups.set(`entity:${kind}`, { phase: 'entities', items: [], toRow: entityRow, statement: (mode) => entityStatement(kind, mode), countStatement: ENTITY_COUNT_STATEMENT });
    }
    for (const type of RELATIONSHIP_TYPE_NAMES) {
      this.groups.set(`relationship:${type}`, {
        phase: 'relationships',
        items: [],
        toRow: (relationship: Relationship) => relationshipRow(relationship, this.elements.get(relationship.source) ?? null, this.elements.get(relationship.target) ?? null),
        statement: (mode) => relationshipStatement(type, mode),
        countStatement: relationshipCountStatement(type),
      });
    }
    this.groups.set('listings', { phase: 'listings', items: [], toRow: (row: object) => row, statement: () => LISTING_STATEMENT });
    this.groups.set('jurisdictions', { phase: 'jurisdictions', items: [], toRow: (row: object) => row, statement: () => JURISDICTION_FLAG_STATEMENT });
  }

  list(list: ListDefinition): void {
    this.groups.get('lists')!.items.push(list);
  }

  entity(entity: Entity): void {
    this.groups.get(`entity:${entity.kind}`)!.items.push(entity);
  }

  relationship(relationship: Relationship): void {
    this.groups.get(`relationship:${relationship.type}`)!.items.push(relationship);
  }

  listing(listing: Listing): void {
    const row = listingRow(listing);
    if (!this.sent.has(row.id) && this.sent.add(row.id)) this.groups.get('listings')!.items.push(row);
  }

  jurisdiction(period: JurisdictionFlagPeriod): void {
    const row = { id: flagPeriodKey(period), ...period };
    if (!this.sent.has(row.id) && this.sent.add(row.id)) this.groups.get('jurisdictions')!.items.push(row);
  }

  /**
   * Relationships of a validated dataset have both ends among its entities; one loaded on its own
   * may point at entities stored by an earlier load, whose element ids are looked up here.
   */
  async lookUpEndsOutside(relationships: readonly Relationship[]): Promise<void> {
    try {
      await addElementsOfEndsOutside(async (ids) => (await this.driver.executeQuery(ENTITY_ELEMENTS_STATEMENT, { ids }, { database: this.settings.database })).records, relationships, this.elements);
    } catch (error) {
      throw interrupted(error, this.settings, 'relationships', this.written, this.totals);
    }
  }

  /** Writes the whole batches of every group holding enough for the batches in flight at once; the rest waits. */
  async drain(): Promise<void> {
    const ready = this.batchSize * CONCURRENT_CREATE_BATCHES;
    for (const group of this.groups.values()) {
      if (group.items.length < ready) continue;
      const whole = group.items.length - (group.items.length % this.batchSize);
      await this.write(group, group.items.splice(0, whole));
    }
  }

  /** Writes every row added so far, group by group in LOAD_PHASES order. */
  async flush(): Promise<void> {
    for (const group of this.groups.values()) if (group.items.length > 0) await this.write(group, group.items.splice(0));
  }

  report(): Neo4jLoadReport {
    return { rows: { ...this.totals }, created: { ...this.created }, batches: this.batches };
  }

  private countOnce(statement: string): Promise<number> {
    return this.storedBefore.get(statement) ?? this.storedBefore.set(statement, storedCount(this.driver, this.settings, statement)).get(statement)!;
  }

  private async write(group: PendingGroup, items: unknown[]): Promise<void> {
    const { phase } = group;
    try {
      group.mode ??= group.countStatement !== undefined && (await this.countOnce(group.countStatement)) === 0 ? 'create' : 'merge';
      const toRow = group.toRow as (item: unknown) => unknown;
      let pending = chunks(items, this.batchSize).map((batch) => batch.map(toRow));
      while (pending.length > 0) {
        const mode = group.mode;
        const statement = group.statement(mode);
        const outcome = await writeBatchesInOrder(
          this.driver,
          { database: this.settings.database },
          pending,
          // A merge locks what it looks up until it commits; a later batch holding such a lock
          // while waiting for an earlier batch's commit could wait forever. Entity batches look
          // up disjoint ids (a dataset names each entity once), so they never wait on each
          // other; a relationship merge that creates locks both ends, which batches share
          // (hubs), so those go one at a time.
          mode === 'create' || phase === 'entities' ? CONCURRENT_CREATE_BATCHES : 1,
          async (tx, batch) => {
            const result = await tx.run(statement, { rows: batch });
            return { counters: result.summary.counters.updates(), returned: result.records.map((record) => [record.get('id'), record.get('element')] as const) };
          },
          (batch, { counters, returned }) => {
            for (const [id, element] of returned) this.elements.set(id, element);
            this.created[phase] += phase === 'relationships' || phase === 'listings' ? counters.relationshipsCreated : counters.nodesCreated;
            this.written[phase] += batch.length;
            this.batches += 1;
            this.options.onProgress?.({ phase, written: this.written[phase], total: this.totals[phase] });
          },
        );
        pending = pending.slice(outcome.committed);
        if (outcome.error === undefined) continue;
        if (mode === 'merge' || !isConstraintViolation(outcome.error)) throw outcome.error;
        group.mode = 'merge';
      }
    } catch (error) {
      throw interrupted(error, this.settings, phase, this.written, this.totals);
    }
  }
}

/**
 * Writes `dataset` with `run` inside one transaction the caller holds: every row merged, nothing
 * committed until the caller commits, so a failure anywhere leaves the database as it was. For
 * writes of bounded size (a server's uploads); `enduse load` batches (writeDataset).
 * @example await session.executeWrite((tx) => writeDatasetInTransaction(transactionRun(tx), dataset))
 */
export async function writeDatasetInTransaction(run: (statement: string, parameters: Record<string, unknown>) => Promise<Neo4jRecord[]>, dataset: Dataset): Promise<PhaseCounts> {
  const elements = new Map<string, string>();
  const written = countsOf(() => 0);
  let endsLookedUp = false;
  for (const group of groupsOf(dataset, elements)) {
    if (group.phase === 'relationships' && !endsLookedUp) {
      await addElementsOfEndsOutside((ids) => run(ENTITY_ELEMENTS_STATEMENT, { ids }), dataset.relationships, elements);
      endsLookedUp = true;
    }
    const rows = group.rows();
    if (rows.length === 0) continue;
    for (const record of await run(group.statement('merge'), { rows })) if (record.has('element')) elements.set(record.get('id'), record.get('element'));
    written[group.phase] += rows.length;
  }
  return written;
}

/** One statement's rows: one kind of row, or one entity kind or relationship type. */
interface WriteGroup {
  phase: LoadPhase;
  size: number;
  /** The rows, made when the group's turn comes (a relationship's row needs its ends' element ids). */
  rows: () => object[];
  statement: (mode: WriteMode) => string;
  /** Counts what is stored under this group's label or type; absent when the group is always merged. */
  countStatement?: string;
}

async function storedCount(driver: Driver, settings: Neo4jSettings, statement: string): Promise<number> {
  const { records } = await driver.executeQuery(statement, {}, { database: settings.database });
  return Number(records[0]?.get('stored') ?? 0);
}

/**
 * Relationships of a validated dataset have both ends among its entities; one loaded on its own
 * may point at entities stored by an earlier load, whose element ids are looked up here.
 */
async function addElementsOfEndsOutside(lookUp: (ids: string[]) => Promise<Neo4jRecord[]>, relationships: readonly Relationship[], elements: Map<string, string>): Promise<void> {
  const outside = new Set<string>();
  for (const { source, target } of relationships) {
    if (!elements.has(source)) outside.add(source);
    if (!elements.has(target)) outside.add(target);
  }
  for (const ids of chunks([...outside], 10_000)) {
    for (const record of await lookUp(ids)) elements.set(record.get('id'), record.get('element'));
  }
}

function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
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

// ---- rows: lists of values for the many, the dataset's own objects for the few ----
// The driver sends an undefined value as null (in a map, it leaves the field out), and a null is
// never stored: a missing field is a missing property.

/** A listing as LISTING_STATEMENT reads it: every field of the schema but the two ends (measures, unverified … included), and its derived id. */
function listingRow({ entity_id, list, ...fields }: Listing): { id: string; entity: string; list: string } {
  return { ...fields, id: listingKey({ entity_id, list, ...fields }), entity: entity_id, list };
}

/** The dataset as write groups, in LOAD_PHASES order: list definitions first, since listings point at them. */
function groupsOf(dataset: Dataset, elements: ReadonlyMap<string, string>): WriteGroup[] {
  const entitiesByKind = bucketed(dataset.entities, ENTITY_KINDS, (entity) => entity.kind);
  const relationshipsByType = bucketed(dataset.relationships, RELATIONSHIP_TYPE_NAMES, (relationship) => relationship.type);
  const entities = ENTITY_KINDS.map((kind): WriteGroup => {
    const rows = entitiesByKind.get(kind)!;
    // Created only into a database without any entity: an id is unique across kinds.
    return { phase: 'entities', size: rows.length, rows: () => rows.map(entityRow), statement: (mode) => entityStatement(kind, mode), countStatement: ENTITY_COUNT_STATEMENT };
  });
  const relationships = RELATIONSHIP_TYPE_NAMES.map((type): WriteGroup => {
    const ofType = relationshipsByType.get(type)!;
    return {
      phase: 'relationships',
      size: ofType.length,
      rows: () => ofType.map((relationship) => relationshipRow(relationship, elements.get(relationship.source) ?? null, elements.get(relationship.target) ?? null)),
      statement: (mode) => relationshipStatement(type, mode),
      countStatement: relationshipCountStatement(type),
    };
  });
  const lists = dataset.lists;
  const listings = distinct(dataset.listings.map(listingRow));
  const jurisdictions = distinct(dataset.jurisdictions.map((period) => ({ id: flagPeriodKey(period), ...period })));
  return [
    { phase: 'lists', size: lists.length, rows: () => lists, statement: () => LIST_STATEMENT },
    ...entities.filter((group) => group.size > 0),
    ...relationships.filter((group) => group.size > 0),
    { phase: 'listings', size: listings.length, rows: () => listings, statement: () => LISTING_STATEMENT },
    { phase: 'jurisdictions', size: jurisdictions.length, rows: () => jurisdictions, statement: () => JURISDICTION_FLAG_STATEMENT },
  ];
}

/** `items` split by `keyOf`, in their order, one (possibly empty) bucket per key. */
function bucketed<T, K>(items: readonly T[], keys: readonly K[], keyOf: (item: T) => K): Map<K, T[]> {
  const buckets = new Map(keys.map((key) => [key, [] as T[]]));
  for (const item of items) buckets.get(keyOf(item))!.push(item);
  return buckets;
}

function distinct<T extends { id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && (seen.add(row.id), true));
}
