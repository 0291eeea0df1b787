// Reads one dataset path, a folder of CSV files or one JSON file, into raw collections.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS, COLLECTION_NAMES, columnsOf, type CollectionName } from '../domain/schema.ts';
import type { Problem } from '../domain/errors.ts';
import { emptyCollections, type RawCollections, type RawRow, type RawValue } from './raw-rows.ts';
import { readCsvFile } from './read-csv.ts';
import { jsonShapeProblem } from './json-shape.ts';
import { readUtf8 } from './read-text.ts';

/** Nesting of a JSON dataset file (document, collection, row, aliases), with room to spare. */
const MAX_DATASET_DEPTH = 16;

/** Files a CSV dataset folder holds; only entities.csv is required. */
export const CSV_FILE_NAMES: Record<CollectionName, string> = {
  entities: 'entities.csv',
  relationships: 'relationships.csv',
  listings: 'listings.csv',
  jurisdictions: 'jurisdictions.csv',
};

export interface SourceReadResult {
  collections: RawCollections;
  problems: Problem[];
}

export function readDatasetSource(path: string): SourceReadResult {
  if (!existsSync(path)) {
    return { collections: emptyCollections(), problems: [{ file: path, message: 'does not exist; give a folder of CSV files or a .json file' }] };
  }
  return statSync(path).isDirectory() ? readCsvFolder(path) : readJsonFile(path);
}

function readCsvFolder(folder: string): SourceReadResult {
  const collections = emptyCollections();
  const problems: Problem[] = [];
  for (const name of COLLECTION_NAMES) {
    const file = join(folder, CSV_FILE_NAMES[name]);
    if (!existsSync(file)) {
      if (name === 'entities') problems.push({ file, message: 'is missing; a dataset folder needs at least entities.csv' });
      continue;
    }
    const result = readCsvFile(file, columnsOf(COLLECTIONS[name]));
    collections[name] = result.rows;
    // A loop, not push(...spread): a spread of a few hundred thousand problems overflows the stack.
    for (const problem of result.problems) problems.push(problem);
  }
  return { collections, problems };
}

function readJsonFile(file: string): SourceReadResult {
  const collections = emptyCollections();
  const decoded = readUtf8(file);
  if (!decoded.ok) return { collections, problems: [decoded.problem] };
  // JSON.parse keeps the last of two equal keys silently, and recursion over a deep nesting overflows.
  const shapeProblem = jsonShapeProblem(decoded.text, { maxDepth: MAX_DATASET_DEPTH, maxArrayItems: Number.MAX_SAFE_INTEGER }, { file });
  if (shapeProblem) return { collections, problems: [shapeProblem] };
  let document: unknown;
  try {
    document = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { collections, problems: [{ file, ...jsonErrorPlace(decoded.text, (error as Error).message), message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  return collectionsFromJson(document, file);
}

/**
 * Turns a parsed JSON document `{entities, relationships, listings, jurisdictions}` into raw
 * collections. Also used for datasets sent over HTTP.
 */
export function collectionsFromJson(document: unknown, file: string): SourceReadResult {
  const collections = emptyCollections();
  const problems: Problem[] = [];
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { collections, problems: [{ file, field: '(document)', message: `must be a JSON object with the arrays ${COLLECTION_NAMES.join(', ')}` }] };
  }
  const record = document as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(COLLECTION_NAMES as string[]).includes(key)) {
      problems.push({ file, field: key, message: `unknown collection; expected ${COLLECTION_NAMES.join(', ')}` });
    }
  }
  if (record.entities === undefined) problems.push({ file, field: 'entities', message: 'is missing; a dataset needs an entities array' });
  for (const name of COLLECTION_NAMES) {
    const items = record[name];
    if (items === undefined) continue;
    if (!Array.isArray(items)) {
      problems.push({ file, field: name, message: 'must be an array of objects' });
      continue;
    }
    const allowed = columnsOf(COLLECTIONS[name]).all;
    items.forEach((item, index) => {
      const pointer = `${name}[${index}]`;
      const row = jsonRow(item, { file, pointer }, allowed, problems);
      if (row) collections[name].push(row);
    });
  }
  return { collections, problems };
}

/** Where JSON.parse stopped: the line of the position it reports, else the whole document. */
function jsonErrorPlace(text: string, message: string): { line: number } | { field: string } {
  const position = /at position (\d+)/.exec(message);
  if (position !== null) return { line: text.slice(0, Number(position[1])).split('\n').length };
  if (/end of JSON input/.test(message)) return { line: text.split('\n').length };
  return { field: '(document)' };
}

function jsonRow(item: unknown, place: RawRow['place'], allowed: string[], problems: Problem[]): RawRow | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push({ file: place.file, field: place.pointer, message: 'must be an object' });
    return undefined;
  }
  const values: Record<string, RawValue> = {};
  for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
    const field = `${place.pointer}.${key}`;
    if (!allowed.includes(key)) {
      problems.push({ file: place.file, field, message: `unknown field; expected fields are ${allowed.join(', ')}` });
    } else if (value === null || value === undefined || value === '') {
      continue;
    } else if (typeof value === 'string' || typeof value === 'number') {
      values[key] = value;
    } else if (typeof value === 'boolean') {
      values[key] = value ? 'yes' : 'no';
    } else if (Array.isArray(value) && value.every((element) => typeof element === 'string')) {
      values[key] = value as string[];
    } else {
      problems.push({ file: place.file, field, message: 'must be a string, a number or an array of strings' });
    }
  }
  return { values, place };
}
