// The streaming neo4j-admin export (admin-import-export.ts) writes the very files the writer over
// a loaded view writes, refuses a bad row with its file, line and field, and writes nothing then.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { relationshipContent, relationshipIdOf } from '../../src/domain/record-identity.ts';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { ADMIN_IMPORT_FILES, ARRAY_DELIMITER, writeAdminImportFiles } from '../../src/store/neo4j/admin-import-files.ts';
import { exportAdminImportFiles } from '../../src/store/neo4j/admin-import-export.ts';
import { RelationshipIds } from '../../src/store/neo4j/relationship-ids.ts';
import { AWKWARD_CSV, writeCsvFolder } from '../support/awkward-csv.ts';

let folder: string;
let generated: string;
let awkward: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'enduse-admin-export-'));
  generated = join(folder, 'generated');
  await generateDataset(generated, { entities: 1000, relationships: 5000, seed: 7, listCodes: [...readReference().lists.keys()] });
  awkward = writeCsvFolder(join(folder, 'awkward'), AWKWARD_CSV);
});

/** Every file of an export folder, its lines sorted (the two writers may order rows differently). */
function filesOf(out: string): Record<string, string[]> {
  return Object.fromEntries(readdirSync(out).map((file) => [file, readFileSync(join(out, file), 'utf8').split('\n').sort()]));
}

/** The number of the last line of a file (values with line breaks span several lines). */
function lastLineOf(file: string): number {
  return readFileSync(file, 'utf8').trimEnd().split('\n').length;
}

/** The files of the writer over a loaded view, the path the export took before it streamed. */
async function viaView(paths: string[], out: string): Promise<Record<string, string[]>> {
  const store = new CompactStore();
  await store.loadState(await compactStateFromFiles(paths));
  mkdirSync(out);
  await writeAdminImportFiles(await store.view(), out);
  return filesOf(out);
}

describe('exportAdminImportFiles', () => {
  it('streams CSV folders into the same files as the writer over a loaded view', async () => {
    const paths = [awkward, generated, resolve('data/cases/blue-coat-syria')];
    const out = join(folder, 'streamed');
    const summary = await exportAdminImportFiles(paths, out);
    expect(summary.streamed).toBe(true);
    expect(summary.rows.entities).toBe(1000 + 3 + readFileSync(resolve('data/cases/blue-coat-syria/entities.csv'), 'utf8').trim().split('\n').length - 1);
    // A value with a line break: the importer is told to read multi-line fields.
    expect(summary.multilineFields).toBe(true);
    expect(filesOf(out)).toEqual(await viaView(paths, join(folder, 'via-view')));
    // The two identical OWNS rows: two relationships, the second id suffixed.
    const owns = filesOf(out)[ADMIN_IMPORT_FILES.relationships]!.filter((line) => line.startsWith('plain,quoted,OWNS,'));
    expect(owns.map((line) => line.split(',')[3]!.replace(/^r-[0-9a-f]{16}/, 'r-…')).sort()).toEqual(['r-…', 'r-…-2']);
  });

  it('reads a JSON dataset whole, as every load does, and writes it the same way', async () => {
    const json = join(folder, 'awkward.json');
    writeFileSync(json, JSON.stringify({ entities: [{ id: 'cr', name: 'Carriage', kind: 'company', source: 'one\r\ntwo' }] }));
    const out = join(folder, 'from-json');
    const summary = await exportAdminImportFiles([json], out);
    expect(summary.streamed).toBe(false);
    expect(summary.multilineFields).toBe(true);
    expect(readFileSync(join(out, ADMIN_IMPORT_FILES.entities), 'utf8')).toContain('"one\r\ntwo"');
  });

  it('refuses a bad row with its file, line and field, and writes nothing', async () => {
    const bad = writeCsvFolder(join(folder, 'bad'), {
      ...AWKWARD_CSV,
      relationships: [...AWKWARD_CSV.relationships, { source: 'plain', target: 'nobody', type: 'SUPPLIES' }],
    });
    const parent = join(folder, 'refused');
    mkdirSync(parent);
    const out = join(parent, 'nested', 'out');
    const error = await exportAdminImportFiles([generated, bad], out).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    const file = join(bad, 'relationships.csv');
    expect((error as InvalidInputError).problems).toContainEqual(expect.objectContaining({ file, line: lastLineOf(file), field: 'target' }));
    // Neither the folder, nor the folder made above it, nor the scratch folder is left.
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses an entity defined twice and a list item the files cannot hold, each at its place', async () => {
    const bad = writeCsvFolder(join(folder, 'bad-entities'), {
      ...AWKWARD_CSV,
      entities: [...AWKWARD_CSV.entities, { id: 'plain', name: 'Again', kind: 'company' }, { id: 'unit', name: 'Unit', kind: 'company', aliases: `a${ARRAY_DELIMITER}b` }],
    });
    const out = join(folder, 'refused-entities');
    const error = (await exportAdminImportFiles([bad], out).catch((caught: unknown) => caught)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    const file = join(bad, 'entities.csv');
    expect(error.problems).toContainEqual(expect.objectContaining({ file, line: lastLineOf(file) - 1, field: 'id' }));
    expect(error.problems).toContainEqual(expect.objectContaining({ file, line: lastLineOf(file), field: 'aliases' }));
    expect(existsSync(out)).toBe(false);
  });

  it('writes the headers docs/neo4j.md lists, file by file', async () => {
    const out = join(folder, 'for-the-docs');
    await exportAdminImportFiles([generated, resolve('data/cases/blue-coat-syria')], out);
    // The table of "Bulk import": | `file` | holds | `header` |
    const documented = new Map([...readFileSync(resolve('docs/neo4j.md'), 'utf8').matchAll(/^\| `([a-z-]+\.csv)` \| [^|]+ \| `([^`]+)` \|$/gm)].map((row) => [row[1]!, row[2]!]));
    const written = new Map(Object.values(ADMIN_IMPORT_FILES).map((file) => [file, readFileSync(join(out, file), 'utf8').split('\n')[0]!]));
    expect(documented).toEqual(written);
  });

  it('fills an empty folder it is given', async () => {
    const out = join(folder, 'empty');
    mkdirSync(out);
    await exportAdminImportFiles([awkward], out);
    expect(readdirSync(out).sort()).toEqual([...Object.values(ADMIN_IMPORT_FILES), 'neo4j-admin-import.args'].sort());
  });
});

describe('RelationshipIds', () => {
  it('gives the content id, then the occurrence suffixes every store gives, across a growing set', () => {
    const ids = new RelationshipIds(4);
    const contents = Array.from({ length: 70_000 }, (_, index) => relationshipContent({ source: `a${index % 50_000}`, target: 'b', type: 'SUPPLIES' }));
    const given = contents.map((content) => ids.idOf(content));
    expect(given.slice(0, 3)).toEqual(contents.slice(0, 3).map((content) => relationshipIdOf(content, 0)));
    expect(given[50_000]).toBe(relationshipIdOf(contents[0]!, 1));
    expect(given[50_001]).toBe(relationshipIdOf(contents[1]!, 1));
    expect(new Set(given).size).toBe(given.length);
  });
});
