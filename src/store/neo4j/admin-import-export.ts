// `enduse export --format neo4j-admin` at scale: reads dataset folders row by row, validates each
// row with the checks every load uses (stream-checked-rows.ts), and writes it straight into the
// neo4j-admin import files: no dataset, graph or index of the whole is built, only the entity ids
// (relationships must name known entities) and the relationship ids seen. The files go into a
// scratch folder beside the destination that is renamed into place only when every row passed:
// a refused dataset writes nothing.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError, type Problem } from '../../domain/errors.ts';
import { readDatasets, readReference, type Reference } from '../../load/load-datasets.ts';
import { NeedsReferenceReader, streamCheckedRows, streamableFolders } from '../../load/stream-checked-rows.ts';
import { compactStateOf } from '../compact/compact-state.ts';
import { CompactStore } from '../compact/compact-store.ts';
import { AdminImportWriter, UNWRITABLE_LIST_ITEM, unwritableField, writeAdminImportFiles, type AdminImportSummary } from './admin-import-files.ts';

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
  if (streamableFolders(paths)) {
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

/** Every row of the folders, checked as it is read (stream-checked-rows.ts), written into the files while no problem is known. */
async function streamFolders(paths: readonly string[], scratch: string, reference: Reference): Promise<AdminImportSummary> {
  const problems: Problem[] = [];
  const writer = new AdminImportWriter(scratch);
  try {
    await streamCheckedRows(
      paths,
      reference,
      {
        list: (list) => writer.list(list),
        jurisdiction: (period) => writer.jurisdiction(period),
        entity: (entity) => writer.entity(entity),
        // A relationship has no list values.
        relationship: (relationship) => writer.relationship(relationship),
        listing: (listing) => writer.listing(listing),
        // A value the importer cannot take is a problem of its own, with the row's place.
        check: (record, place) => {
          const field = unwritableField(record);
          if (field !== undefined) problems.push({ ...place, field, message: `${UNWRITABLE_LIST_ITEM}; remove it from the ${field}` });
        },
      },
      problems,
    );
    if (problems.length > 0) throw new InvalidInputError('the dataset was not exported', problems);
    return writer.finish();
  } finally {
    writer.close();
  }
}
