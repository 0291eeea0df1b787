// The dataset versions a store was built from, in load order: adds a version (refusing changes to
// entities other versions state unless the caller gave a mode), removes one with the rows only it
// held, and at start restores the versions kept in the data folder. The one writer of its store.
import { InvalidInputError, NotFoundError, ConflictError, type Problem } from '../domain/errors.ts';
import type { Dataset, Entity } from '../domain/schema.ts';
import { datasetCounts, datasetDigest, matchesRecordedDigest } from '../audit/audit-log.ts';
import { readReference, withReferenceJurisdictions, type Reference } from '../load/load-datasets.ts';
import { problemAt, type RawCollections, type RawRow } from '../load/raw-rows.ts';
import { collectionsFromJson } from '../load/read-source.ts';
import { validateDataset, type KnownEntities } from '../load/validate-dataset.ts';
import type { GraphStore, LoadSummary } from '../store/graph-store.ts';
import type { CompactState } from '../store/compact/compact-graph-view.ts';
import { versionId, type DatasetVersion, type LoadMode, type RowCounts } from './dataset-version.ts';
import { entityAfter, fieldChanges, type FieldChange } from './entity-changes.ts';
import { effectiveDataset, type VersionRows } from './fold-versions.ts';
import { rowsAsGiven, rowsInView, type HeldRows } from './held-rows.ts';
import { listingKey } from '../domain/record-identity.ts';
import type { VersionFolder } from './version-folder.ts';
import type { VersionCatalog } from './version-catalog.ts';

export const DEFAULT_VERSION_NAME = 'upload';

export interface AddRequest {
  /** The dataset's name; each accepted load of a name is its next version. */
  name?: string;
  mode?: LoadMode;
  who: string;
  via: DatasetVersion['via'];
  raw: RawCollections;
  /** Problems found while reading `raw` (a CSV file's), reported with validation's. */
  readProblems?: readonly Problem[];
}

export interface AddResult {
  version: DatasetVersion;
  /** Fields of stored entities this version changed (with a mode), entity by entity. */
  changes: FieldChange[];
}

export interface RemoveResult {
  version: DatasetVersion;
  /** Rows gone from the store: those no other version states. */
  removed: RowCounts;
  /** Entities other versions still state whose fields are now as those versions say. */
  changes: FieldChange[];
}

export interface StartReport {
  restored: DatasetVersion[];
  /** Version files not loaded, each with why (damaged, or no longer valid over what precedes it). */
  skipped: { file: string; reason: string }[];
  /** Temporary files of uploads a crash interrupted, removed. */
  leftovers: string[];
}

/** The `--data` paths a server starts from: a version read again at each start, never persisted. */
export interface BaseVersion {
  name: string;
  who: string;
  /** When its files last changed: read again at each start, the version is as old as they are. */
  at: string;
  dataset: Dataset;
  /**
   * The same rows already built as a compact state (a snapshot): the store takes it as it is
   * when no kept version has to be applied over it, and `dataset` is only read when needed.
   */
  state?: CompactState;
  /** The digest recorded for the version instead of `dataset`'s (a snapshot's checksum), so `dataset` is not read at start. */
  sha256?: string;
  counts?: RowCounts;
}

interface Entry {
  id: string;
  mode?: LoadMode;
  rows: HeldRows;
  manifest: DatasetVersion;
  /** The version's file in the data folder, when it was persisted. */
  file?: string;
}

/** An embedded store can be rebuilt whole from the versions; Neo4j cannot (it is the record). */
type ReplaceableStore = GraphStore & { replace(dataset: Dataset): Promise<LoadSummary> };

/**
 * One per store. Operations run one at a time, so a conflict check and the write it allows see
 * the same state. With a `folder` every accepted upload is written there before the store changes.
 *
 * @example const catalog = new DatasetCatalog(store, { folder: new VersionFolder(dataFolder()) }); await catalog.start(base);
 */
export class DatasetCatalog implements VersionCatalog {
  private entries: Entry[] = [];
  private started = false;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly reference: Reference;
  private readonly folder: VersionFolder | undefined;

  constructor(
    readonly store: GraphStore,
    options: { folder?: VersionFolder; reference?: Reference } = {},
  ) {
    this.folder = options.folder;
    this.reference = options.reference ?? readReference();
  }

  /** The versions, in load order. */
  versions(): DatasetVersion[] {
    return this.entries.map((entry) => entry.manifest);
  }

  /** What each version states about one entity, side by side, in load order. */
  statementsAbout(entityId: string): { version: DatasetVersion; entity: Entity }[] {
    return this.entries.flatMap((entry) => {
      const entity = entry.rows.entity(entityId);
      return entity === undefined ? [] : [{ version: entry.manifest, entity }];
    });
  }

  /**
   * Builds the store from `base` (the `--data` paths) and every version in the data folder, in
   * load order. A version file that is damaged, or whose rows no longer hold over what precedes
   * it, is skipped and reported; nothing of it is loaded.
   */
  start(base?: BaseVersion): Promise<StartReport> {
    return this.serialized(async () => {
      this.started = true;
      const entries: Entry[] = [];
      if (base !== undefined) entries.push(this.baseEntry(base));
      const report: StartReport = { restored: [], skipped: [], leftovers: [] };
      if (this.folder !== undefined) {
        const contents = await this.folder.readAll();
        report.leftovers = contents.leftovers;
        report.skipped.push(...contents.damaged);
        const known = new Map<string, Entity>();
        const knowEntitiesOf = (entry: Entry) => {
          for (const entity of entry.rows.dataset().entities) {
            const stored = known.get(entity.id);
            known.set(entity.id, stored === undefined ? entity : entityAfter(stored, entity, entry.mode));
          }
        };
        if (contents.versions.length > 0) entries.forEach(knowEntitiesOf);
        for (const stored of contents.versions) {
          const read = this.rowsOf(stored.content, `${this.folder.directory}/${stored.file}`, (id) => known.get(id));
          const reason = !read.ok
            ? `${read.problems.length} problem(s), the first: ${read.problems[0]!.message}`
            : !matchesRecordedDigest(read.dataset, stored.manifest.sha256)
              ? 'its rows do not give the digest recorded when it was accepted'
              : entries.some((entry) => entry.manifest.id === stored.manifest.id)
                ? `its id ${stored.manifest.id} is already taken`
                : undefined;
          if (reason !== undefined || !read.ok) {
            report.skipped.push({ file: `${this.folder.directory}/${stored.file}`, reason: reason! });
            continue;
          }
          const entry: Entry = { id: stored.manifest.id, ...(stored.manifest.mode ? { mode: stored.manifest.mode } : {}), rows: rowsAsGiven(read.dataset), manifest: stored.manifest, file: stored.file };
          entries.push(entry);
          knowEntitiesOf(entry);
          report.restored.push(stored.manifest);
        }
      }
      const loadState = (this.store as { loadState?: (state: CompactState) => Promise<LoadSummary> }).loadState;
      const [first] = entries;
      if (base !== undefined && first !== undefined && (isReplaceable(this.store) || (base.state !== undefined && loadState !== undefined))) {
        // The base version alone is what the store serves until something else is loaded: its
        // rows are held in that index (a snapshot's state is taken as written). With restored
        // versions too, it keeps an index of its own and the store is built from every version.
        if (base.state !== undefined && loadState !== undefined) await loadState.call(this.store, base.state);
        else await this.store.replace!(effectiveDataset([versionRows(first)], this.reference));
        first.rows = rowsInView(await this.store.view());
        if (entries.length > 1) await this.store.replace!(effectiveDataset(entries.map(versionRows), this.reference));
      } else if (isReplaceable(this.store)) {
        await this.store.replace(effectiveDataset(entries.map(versionRows), this.reference));
      } else {
        for (const entry of entries) await this.store.load(withReferenceJurisdictions(entry.rows.dataset(), this.reference));
      }
      this.entries = entries;
      return report;
    });
  }

  /**
   * Validates `raw` against the stored graph (its rows may point at stored entities), refuses it
   * with every conflict when it would change a stored entity without a `mode`, persists it, then
   * changes the store. All or nothing: on any refusal or failure the store and folder are as they were.
   */
  add(request: AddRequest): Promise<AddResult> {
    return this.serialized(async () => {
      await this.adoptStoreContents();
      const view = await this.store.view();
      const known: KnownEntities = (id) => view.entity(id);
      const validated = validOrRefused(validateDataset(request.raw, this.reference.lists, known), request.readProblems, 'the dataset was not loaded');

      // What is kept is what a restart reads back, so the store is the same before and after one.
      const content = storedForm(validated);
      const reread = this.rowsOf(content, 'the accepted dataset', known);
      if (!reread.ok) throw new Error(`an accepted dataset does not read back: ${reread.problems[0]?.message}`);
      const dataset = reread.dataset;

      const rowOf = new Map(request.raw.entities.map((row) => [String(row.values.id ?? '').trim(), row] as const));
      const changes: FieldChange[] = [];
      const conflicts: Problem[] = [];
      const entitiesAfter: Entity[] = [];
      let changed = 0;
      for (const entity of dataset.entities) {
        const stored = view.entity(entity.id);
        if (stored === undefined) {
          entitiesAfter.push(entity);
          continue;
        }
        const after = entityAfter(stored, entity, request.mode);
        const fields = fieldChanges(stored, after);
        if (fields.length > 0) changed += 1;
        for (const change of fields) {
          changes.push(change);
          if (request.mode === undefined) conflicts.push(conflictProblem(rowOf.get(entity.id), change, this.statedBy(entity.id)));
        }
        entitiesAfter.push(after);
      }
      if (conflicts.length > 0) {
        throw new ConflictError('the dataset was not loaded: it would change entities already stored; send mode "merge" to update the fields it gives, or "replace" to replace those entities whole', conflicts);
      }

      const name = request.name ?? DEFAULT_VERSION_NAME;
      const version = 1 + Math.max(0, ...this.entries.filter((entry) => entry.manifest.name === name).map((entry) => entry.manifest.version));
      const seq = 1 + Math.max(0, ...this.entries.map((entry) => entry.manifest.seq));
      const entry = this.entryOf(dataset, { name, version, seq, who: request.who, via: request.via, persisted: this.folder !== undefined, changed, mode: request.mode });
      if (this.folder !== undefined) entry.file = await this.folder.write(entry.manifest, content);
      try {
        if (isReplaceable(this.store)) await this.store.replace(effectiveDataset([...this.entries, entry].map(versionRows), this.reference));
        else await this.store.load(withReferenceJurisdictions({ ...dataset, entities: entitiesAfter }, this.reference));
      } catch (error) {
        if (entry.file !== undefined) await this.folder!.remove(entry.file);
        throw error;
      }
      this.entries.push(entry);
      return { version: entry.manifest, changes };
    });
  }

  /** Validates `request.raw` over the stored entities, as `add` does, and loads nothing. */
  check(request: Pick<AddRequest, 'raw' | 'readProblems'>): Promise<RowCounts> {
    // Serialized: a check waits for a load under way, so it validates over what that load leaves. It adopts nothing: a check changes nothing, the version list included.
    return this.serialized(async () => {
      const view = await this.store.view();
      return datasetCounts(validOrRefused(validateDataset(request.raw, this.reference.lists, (id) => view.entity(id)), request.readProblems, 'the dataset was checked, nothing loaded'));
    });
  }

  /**
   * Removes one version: the rows no other version states leave the store, and entities it had
   * changed are as the remaining versions say. Refused when rows of other versions point at an
   * entity only it states.
   */
  remove(id: string): Promise<RemoveResult> {
    return this.serialized(async () => {
      await this.adoptStoreContents();
      const index = this.entries.findIndex((entry) => entry.manifest.id === id);
      if (index < 0) throw new NotFoundError('dataset version', id);
      const entry = this.entries[index]!;
      if (!isReplaceable(this.store)) {
        throw new ConflictError(`dataset version ${id} was not removed`, [{ field: 'id', message: 'removing a dataset version needs the embedded store; on Neo4j, the database is the record' }]);
      }
      if (!entry.manifest.persisted) {
        throw new ConflictError(`dataset version ${id} was not removed`, [{ field: 'id', message: `${id} is read from the server's --data paths at every start; restart the server without that path instead` }]);
      }
      const rows = this.entries.map(versionRows);
      const remaining = this.entries.filter((_, each) => each !== index);
      const before = effectiveDataset(rows, this.reference);
      const after = effectiveDataset(rows.filter((_, each) => each !== index), this.reference);
      const dangling = danglingRows(after, remaining, id);
      if (dangling.length > 0) throw new ConflictError(`dataset version ${id} was not removed: rows of other versions point at entities only it states`, dangling);
      await this.store.replace(after);
      try {
        if (entry.file !== undefined) await this.folder!.remove(entry.file);
      } catch (error) {
        await this.store.replace(before);
        throw error;
      }
      this.entries = remaining;
      const afterById = new Map(after.entities.map((entity) => [entity.id, entity]));
      return {
        version: entry.manifest,
        removed: {
          entities: before.entities.length - after.entities.length,
          relationships: before.relationships.length - after.relationships.length,
          listings: before.listings.length - after.listings.length,
          jurisdictions: before.jurisdictions.length - after.jurisdictions.length,
        },
        changes: before.entities.flatMap((entity) => {
          const now = afterById.get(entity.id);
          return now === undefined ? [] : fieldChanges(entity, now);
        }),
      };
    });
  }

  /** The ids of the versions that state an entity. */
  private statedBy(entityId: string): string[] {
    return this.entries.filter((entry) => entry.rows.entity(entityId) !== undefined).map((entry) => entry.manifest.id);
  }

  /**
   * A store loaded before its catalog existed (an in-process app over a filled store) is taken
   * as one version, so that rebuilding the store from its versions keeps those rows.
   */
  private async adoptStoreContents(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (!isReplaceable(this.store)) return;
    const view = await this.store.view();
    if (view.entityCount() === 0 && view.relationshipCount() === 0) return;
    const dataset: Dataset = {
      entities: [...view.entities()],
      relationships: [...view.relationships()],
      listings: [...view.listings()],
      jurisdictions: [...view.jurisdictions()],
      lists: [...view.lists()],
    };
    this.entries.push(this.entryOf(dataset, { name: 'preloaded', version: 1, seq: 0, who: 'unknown', via: 'serve', persisted: false, changed: 0 }));
  }

  /** The `--data` version; from a snapshot, its rows are materialised only when something reads them. */
  private baseEntry(base: BaseVersion): Entry {
    const fields = { name: base.name, version: 1, seq: 0, who: base.who, via: 'serve', persisted: false, changed: 0 } as const;
    if (base.sha256 === undefined || base.counts === undefined) return this.entryOf(base.dataset, fields, base.at);
    const manifest: DatasetVersion = { id: versionId(fields.name, fields.version), ...fields, at: base.at, sha256: base.sha256, counts: base.counts };
    // Until the store holds them, the rows are read from the snapshot only when something asks.
    return { id: manifest.id, manifest, rows: { dataset: () => base.dataset, entity: (id) => base.dataset.entities.find((each) => each.id === id) } };
  }

  private entryOf(dataset: Dataset, fields: Omit<DatasetVersion, 'id' | 'at' | 'sha256' | 'counts'>, at = new Date().toISOString()): Entry {
    const manifest: DatasetVersion = {
      id: versionId(fields.name, fields.version),
      ...fields,
      at,
      sha256: datasetDigest(dataset),
      counts: datasetCounts(dataset),
    };
    if (manifest.mode === undefined) delete manifest.mode;
    return { id: manifest.id, ...(manifest.mode ? { mode: manifest.mode } : {}), rows: rowsAsGiven(dataset), manifest };
  }

  /** Rows in the stored JSON shape, validated over the entities `known` before them. */
  private rowsOf(content: unknown, file: string, known: KnownEntities): { ok: true; dataset: Dataset } | { ok: false; problems: Problem[] } {
    const read = collectionsFromJson(content, file);
    const validated = validateDataset(read.collections, this.reference.lists, known);
    if (read.problems.length > 0) return { ok: false, problems: read.problems };
    return validated;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** A version's rows for folding (fold-versions.ts). */
function versionRows(entry: Entry): VersionRows {
  return { id: entry.id, ...(entry.mode ? { mode: entry.mode } : {}), dataset: entry.rows.dataset() };
}

function isReplaceable(store: GraphStore): store is ReplaceableStore {
  return typeof (store as Partial<ReplaceableStore>).replace === 'function';
}

/**
 * A validated dataset as it is kept: the JSON dataset shape, relationships without their
 * content-derived ids (validation gives them again).
 */
export function storedForm(dataset: Dataset): object {
  return {
    entities: dataset.entities,
    relationships: dataset.relationships.map(({ id: _id, ...fields }) => fields),
    listings: dataset.listings,
    jurisdictions: dataset.jurisdictions,
  };
}

/** A conflict where the upload's row states it (file, line, field), naming the versions that state the stored entity. */
export function conflictProblem(row: RawRow | undefined, change: FieldChange, statedBy: readonly string[]): Problem {
  const shown = (value: FieldChange['from']) => (value === undefined ? 'nothing' : JSON.stringify(value));
  const by = statedBy.length === 0 ? '' : ` (stated by ${statedBy.join(', ')})`;
  const message = `entity '${change.entity}' is stored with ${change.field} ${shown(change.from)}${by}; this dataset gives ${shown(change.to)}`;
  return row === undefined ? { field: `entities.${change.entity}.${change.field}`, message } : problemAt(row, change.field, message);
}

/** Rows of the remaining versions whose entities would be gone without the removed one. */
function danglingRows(after: Dataset, remaining: readonly Entry[], removedId: string): Problem[] {
  const ids = new Set(after.entities.map((entity) => entity.id));
  const holders = (has: (dataset: Dataset) => boolean) => remaining.filter((entry) => has(entry.rows.dataset())).map((entry) => entry.manifest.id).join(', ');
  const problems: Problem[] = [];
  for (const relationship of after.relationships) {
    for (const field of ['source', 'target', 'stated_end_user'] as const) {
      const id = relationship[field];
      if (id === undefined || ids.has(id)) continue;
      problems.push({
        field: `relationships.${relationship.id}.${field}`,
        message: `the ${relationship.type} relationship ${relationship.source} → ${relationship.target} of ${holders((dataset) => dataset.relationships.some((each) => each.id === relationship.id))} points at '${id}', which only ${removedId} states`,
      });
    }
  }
  for (const listing of after.listings) {
    if (ids.has(listing.entity_id)) continue;
    const key = listingKey(listing);
    problems.push({
      field: `listings.${listing.entity_id}`,
      message: `the ${listing.list} listing of ${holders((dataset) => dataset.listings.some((each) => listingKey(each) === key))} is of '${listing.entity_id}', which only ${removedId} states`,
    });
  }
  return problems;
}




const catalogs = new WeakMap<GraphStore, DatasetCatalog>();

/**
 * The catalog of a store that was given none (an in-process app over a store filled beforehand):
 * one per store, in memory only, adopting what the store holds on its first write.
 */
export function catalogOfStore(store: GraphStore): DatasetCatalog {
  let catalog = catalogs.get(store);
  if (catalog === undefined) {
    catalog = new DatasetCatalog(store);
    catalogs.set(store, catalog);
  }
  return catalog;
}

/** The validated dataset, or InvalidInputError with the reading problems and validation's, in that order. */
export function validOrRefused(validated: ReturnType<typeof validateDataset>, readProblems: readonly Problem[] | undefined, refusal: string): Dataset {
  const problems: Problem[] = [...(readProblems ?? [])];
  if (!validated.ok) for (const problem of validated.problems) problems.push(problem);
  if (problems.length > 0 || !validated.ok) throw new InvalidInputError(refusal, problems);
  return validated.dataset;
}
