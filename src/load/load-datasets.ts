// Reads and validates one or more dataset paths plus the shipped reference data into one
// dataset, all or nothing.
import { SHIPPED_DATA_MAX_BYTES } from '../settings/input-limit.ts';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../settings/package-files.ts';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import { jurisdictionSchema, listDefinitionSchema, columnsOf, type Dataset, type JurisdictionFlagPeriod, type ListDefinition } from '../domain/schema.ts';
import { emptyCollections, problemAt, type RawCollections } from './raw-rows.ts';
import { readCsvFile } from './read-csv.ts';
import { readDatasetSource } from './read-source.ts';
import { parseRows, validateDataset } from './validate-dataset.ts';
import { appendAll } from '../domain/append-all.ts';
import { cachedReference } from './reference-cache.ts';

/** The package's data folder (shipped cases and reference data), whatever the working directory. */
export const DATA_DIR = packageFile('data');
export const REFERENCE_DIR = join(DATA_DIR, 'reference');

/** Reference data every dataset is read with: list definitions and jurisdiction flags. */
export interface Reference {
  lists: Map<string, ListDefinition>;
  jurisdictions: JurisdictionFlagPeriod[];
}

/** The last good read of each reference folder, with the stamp of the files it was read from. */
const readReferences = new Map<string, { stamp: string; reference: Reference }>();

/** Size, inode and times of a folder's reference files: any change to them changes the stamp. */
function referenceStamp(directory: string): string {
  return ['lists.csv', 'jurisdictions.csv']
    .map((name) => {
      const stats = statSync(join(directory, name), { throwIfNoEntry: false });
      return stats === undefined ? 'absent' : `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
    })
    .join('|');
}

/**
 * Reads `lists.csv` and `jurisdictions.csv` from a reference folder; throws when invalid. Read
 * once per process while the files stay as they are (a command reads it for the dataset, then
 * again for the ownership rules' list codes: a third of `enduse routes` on a shipped case); each
 * caller gets its own copy, so none sees what another changed.
 */
export function readReference(directory: string = REFERENCE_DIR): Reference {
  const stamp = referenceStamp(directory);
  const known = readReferences.get(directory);
  if (known?.stamp === stamp) return structuredClone(known.reference);
  const reference = referenceFromCache(directory) ?? readReferenceFiles(directory);
  readReferences.set(directory, { stamp, reference: structuredClone(reference) });
  return reference;
}

/** The lists and jurisdiction rows of `directory` from the build's cache, when it holds these very files. */
function referenceFromCache(directory: string): Reference | undefined {
  const cached = cachedReference(directory);
  return cached && { lists: new Map(cached.lists.map((list) => [list.code, list])), jurisdictions: cached.jurisdictions };
}

function readReferenceFiles(directory: string): Reference {
  const problems: Problem[] = [];
  const listsFile = join(directory, 'lists.csv');
  const listRows = readCsvFile(listsFile, columnsOf(listDefinitionSchema), SHIPPED_DATA_MAX_BYTES);
  appendAll(problems, listRows.problems);
  const lists = new Map<string, ListDefinition>();
  for (const [definition, row] of parseRows(listRows.rows, listDefinitionSchema, problems) as [ListDefinition, (typeof listRows.rows)[number]][]) {
    if (lists.has(definition.code)) problems.push(problemAt(row, 'code', `duplicate list code '${definition.code}'`));
    lists.set(definition.code, definition);
  }
  const jurisdictionsFile = join(directory, 'jurisdictions.csv');
  const jurisdictionRows = existsSync(jurisdictionsFile) ? readCsvFile(jurisdictionsFile, columnsOf(jurisdictionSchema), SHIPPED_DATA_MAX_BYTES) : { rows: [], problems: [] };
  appendAll(problems, jurisdictionRows.problems);
  const jurisdictions = parseRows(jurisdictionRows.rows, jurisdictionSchema, problems).map(([period]) => period as JurisdictionFlagPeriod);
  if (problems.length > 0) throw new InvalidInputError(`reference data in ${directory} is invalid`, problems);
  return { lists, jurisdictions };
}

/**
 * Reads every path (CSV folder or JSON file), merges them, validates the whole, and adds the
 * reference jurisdiction flags. Throws InvalidInputError with every problem found.
 *
 * @example readDatasets(['data/cases/blue-coat-syria'])
 */
export function readDatasets(paths: readonly string[], reference: Reference = readReference()): Dataset {
  return withReferenceJurisdictions(readValidatedDatasets(paths, reference), reference);
}

/** As readDatasets, without the reference jurisdiction flags: the rows the paths themselves state. */
export function readValidatedDatasets(paths: readonly string[], reference: Reference = readReference()): Dataset {
  if (paths.length === 0) throw new InvalidInputError('no dataset given', [{ field: '--data', message: 'give at least one dataset: a folder of CSV files or a .json file' }]);
  const merged: RawCollections = emptyCollections();
  const problems: Problem[] = [];
  for (const path of paths) {
    const { collections, problems: readProblems } = readDatasetSource(path);
    // Loops, not push(...spread): a spread of a few hundred thousand rows overflows the stack.
    for (const problem of readProblems) problems.push(problem);
    for (const name of Object.keys(merged) as (keyof RawCollections)[]) for (const row of collections[name]) merged[name].push(row);
  }
  const validated = validateDataset(merged, reference.lists);
  if (!validated.ok) for (const problem of validated.problems) problems.push(problem);
  if (problems.length > 0 || !validated.ok) throw new InvalidInputError('the dataset was not loaded', problems);
  return validated.dataset;
}

/** A validated dataset with the shipped jurisdiction flags added: every load path reads it this way. */
export function withReferenceJurisdictions(dataset: Dataset, reference: Reference): Dataset {
  return { ...dataset, jurisdictions: [...reference.jurisdictions, ...dataset.jurisdictions] };
}
