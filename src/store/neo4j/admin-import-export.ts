// `enduse export --format neo4j-admin` at scale: reads dataset folders row by row, validates each
// row with the checks every load uses (stream-datasets.ts), and writes it straight into the
// neo4j-admin import files: no dataset, graph or index of the whole is built, only the entity ids
// (relationships must name known entities) and the relationship ids seen. The files go into a
// scratch folder beside the destination that is renamed into place only when every row passed:
// a refused dataset writes nothing.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError, type Problem } from '../../domain/errors.ts';
import { relationshipContent } from '../../domain/record-identity.ts';
import { COLLECTIONS, ENTITY_KINDS, columnsOf, type CollectionName, type Entity, type EntityKind, type JurisdictionFlagPeriod, type Listing, type Relationship, type RelationshipFields } from '../../domain/schema.ts';
import { DateCache, FAST_ENTITY_COLUMNS, FAST_RELATIONSHIP_COLUMNS, fastEntity, fastRelationship, planColumns, relationshipColumns, type ColumnPlan, type EntityIndex, type RelationshipColumns } from '../../load/fast-rows.ts';
import { readDatasets, readReference, type Reference } from '../../load/load-datasets.ts';
import { CSV_FILE_NAMES } from '../../load/read-source.ts';
import { NeedsReferenceReader, streamCsvFile } from '../../load/stream-csv.ts';
import { rawRow } from '../../load/stream-datasets.ts';
import { checkListing, checkPeriod, checkRelationship, duplicateEntityProblem, parseRows, type EntityLookup } from '../../load/validate-dataset.ts';
import { compactStateOf } from '../compact/compact-state.ts';
import { CompactStore } from '../compact/compact-store.ts';
import { AdminImportWriter, UNWRITABLE_LIST_ITEM, unwritableField, writeAdminImportFiles, type AdminImportSummary } from './admin-import-files.ts';
import { RelationshipIds } from './relationship-ids.ts';

export interface AdminImportExport extends AdminImportSummary {
  /** Whether the rows were streamed from the files (false: read whole by the reference reader, for JSON files and files it alone can read). */
  streamed: boolean;
}

/**
 * Validates the datasets at `paths` and writes them into `folder` (absent, or an empty folder) as
 * neo4j-admin import files. All or nothing: on any problem it throws InvalidInputError naming
 * each place (file, line, field) and `folder` is left as it was.
 *
 * JSON files and CSV files only the reference reader reads (see stream-csv.ts) are read whole
 * by it, as every load does, and written from the dataset it gives.
 * @example const summary = await exportAdminImportFiles(['/data/big'], '/tmp/import'); summary.rows.entities
 */
export async function exportAdminImportFiles(paths: readonly string[], folder: string, reference: Reference = readReference()): Promise<AdminImportExport> {
  const streamable = paths.length > 0 && paths.every((path) => existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, CSV_FILE_NAMES.entities)));
  if (streamable) {
    const streamed = await intoPlace(folder, (scratch) => streamFolders(paths, scratch, reference)).catch((error: unknown) => {
      if (error instanceof NeedsReferenceReader) return undefined;
      throw error;
    });
    if (streamed !== undefined) return { ...streamed, streamed: true };
  }
  const store = new CompactStore();
  await store.loadState(compactStateOf(readDatasets(paths, reference)));
  const view = await store.view();
  return { ...(await intoPlace(folder, (scratch) => writeAdminImportFiles(view, scratch))), streamed: false };
}

/** Runs `write` into a scratch folder beside `folder`, then renames it into place; removes it on any failure. */
async function intoPlace<T>(folder: string, write: (scratch: string) => Promise<T>): Promise<T> {
  // Folders above it that do not exist yet are made, and removed again if nothing is written.
  let created = dirname(folder);
  while (!existsSync(dirname(created))) created = dirname(created);
  const madeParents = !existsSync(created);
  mkdirSync(dirname(folder), { recursive: true });
  const scratch = mkdtempSync(join(dirname(folder), `.${basename(folder)}.partial-`));
  try {
    const result = await write(scratch);
    // An empty folder is replaced (rename(2) allows it); a folder filled meanwhile is not.
    renameSync(scratch, folder);
    return result;
  } catch (error) {
    rmSync(madeParents ? created : scratch, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Every file of every folder, in the order of the streaming loader (stream-datasets.ts): all
 * entities first, since relationships and listings of one folder may name another's.
 */
async function streamFolders(paths: readonly string[], scratch: string, reference: Reference): Promise<AdminImportSummary> {
  const files = (collection: CollectionName) => paths.map((folder) => join(folder, CSV_FILE_NAMES[collection])).filter((file) => existsSync(file));
  const problems: Problem[] = [];
  const writer = new AdminImportWriter(scratch);
  try {
    const entities = new EntityIds();
    // A row is written only while no problem is known: after one, the files are thrown away.
    // Every row is checked all the same, so that all its problems are told at once.
    const writing = () => problems.length === 0;
    const writeChecked = (record: object, write: () => void, file: string, line: number) => {
      const field = unwritableField(record);
      if (field !== undefined) problems.push({ file, line, field, message: `${UNWRITABLE_LIST_ITEM}; remove it from the ${field}` });
      else if (writing()) write();
    };
    for (const list of reference.lists.values()) writer.list(list);
    for (const period of reference.jurisdictions) writer.jurisdiction(period);

    const read = async (collection: CollectionName, known: readonly string[], take: (cells: string[], file: string, line: number, header: readonly string[], plan: ColumnPlan) => void) => {
      for (const file of files(collection)) {
        let header: string[] = [];
        let plan = planColumns([], known);
        const fileProblems = await streamCsvFile(file, columnsOf(COLLECTIONS[collection]), {
          header(names) {
            header = names;
            plan = planColumns(names, known);
          },
          record(cells, line) {
            take(cells, file, line, header, plan);
          },
        });
        for (const problem of fileProblems) problems.push(problem);
      }
    };

    await read('entities', FAST_ENTITY_COLUMNS, (cells, file, line, header, plan) => {
      const entity = fastEntity(cells, plan) ?? (parseRows([rawRow(header, cells, file, line)], 'entities', problems)[0]?.[0] as Entity | undefined);
      if (entity === undefined) return;
      entity.aliases ??= [];
      const earlier = entities.placeOf(entity.id);
      if (earlier !== undefined) {
        problems.push(duplicateEntityProblem(rawRow(header, cells, file, line), entity.id, earlier));
        return;
      }
      entities.add(entity.id, entity.kind, file, line);
      writeChecked(entity, () => writer.entity(entity), file, line);
    });

    const ids = new RelationshipIds(Math.max(1 << 16, files('relationships').reduce((sum, file) => sum + Math.ceil(statSync(file).size / 30), 0)));
    const dates = new DateCache();
    const lookup = entities.lookup();
    let columns: RelationshipColumns = relationshipColumns(planColumns([], FAST_RELATIONSHIP_COLUMNS));
    let columnsOfPlan: ColumnPlan | undefined;
    await read('relationships', FAST_RELATIONSHIP_COLUMNS, (cells, file, line, header, plan) => {
      if (plan !== columnsOfPlan) {
        columns = relationshipColumns(plan);
        columnsOfPlan = plan;
      }
      let relationship: Relationship;
      const fast = fastRelationship(cells, columns, entities, dates);
      if (fast !== undefined) {
        if (!writing()) return;
        // The fast check accepted the row: its values as the schema gives them (ids trimmed, dates as days).
        relationship = {
          id: '',
          source: cells[columns.source]!.trim(),
          target: cells[columns.target]!.trim(),
          type: fast.type,
          product: fast.product,
          start: fast.start,
          end: fast.end,
          share: fast.share,
          stated_end_user: fast.statedEndUser === undefined ? undefined : cells[columns.statedEndUser]!.trim(),
          evidence: fast.evidence as RelationshipFields['evidence'],
          source_ref: fast.sourceRef,
        };
      } else {
        const raw = rawRow(header, cells, file, line);
        const parsed = parseRows([raw], 'relationships', problems)[0]?.[0] as RelationshipFields | undefined;
        if (parsed === undefined) return;
        const before = problems.length;
        checkRelationship(parsed, raw, lookup, problems);
        if (problems.length > before || !writing()) return;
        relationship = { ...parsed, id: '' };
      }
      relationship.id = ids.idOf(relationshipContent(relationship));
      // A relationship has no list values.
      if (writing()) writer.relationship(relationship);
    });

    await read('listings', [], (cells, file, line, header) => {
      const raw = rawRow(header, cells, file, line);
      const listing = parseRows([raw], 'listings', problems)[0]?.[0] as Listing | undefined;
      if (listing === undefined) return;
      checkListing(listing, raw, lookup, reference.lists, problems);
      writeChecked(listing, () => writer.listing(listing), file, line);
    });

    await read('jurisdictions', [], (cells, file, line, header) => {
      const raw = rawRow(header, cells, file, line);
      const period = parseRows([raw], 'jurisdictions', problems)[0]?.[0] as JurisdictionFlagPeriod | undefined;
      if (period === undefined) return;
      checkPeriod(period.from, period.to, 'from', 'to', raw, problems);
      writeChecked(period, () => writer.jurisdiction(period), file, line);
    });

    if (problems.length > 0) throw new InvalidInputError('the dataset was not exported', problems);
    return writer.finish();
  } finally {
    writer.close();
  }
}

/**
 * The entities read so far: id → position, with each one's kind and where it was first read,
 * in arrays rather than a million small objects.
 */
class EntityIds implements EntityIndex {
  private readonly positions = new Map<string, number>();
  private readonly kinds: number[] = [];
  private readonly files: string[] = [];
  private readonly lines: number[] = [];

  add(id: string, kind: EntityKind, file: string, line: number): void {
    this.positions.set(id, this.kinds.length);
    this.kinds.push(ENTITY_KINDS.indexOf(kind));
    this.files.push(file);
    this.lines.push(line);
  }

  indexOf(id: string): number | undefined {
    return this.positions.get(id);
  }

  kindAt(index: number): EntityKind {
    return ENTITY_KINDS[this.kinds[index]!]!;
  }

  placeOf(id: string): { file: string; line: number } | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : { file: this.files[at]!, line: this.lines[at]! };
  }

  /** As the model checks look entities up: they read an entity's id and kind, and where it was defined. */
  lookup(): EntityLookup {
    return {
      has: (id) => this.positions.has(id),
      get: (id) => {
        const at = this.positions.get(id);
        if (at === undefined) return undefined;
        const entity: Entity = { id, name: id, kind: this.kindAt(at), aliases: [] };
        return [entity, { values: {}, place: { file: this.files[at]!, line: this.lines[at]! } }];
      },
    };
  }
}
