// `enduse load --backend neo4j` for CSV folders of any size: the files are read three times, row
// by row, and never held whole (streamCheckedRows):
// 1. checked, without the database: any problem, with its file, line and field, and nothing is
//    written; the rows of each kind are counted and digested as the version records them;
// 2. (entities only) the entities already stored are read, batch by batch: a load that would
//    change one is refused with every change unless a mode allows it;
// 3. written in ordered batches (BatchedWrite), the reading waiting for the writes;
// 4. its rows stamped with the version, then the version's node written (VersionStamps).
// What is held: the entity ids and a 64-bit digest per relationship while reading, each
// entity's element id while writing, the stored entities the dataset restates, and a few batches.
import { createHash, type Hash } from 'node:crypto';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import type { Entity } from '../domain/schema.ts';
import { DIGESTED_COLLECTIONS, digestedRow, type DigestedCollection } from '../audit/audit-log.ts';
import { flagPeriodKey, listingKey } from '../domain/record-identity.ts';
import { readReference, type Reference } from '../load/load-datasets.ts';
import { NeedsReferenceReader, streamCheckedRows, streamableFolders } from '../load/stream-checked-rows.ts';
import { driverRun, VersionStamps, type StoredEntity } from '../store/neo4j/dataset-versions.ts';
import { asStoreError } from '../store/neo4j/neo4j-connection.ts';
import type { Neo4jStore } from '../store/neo4j/neo4j-store.ts';
import type { Neo4jLoadReport, PhaseCounts, WriteOptions } from '../store/neo4j/write-dataset.ts';
import type { DatasetVersion, LoadMode } from './dataset-version.ts';
import type { FieldChange } from './entity-changes.ts';
import { ConflictError } from '../domain/errors.ts';
import { Restatements, nextVersion } from './neo4j-versions.ts';

/** Folders whose every row passed the checks, with what a version records of them. */
export interface CheckedFiles {
  paths: readonly string[];
  reference: Reference;
  /** Rows of each kind the load sends (listings and flag periods once each). */
  totals: PhaseCounts;
  /** Rows the dataset states, as a version counts them. */
  counts: DatasetVersion['counts'];
  /** SHA-256 of the rows as validated, as datasetDigest gives for the same rows read whole. */
  sha256: string;
}

export interface FilesVersionPlan {
  version: DatasetVersion;
  changes: FieldChange[];
  /** What was stored of the entities the files restate, before the load. */
  stored: ReadonlyMap<string, StoredEntity>;
  /** Those entities as they are after it. */
  restated: ReadonlyMap<string, Entity>;
}

/** Entities checked against the database per batch of this many. */
const RESTATE_BATCH = 10_000;

/**
 * Step 1: checks every row of `paths` (CSV folders), throwing InvalidInputError with every
 * problem and its place. Undefined when the files are not folders of CSV files the streaming
 * reader reads (JSON, a carriage return inside a value …): then read them whole (readDatasets).
 */
export async function checkDatasetFiles(paths: readonly string[], reference: Reference = readReference()): Promise<CheckedFiles | undefined> {
  if (!streamableFolders(paths)) return undefined;
  const problems: Problem[] = [];
  const totals: PhaseCounts = { lists: 0, entities: 0, relationships: 0, listings: 0, jurisdictions: 0 };
  const counts = { entities: 0, relationships: 0, listings: 0, jurisdictions: 0 };
  const listingIds = new Set<string>();
  const flagIds = new Set<string>();
  const digest = new RowsDigest();
  try {
    await streamCheckedRows(
      paths,
      reference,
      {
        list: () => void (totals.lists += 1),
        jurisdiction: (period, place) => {
          counts.jurisdictions += 1;
          flagIds.add(flagPeriodKey(period));
          digest.row('jurisdictions', period, place === undefined);
        },
        entity: (entity) => {
          counts.entities += 1;
          digest.row('entities', entity);
        },
        relationship: (relationship) => {
          counts.relationships += 1;
          digest.row('relationships', relationship);
        },
        listing: (listing) => {
          counts.listings += 1;
          listingIds.add(listingKey(listing));
          digest.row('listings', listing);
        },
      },
      problems,
    );
  } catch (error) {
    if (error instanceof NeedsReferenceReader) return undefined;
    throw error;
  }
  if (problems.length > 0) throw new InvalidInputError('the dataset was not loaded', problems);
  Object.assign(totals, { entities: counts.entities, relationships: counts.relationships, listings: listingIds.size, jurisdictions: flagIds.size });
  return { paths, reference, totals, counts, sha256: digest.hex() };
}

/**
 * Step 2: the version the load is recorded as, after reading the stored entities the files
 * restate. Throws ConflictError with every change to a stored entity when no `mode` is given.
 */
export async function planFilesVersion(store: Neo4jStore, files: CheckedFiles, request: { name: string; who: string; mode?: LoadMode }): Promise<FilesVersionPlan> {
  const run = driverRun(store.driver, store.settings);
  const restatements = new Restatements(request);
  const restated = new Map<string, Entity>();
  let batch: Entity[] = [];
  const check = async () => {
    for (const after of await restatements.check(run, batch.splice(0))) if (restatements.stored.has(after.id)) restated.set(after.id, after);
  };
  try {
    await streamCheckedRows(
      files.paths,
      files.reference,
      { ...ignoreRows, entity: (entity) => void batch.push(entity), afterChunk: async () => (batch.length >= RESTATE_BATCH ? check() : undefined) },
      [],
      { entitiesOnly: true },
    );
    await check();
    restatements.refuseConflicts();
    const version = await nextVersion(run, { ...request, via: 'cli' }, { sha256: files.sha256, counts: files.counts }, restatements.changed);
    return { version, changes: restatements.changes, stored: restatements.stored, restated };
  } catch (error) {
    throw error instanceof ConflictError || error instanceof InvalidInputError ? error : asStoreError(error, store.settings);
  }
}

/** Step 3: writes the rows in ordered batches, the stored entities as `plan` restates them. */
export async function writeFiles(store: Neo4jStore, files: CheckedFiles, plan: FilesVersionPlan, options: WriteOptions = {}): Promise<Neo4jLoadReport> {
  return store.loadStreamed(
    files.totals,
    async (write) => {
      const problems: Problem[] = [];
      await streamCheckedRows(
        files.paths,
        files.reference,
        {
          list: (list) => write.list(list),
          jurisdiction: (period) => write.jurisdiction(period),
          entity: (entity) => write.entity(plan.restated.get(entity.id) ?? entity),
          relationship: (relationship) => write.relationship(relationship),
          listing: (listing) => write.listing(listing),
          afterChunk: () => write.drain(),
          // Relationships find their ends by the element ids entity batches return, listings their lists.
          afterCollection: () => write.flush(),
        },
        problems,
      );
      changedMeanwhile(problems);
    },
    options,
  );
}

/** Step 4: stamps the rows with the version, then writes its node (dataset-versions.ts). */
export async function recordFilesVersion(store: Neo4jStore, files: CheckedFiles, plan: FilesVersionPlan): Promise<void> {
  const stamps = new VersionStamps(driverRun(store.driver, store.settings), plan.version, plan.stored);
  const problems: Problem[] = [];
  try {
    await streamCheckedRows(
      files.paths,
      files.reference,
      {
        list: () => undefined,
        jurisdiction: (period) => stamps.jurisdiction(period),
        // The entity as the files state it (its statement), not as the load left it.
        entity: (entity) => stamps.entity(entity),
        relationship: (relationship) => stamps.relationship(relationship),
        listing: (listing) => stamps.listing(listing),
        afterChunk: () => stamps.drain(),
      },
      problems,
    );
    changedMeanwhile(problems);
    await stamps.finish();
  } catch (error) {
    throw error instanceof InvalidInputError ? error : asStoreError(error, store.settings);
  }
}

const ignoreRows = { list: () => undefined, jurisdiction: () => undefined, entity: () => undefined, relationship: () => undefined, listing: () => undefined };

/** A later reading found a problem the check did not: the files changed in between. */
function changedMeanwhile(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new InvalidInputError('the dataset files changed while they were loaded; what was written is whole batches, and loading the files again completes it', [...problems]);
}

/**
 * datasetDigest (audit-log.ts) computed as the rows come: each collection's name, then its rows
 * as JSON, entities, relationships, listings, jurisdictions in that order. The reference flag
 * periods come first in the reading but belong at the head of the jurisdictions.
 */
class RowsDigest {
  private readonly hash: Hash = createHash('sha256');
  private at = -1;
  private readonly referencePeriods: string[] = [];

  row(collection: DigestedCollection, row: object, reference = false): void {
    if (reference) {
      this.referencePeriods.push(digestedRow('jurisdictions', row));
      return;
    }
    this.reach(collection);
    this.hash.update(digestedRow(collection, row));
  }

  hex(): string {
    this.reach('jurisdictions');
    return this.hash.digest('hex');
  }

  // Names every collection up to `collection` (an empty one is named too), the reference periods with theirs.
  private reach(collection: DigestedCollection): void {
    const target = DIGESTED_COLLECTIONS.indexOf(collection);
    while (this.at < target) {
      this.at += 1;
      this.hash.update(DIGESTED_COLLECTIONS[this.at]!);
      if (DIGESTED_COLLECTIONS[this.at] === 'jurisdictions') for (const period of this.referencePeriods) this.hash.update(period);
    }
  }
}

