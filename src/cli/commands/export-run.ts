// `enduse export --format neo4j-admin --out DIR`: validates dataset files, then writes them as the
// CSV files of Neo4j's bulk importer, for initial loads of millions of rows (README, "Neo4j").
// What the command does, imported only when it runs; export.ts declares its options and help.
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidInputError } from '../../domain/errors.ts';
import { ADMIN_IMPORT_FILES, UnwritableValueError } from '../../store/neo4j/admin-import-files.ts';
import { exportAdminImportFiles } from '../../store/neo4j/admin-import-export.ts';
import { choiceOption, dataOption } from '../options.ts';
import type { Output } from '../output.ts';

const EXPORT_FORMATS = ['neo4j-admin'] as const;
/** Where the docker-compose container sees the folder (README: `docker compose run -v DIR:/import`). */
const CONTAINER_FOLDER = '/import';

export async function runExport(options: { data?: string[]; format?: string; out?: string }, output: Output): Promise<void> {
  choiceOption(options.format, '--format', EXPORT_FORMATS, 'neo4j-admin');
  const paths = dataOption(options.data);
  const folder = usableOutFolder(options.out);
  // Rows are validated as they are written into a scratch folder, renamed into place only
  // when all passed: bad data writes nothing, not even the folder.
  let summary;
  try {
    summary = await exportAdminImportFiles(paths, folder);
  } catch (error) {
    if (error instanceof UnwritableValueError) throw new InvalidInputError('the dataset cannot be written as neo4j-admin files', [{ field: `${error.record} ${error.field}`, message: error.message }]);
    throw error;
  }
  const { rows } = summary;
  output.line(`wrote ${rows.entities} entities, ${rows.relationships} relationships, ${rows.listings} listings, ${rows.lists} lists, ${rows.jurisdictions} jurisdiction flags to ${folder}`);
  output.line('import them into a stopped, empty database (see README, "Bulk import"), for example with the folder mounted at /import:');
  output.line(`  neo4j-admin database import full neo4j --overwrite-destination ${summary.arguments.map((argument) => inFolder(argument, CONTAINER_FOLDER)).join(' ')}`);
}


/** `--nodes=FILE` with FILE under `folder`. */
function inFolder(argument: string, folder: string): string {
  const files = Object.values(ADMIN_IMPORT_FILES) as string[];
  const [option, value] = argument.split('=', 2) as [string, string];
  return files.includes(value) ? `${option}=${folder}/${value}` : argument;
}

/** The --out folder, checked before any work: absent (and creatable) or an empty, writable folder. */
function usableOutFolder(out: string | undefined): string {
  const bad = (message: string) => new InvalidInputError('bad value for --out', [{ field: '--out', message }]);
  if (out === undefined || out.trim() === '') throw bad('is required; give a new or empty folder to write the import files into');
  const folder = resolve(out);
  if (existsSync(folder)) {
    if (!statSync(folder).isDirectory()) throw bad(`${out} is a file; give a new or empty folder`);
    if (readdirSync(folder).length > 0) throw bad(`${out} is not empty; give a new or empty folder (export never overwrites files)`);
    if (!writable(folder)) throw bad(`${out} is not writable; give a folder you can write to`);
    return folder;
  }
  let parent = dirname(folder);
  while (!existsSync(parent)) parent = dirname(parent);
  if (!statSync(parent).isDirectory() || !writable(parent)) throw bad(`cannot create ${out}: ${parent} is not a writable folder`);
  return folder;
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
