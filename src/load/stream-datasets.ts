// Loads CSV dataset folders at scale: streams every file, validates as it goes with the same
// rules and messages as readDatasets, and builds the compact index directly. All or nothing:
// it returns a complete new state or throws InvalidInputError with every problem.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import { COLLECTIONS, columnsOf, type CollectionName, type Dataset, type Entity, type JurisdictionFlagPeriod, type Listing, type RelationshipFields } from '../domain/schema.ts';
import { CompactStateBuilder } from '../store/compact/compact-state-builder.ts';
import type { CompactState } from '../store/compact/compact-graph-view.ts';
import { compactStateOf } from '../store/compact/compact-state.ts';
import { DateCache, FAST_ENTITY_COLUMNS, FAST_RELATIONSHIP_COLUMNS, fastEntity, fastRelationship, planColumns, relationshipColumns, type ColumnPlan, type EntityIndex } from './fast-rows.ts';
import { readDatasets, readReference, type Reference } from './load-datasets.ts';
import type { RawRow } from './raw-rows.ts';
import { CSV_FILE_NAMES } from './read-source.ts';
import { appendAll } from '../domain/append-all.ts';
import { EntityLineReader } from './entity-lines.ts';
import { RelationshipLineReader } from './relationship-lines.ts';
import { NeedsReferenceReader, streamCsvFile, type HandOff } from './stream-csv.ts';
import { PARALLEL_READ_MIN_BYTES, secondCoreAvailable, startRelationshipTail, type RunningTail } from './relationship-tail-thread.ts';
import type { StringTable } from '../store/compact/compact-graph.ts';
import { checkListing, checkPeriod, checkRelationship, duplicateEntityProblem, parseRows, type EntityLookup } from './validate-dataset.ts';

export interface LoadProgress {
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}

export interface StreamLoadOptions {
  reference?: Reference;
  /** Called as files are read (about once per megabyte). */
  onProgress?(progress: LoadProgress): void;
  /**
   * Relationships files of at least this many bytes are read half by a worker thread (default
   * PARALLEL_READ_MIN_BYTES, when the machine has a second core; Infinity: never).
   */
  parallelReadMinBytes?: number;
}

/** A loaded state, or, when the data needed the reference reader, the dataset it produced. */
export type StreamLoadResult = { kind: 'compact'; state: CompactState } | { kind: 'dataset'; dataset: Dataset };

/**
 * Reads dataset folders into a compact state. JSON files and files with file-level problems
 * (not UTF-8, unreadable CSV, bad header) go through readDatasets, which reports them exactly.
 *
 * @example const result = await streamDatasets(['/data/big']); // { kind: 'compact', state }
 */
export async function streamDatasets(paths: readonly string[], options: StreamLoadOptions = {}): Promise<StreamLoadResult> {
  const reference = options.reference ?? readReference();
  const referencePath = (): StreamLoadResult => ({ kind: 'dataset', dataset: readDatasets(paths, reference) });
  if (paths.length === 0 || paths.some((path) => !existsSync(path) || !statSync(path).isDirectory())) return referencePath();
  try {
    return { kind: 'compact', state: await streamFolders(paths, reference, options) };
  } catch (error) {
    if (error instanceof NeedsReferenceReader) return referencePath();
    throw error;
  }
}

/**
 * Dataset files as a compact state, the form the loader hands to the store
 * (`CompactStore.loadState`): streamed straight into the columns, or, for files the streaming
 * reader passes on, built from the dataset the reference reader gives. All or nothing.
 *
 * @example await store.loadState(await compactStateFromFiles(['/data/big']));
 */
export async function compactStateFromFiles(paths: readonly string[], options: StreamLoadOptions = {}): Promise<CompactState> {
  const result = await streamDatasets(paths, options);
  return result.kind === 'compact' ? result.state : compactStateOf(result.dataset);
}

async function streamFolders(paths: readonly string[], reference: Reference, options: StreamLoadOptions): Promise<CompactState> {
  const files = (collection: CollectionName) => paths.map((folder) => join(folder, CSV_FILE_NAMES[collection])).filter((file) => existsSync(file));
  if (paths.some((folder) => !existsSync(join(folder, CSV_FILE_NAMES.entities)))) throw new NeedsReferenceReader('entities.csv is missing');
  const bytesTotal = (Object.keys(COLLECTIONS) as CollectionName[]).flatMap(files).reduce((sum, file) => sum + statSync(file).size, 0);
  const progress = { bytesDone: 0, bytesTotal, rows: 0 };
  const problems: Problem[] = [];
  // Sized from the files (about 30 bytes a relationship, 48 an entity at least), so the columns
  // and the id index rarely grow; pages of the slack are never touched, so cost no memory.
  const bytesOf = (collection: CollectionName) => files(collection).reduce((sum, file) => sum + statSync(file).size, 0);
  const expectedEntities = Math.ceil(bytesOf('entities') / 48);
  const state = new CompactStateBuilder(Math.max(1 << 16, Math.ceil(bytesOf('relationships') / 30)), expectedEntities);
  const builder = state.graph;
  // The reference flag periods come first, as readDatasets orders them.
  for (const period of reference.jurisdictions) state.addJurisdictionFlag(period);
  for (const list of reference.lists.values()) state.addList(list);
  // Where each entity was first read, for duplicate problems: a file number and a line per
  // entity in typed arrays, not an object or a JavaScript array slot each.
  const entityFiles = files('entities');
  const firstPlaces = new EntityPlaces(expectedEntities);
  const firstPlace = (at: number) => firstPlaces.at(at, entityFiles);
  const index: EntityIndex = { indexOf: (id) => builder.indexById.get(id), kindAt: (at) => state.kindAt(at) };
  const lookup: EntityLookup = {
    has: (id) => builder.indexById.has(id),
    get: (id) => {
      const at = builder.indexById.get(id);
      return at === undefined ? undefined : [state.entityAt(at)!, { values: {}, place: firstPlace(at) }];
    },
  };
  const dates = new DateCache();

  // Called once per record: no closure is made per record (tsx wraps each in a naming call).
  type Take = (cells: string[], file: string, line: number, header: readonly string[], plan: ColumnPlan) => void;
  /** Takes a line without quotes as it stands (text[start, end)), or returns false to have it split and given to Take. */
  type TakePlain = (text: string, start: number, end: number, file: string, line: number, header: readonly string[], plan: ColumnPlan) => boolean;
  /** `tail`: how a file's second half is read elsewhere, given the file and its header's plan (relationships only). */
  type Tail = (file: string) => { handOff: HandOff; start(header: readonly string[], plan: ColumnPlan): void } | undefined;
  // (handOff.decline also stops a worker whose file failed or finished: a no-op once it answered.)
  const read = async (collection: CollectionName, known: readonly string[], take: Take, takePlain?: TakePlain, tail?: Tail) => {
    for (const file of files(collection)) {
      let header: string[] = [];
      let plan = planColumns([], known);
      const before = progress.bytesDone;
      const elsewhere = tail?.(file);
      const fileProblems = await streamCsvFile(file, columnsOf(COLLECTIONS[collection]), {
        handOff: elsewhere?.handOff,
        header(names) {
          header = names;
          plan = planColumns(names, known);
          elsewhere?.start(header, plan);
        },
        record(cells, line) {
          progress.rows++;
          take(cells, file, line, header, plan);
        },
        plainLine:
          takePlain &&
          ((text, start, end, line) => {
            if (!takePlain(text, start, end, file, line, header, plan)) return false;
            progress.rows++;
            return true;
          }),
        bytes(count) {
          progress.bytesDone = before + count;
          options.onProgress?.(progress);
        },
      }).finally(() => elsewhere?.handOff.decline());
      appendAll(problems, fileProblems);
    }
  };

  const addEntity = (entity: Entity, file: string, line: number) => {
    firstPlaces.add(state.addEntity(entity), entityFiles.indexOf(file), line);
  };
  let entityReader: EntityLineReader | undefined;
  let entityReaderPlan: ColumnPlan | undefined;
  await read(
    'entities',
    FAST_ENTITY_COLUMNS,
    (cells, file, line, header, plan) => {
      const entity = fastEntity(cells, plan) ?? (parseRows([rawRow(header, cells, file, line)], 'entities', problems)[0]?.[0] as Entity | undefined);
      if (entity === undefined) return;
      entity.aliases ??= [];
      const earlier = builder.indexById.get(entity.id);
      if (earlier !== undefined) {
        problems.push(duplicateEntityProblem(rawRow(header, cells, file, line), entity.id, firstPlace(earlier)));
        return;
      }
      addEntity(entity, file, line);
    },
    (text, start, end, file, line, header, plan) => {
      if (plan !== entityReaderPlan) {
        entityReader = new EntityLineReader(plan, header.length);
        entityReaderPlan = plan;
      }
      const entity = entityReader!.read(text, start, end);
      // A duplicate is reported by the split path, which has the row's cells for the problem.
      if (entity === undefined || builder.indexById.has(entity.id)) return false;
      addEntity(entity, file, line);
      return true;
    },
  );

  let columns = relationshipColumns(planColumns([], FAST_RELATIONSHIP_COLUMNS));
  let columnsOfPlan: ColumnPlan | undefined;
  let lineReader: RelationshipLineReader | undefined;
  const relationshipsPlanned = (plan: ColumnPlan, header: readonly string[]) => {
    if (plan !== columnsOfPlan) {
      columns = relationshipColumns(plan);
      columnsOfPlan = plan;
      lineReader = new RelationshipLineReader(columns, header.length, index, builder, dates);
    }
  };
  const takeRelationshipLine: TakePlain = (text, start, end, _file, _line, header, plan) => {
    relationshipsPlanned(plan, header);
    return lineReader!.read(text, start, end, problems.length === 0);
  };
  const parallelMin = options.parallelReadMinBytes ?? (secondCoreAvailable() ? PARALLEL_READ_MIN_BYTES : Infinity);
  // The second half of a large file on a worker thread, merged in when the first half is read.
  const relationshipsTail: Tail = (file) => {
    const size = statSync(file).size;
    const at = size >= parallelMin ? lineStartAfter(file, Math.floor(size / 2)) : undefined;
    if (at === undefined || at >= size) return undefined;
    let running: RunningTail | undefined;
    return {
      start(header, plan) {
        const ids = builder.entities.ids;
        running = startRelationshipTail({
          file,
          from: at,
          to: size,
          columns: relationshipColumns(plan),
          fieldCount: header.length,
          idTable: builder.indexById.sharedTable,
          ids: { bytes: ids.bytes, offsets: ids.offsets, count: ids.count },
          kind: builder.entities.kind,
          entityCount: builder.entityCount,
        });
      },
      handOff: {
        at,
        take: async () => {
          // A worker that failed (it should not) leaves its half to this thread.
          const tail = await running!.result.catch(() => undefined);
          if (tail === undefined) return { resumeAt: at, lines: 0 };
          if (problems.length === 0) {
            const mapped = (values: readonly string[], table: StringTable) => Int32Array.from(values, (value) => table.intern(value));
            builder.appendEdges(tail.columns, tail.count, mapped(tail.products, builder.products), mapped(tail.dates, builder.dates), mapped(tail.texts, builder.texts));
          }
          progress.rows += tail.count;
          return { resumeAt: tail.stoppedAt, lines: tail.lines };
        },
        decline: () => running?.cancel(),
      },
    };
  };
  await read('relationships', FAST_RELATIONSHIP_COLUMNS, (cells, file, line, header, plan) => {
    relationshipsPlanned(plan, header);
    const fast = fastRelationship(cells, columns, index, dates);
    if (fast !== undefined) {
      if (problems.length === 0) state.addRelationship(fast);
      return;
    }
    const raw = rawRow(header, cells, file, line);
    const parsed = parseRows([raw], 'relationships', problems)[0]?.[0] as RelationshipFields | undefined;
    if (parsed === undefined) return;
    const before = problems.length;
    checkRelationship(parsed, raw, lookup, problems);
    if (problems.length > before) return;
    state.addRelationship({
      source: builder.indexById.get(parsed.source)!,
      target: builder.indexById.get(parsed.target)!,
      type: parsed.type,
      product: parsed.product,
      start: parsed.start,
      end: parsed.end,
      share: parsed.share,
      statedEndUser: parsed.stated_end_user === undefined ? undefined : builder.indexById.get(parsed.stated_end_user),
      evidence: parsed.evidence,
      sourceRef: parsed.source_ref,
    });
  }, takeRelationshipLine, relationshipsTail);

  await read('listings', [], (cells, file, line, header) => {
    const raw = rawRow(header, cells, file, line);
    const listing = parseRows([raw], 'listings', problems)[0]?.[0] as Listing | undefined;
    if (listing === undefined) return;
    checkListing(listing, raw, lookup, reference.lists, problems);
    state.addListing(listing);
  });

  await read('jurisdictions', [], (cells, file, line, header) => {
    const raw = rawRow(header, cells, file, line);
    const period = parseRows([raw], 'jurisdictions', problems)[0]?.[0] as JurisdictionFlagPeriod | undefined;
    if (period === undefined) return;
    checkPeriod(period.from, period.to, 'from', 'to', raw, problems);
    state.addJurisdictionFlag(period);
  });

  if (problems.length > 0) throw new InvalidInputError('the dataset was not loaded', problems);
  return state.build();
}

/** The offset of the first line that starts at or after byte `from` of `file`, or undefined when none does within 1 MiB. */
function lineStartAfter(file: string, from: number): number | undefined {
  const bytes = Buffer.alloc(1 << 20);
  const descriptor = openSync(file, 'r');
  try {
    const read = readSync(descriptor, bytes, 0, bytes.length, from);
    const newline = bytes.subarray(0, read).indexOf(10);
    return newline === -1 ? undefined : from + newline + 1;
  } finally {
    closeSync(descriptor);
  }
}

/** Where each entity was read: its file's number and its line, in growable typed arrays. */
class EntityPlaces {
  private files: Uint16Array;
  private lines: Uint32Array;

  constructor(expected: number) {
    this.files = new Uint16Array(Math.max(16, expected));
    this.lines = new Uint32Array(Math.max(16, expected));
  }

  add(entity: number, file: number, line: number): void {
    if (entity >= this.lines.length) {
      const files = new Uint16Array(this.lines.length * 2);
      files.set(this.files);
      const lines = new Uint32Array(this.lines.length * 2);
      lines.set(this.lines);
      this.files = files;
      this.lines = lines;
    }
    this.files[entity] = file;
    this.lines[entity] = line;
  }

  at(entity: number, files: readonly string[]): { file: string; line: number } {
    return { file: files[this.files[entity]!]!, line: this.lines[entity]! };
  }
}

/** The row as read-csv.ts builds it: blank cells left out. */
export function rawRow(header: readonly string[], cells: readonly string[], file: string, line: number): RawRow {
  const values: Record<string, string> = {};
  header.forEach((name, at) => {
    const cell = cells[at] ?? '';
    if (cell.trim() !== '') values[name] = cell;
  });
  return { values, place: { file, line } };
}
