// Hostile and malformed datasets, property-tested with fast-check: loading never crashes (a
// dataset or InvalidInputError, nothing else), never hangs (bounded sizes, test timeouts), never
// loads part of a bad dataset (the store is unchanged after a refusal, embedded and Neo4j), and
// every refusal names its place. CSV written by enduse neutralises formula injection.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import type { Dataset } from '../../src/domain/schema.ts';
import { neutraliseFormula, writeDataset } from '../../src/import/write-dataset.ts';
import { readDatasets, readReference, type Reference } from '../../src/load/load-datasets.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { configWith, createApp } from '../api/api-support.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { tempDataset, VALID_ENTITIES, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';
import { FORMULA_CELLS, hostileCell, hugeCell, quoteCsv } from './support/hostile-values.ts';

const ENTITY_COLUMNS = ['id', 'name', 'kind', 'country', 'sector', 'aliases', 'address', 'source', 'identifiers'];
const RELATIONSHIP_COLUMNS = ['source', 'target', 'type', 'product', 'start', 'end', 'share', 'stated_end_user', 'evidence', 'source_ref'];

let reference: Reference;
beforeAll(() => {
  reference = readReference();
});

type Outcome = { loaded: Dataset } | { refused: InvalidInputError };

/** Reads the paths; anything but a dataset or an InvalidInputError fails the property. */
function load(paths: string[]): Outcome {
  try {
    return { loaded: readDatasets(paths, reference) };
  } catch (error) {
    if (error instanceof InvalidInputError) return { refused: error };
    throw error;
  }
}

/** Every problem of a refusal says where: a file, and a line or a field. */
function expectPlaces(outcome: Outcome, files: string[]): void {
  if (!('refused' in outcome)) return;
  expect(outcome.refused.problems.length).toBeGreaterThan(0);
  for (const problem of outcome.refused.problems) {
    expect(files, JSON.stringify(problem)).toContain(problem.file);
    expect(problem.line !== undefined || problem.field !== undefined, JSON.stringify(problem)).toBe(true);
  }
}

/** A CSV table: a header and rows of cells, each cell quoted or written raw. */
const csvTable = (columns: string[]) =>
  fc
    .record({
      header: fc.shuffledSubarray([...columns, 'unknown_column', '=HYPERLINK("x")'], { minLength: 1 }),
      rows: fc.array(fc.array(fc.tuple(fc.oneof({ weight: 8, arbitrary: hostileCell }, { weight: 1, arbitrary: hugeCell }, { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'company', 'SUPPLIES', 'US', '50', '2011-02-30') }), fc.boolean()), { maxLength: 12 }), { maxLength: 8 }),
    })
    .map(({ header, rows }) => [header.join(','), ...rows.map((cells) => cells.map(([cell, quoted]) => (quoted ? quoteCsv(cell) : cell)).join(','))].join('\n'));

describe('hostile CSV folders', () => {
  it('random bytes as entities.csv and relationships.csv: a dataset or a refusal naming file and line', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.uint8Array({ maxLength: 1024 }), (entities, relationships) => {
        const folder = tempDataset({ 'entities.csv': Buffer.from(entities), 'relationships.csv': Buffer.from(relationships) });
        const files = ['entities.csv', 'relationships.csv'].map((name) => join(folder, name));
        expectPlaces(load([folder]), files);
      }),
      { numRuns: 60 },
    );
  });

  it('hostile cells (formulas, deep quoting, confusables, control bytes, fields up to 500 kB): a dataset or a refusal naming its place', () => {
    fc.assert(
      fc.property(csvTable(ENTITY_COLUMNS), csvTable(RELATIONSHIP_COLUMNS), (entities, relationships) => {
        const folder = tempDataset({ 'entities.csv': entities, 'relationships.csv': relationships });
        const files = ['entities.csv', 'relationships.csv'].map((name) => join(folder, name));
        expectPlaces(load([folder]), files);
      }),
      { numRuns: 40 },
    );
  }, 30_000);

  it('hostile names, addresses and sources on a valid id load verbatim, or are refused with their place', () => {
    fc.assert(
      fc.property(hostileCell, hostileCell, hostileCell, (name, address, source) => {
        const file = 'entities.csv';
        const folder = tempDataset({ [file]: `id,name,kind,address,source\nhostile-1,${quoteCsv(name)},company,${quoteCsv(address)},${quoteCsv(source)}\n` });
        const outcome = load([folder]);
        expectPlaces(outcome, [join(folder, file)]);
        if ('loaded' in outcome) {
          const stored = outcome.loaded.entities.find((row) => row.id === 'hostile-1')!;
          expect([name, name.trim()]).toContain(stored.name);
          expect([address, address.trim(), undefined]).toContain(stored.address);
          expect([source, source.trim(), undefined]).toContain(stored.source);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a million-column row and a 200,000-column header are refused with their line', () => {
    const wide = Array.from({ length: 1_000_000 }, (_, index) => `c${index % 10}`).join(',');
    const wideRow = tempDataset({ 'entities.csv': `${VALID_ENTITIES}${wide}\n` });
    const rowOutcome = load([wideRow]);
    expect('refused' in rowOutcome).toBe(true);
    expectPlaces(rowOutcome, [join(wideRow, 'entities.csv')]);
    const columns = 200_000;
    const wideHeader = tempDataset({ 'entities.csv': `id,name,kind,${wide.slice(0, columns * 3 - 1)}\na,A,company${','.repeat(columns)}\n` });
    const headerOutcome = load([wideHeader]);
    expect('refused' in headerOutcome).toBe(true);
    expectPlaces(headerOutcome, [join(wideHeader, 'entities.csv')]);
  }, 30_000);
});

describe('hostile JSON datasets', () => {
  it('any JSON value, and datasets with hostile fields: a dataset or a refusal naming file and field', () => {
    const hostileRow = fc.dictionary(fc.constantFrom(...ENTITY_COLUMNS, 'constructor', '__proto__', 'unknown'), fc.oneof(hostileCell, fc.integer(), fc.array(hostileCell, { maxLength: 3 }), fc.jsonValue({ maxDepth: 3 })), { maxKeys: 8 });
    const document = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ entities: fc.array(hostileRow, { maxLength: 6 }), relationships: fc.array(fc.dictionary(fc.constantFrom(...RELATIONSHIP_COLUMNS), fc.oneof(hostileCell, fc.double(), fc.constantFrom('a', 'b', 'OWNS'))), { maxLength: 6 }) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(document, (value) => {
        const file = join(mkdtempSync(join(tmpdir(), 'enduse-hostile-')), 'dataset.json');
        writeFileSync(file, JSON.stringify(value) ?? 'undefined');
        expectPlaces(load([file]), [file]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('cycles and over-allocated ownership', () => {
  it('cycles of every length 1-30 and shares summing past 100% load, and flags and routes terminate with simple paths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }), async (length, extraShares) => {
        const ids = Array.from({ length }, (_, index) => `c${index}`);
        const inline = {
          entities: [...ids.map((id) => entity(id)), ...extraShares.map((_, index) => entity(`owner${index}`))],
          relationships: [
            ...ids.map((id, index) => supplies(id, ids[(index + 1) % length]!)),
            ...ids.map((id, index) => ({ source: id, target: ids[(index + 1) % length]!, type: 'OWNS', share: 60 })),
            // Extra owners of c0: with the cycle's 60%, far past 100% in all.
            ...extraShares.map((share, index) => ({ source: `owner${index}`, target: 'c0', type: 'OWNS', share })),
          ],
          listings: [{ entity_id: 'owner0', list: 'OFAC_SDN' }],
        };
        let dataset: Dataset;
        try {
          dataset = buildDataset(inline);
        } catch (error) {
          // Only a self-loop may be refused, as bad input.
          expect(error).toBeInstanceOf(InvalidInputError);
          expect(length).toBe(1);
          return;
        }
        const store = new MemoryStore();
        await store.load(dataset);
        const view: GraphView = await store.view();
        const flags = flaggedEntities(view, '2024-01-01');
        // owner0 is listed; c0 is owned 50% or more by it exactly when its share is.
        expect(flags.has('c0')).toBe(extraShares[0]! >= 50);
        for (const route of findFlaggedRoutes(view, 'c0', { asOf: '2024-01-01', maxHops: 12, flags })) {
          expect(new Set(route.path).size).toBe(route.path.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('a refused dataset changes nothing', () => {
  it('through the API: every refused upload leaves the embedded store exactly as it was', async () => {
    const store = new MemoryStore();
    await store.load(readDatasets([tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS })], reference));
    const snapshot = async () => {
      const view = await store.view();
      return JSON.stringify([[...view.entities()], [...view.relationships()], [...view.listings()]]);
    };
    const before = await snapshot();
    const app = createApp(store, configWith());
    // Mostly valid rows with one bad one among them, or wholly hostile content.
    const upload = fc.oneof(
      fc.record({ valid: fc.integer({ min: 0, max: 20 }), bad: fc.record({ id: fc.constantFrom('bad id', 'x'), name: hostileCell, kind: fc.constantFrom('spaceship', 'company') }) }).map(({ valid, bad }) => ({
        entities: [...Array.from({ length: valid }, (_, index) => ({ id: `new-${index}`, name: `New ${index}`, kind: 'company' })), bad],
        relationships: [{ source: 'new-0', target: 'nowhere', type: 'SUPPLIES' }],
      })),
      fc.record({ files: fc.record({ 'entities.csv': csvTable(ENTITY_COLUMNS) }) }),
    );
    await fc.assert(
      fc.asyncProperty(upload, async (body) => {
        const response = await request(app).post('/api/datasets').send(body);
        expect([201, 400]).toContain(response.status);
        if (response.status === 400) {
          expect(await snapshot()).toBe(before);
          for (const issue of response.body.error.issues ?? []) expect(issue.field !== undefined || issue.line !== undefined || issue.file !== undefined).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  }, 30_000);
});

describeNeo4j('a refused dataset changes nothing in Neo4j', () => {
  const database = withNeo4jDatabase();
  it('enduse load --backend neo4j refuses hostile folders (exit 2) and the graph keeps its node and relationship counts', async () => {
    const good = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS });
    const neo4j = ['--backend', 'neo4j', '--neo4j-uri', neo4jTestUri()!];
    expect((await runCliCaptured(['load', '--data', good, ...neo4j])).code).toBe(0);
    const counts = async () => {
      const { records } = await database.driver.executeQuery('MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships');
      return [records[0]!.get('nodes').toNumber(), records[0]!.get('relationships').toNumber()];
    };
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(csvTable(ENTITY_COLUMNS), fc.integer({ min: 0, max: 50 }), async (hostile, valid) => {
        // Valid rows first, so that a partial load would show; then the hostile table as relationships.
        const entities = `id,name,kind\n${Array.from({ length: valid }, (_, index) => `partial-${index},Partial ${index},company`).join('\n')}\nbad id,Bad,spaceship\n`;
        const folder = tempDataset({ 'entities.csv': entities, 'relationships.csv': hostile });
        const result = await runCliCaptured(['load', '--data', folder, ...neo4j]);
        expect(result.code).toBe(2);
        expect(await counts()).toEqual(before);
      }),
      { numRuns: 10 },
    );
  }, 60_000);
});

describe('CSV written by enduse neutralises formula injection', () => {
  const startsAFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);

  it('no written cell starts a formula, and every value reads back with at most a leading apostrophe', () => {
    const value = fc.oneof(fc.constantFrom(...FORMULA_CELLS), hostileCell, fc.string());
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 5 }), (rows) => {
        const dataset: Dataset = {
          entities: rows.map(([name, address, source], index) => ({ id: `e${index}`, name: name.trim() === '' ? 'x' : name, kind: 'company', address, source, aliases: [address] })) as Dataset['entities'],
          relationships: [],
          listings: [],
          jurisdictions: [],
          lists: [],
        };
        const folder = mkdtempSync(join(tmpdir(), 'enduse-export-'));
        writeDataset(dataset, folder);
        const [header, ...records] = parse(readFileSync(join(folder, 'entities.csv'), 'utf8'), { relax_column_count: true }) as string[][];
        for (const record of records) for (const cell of record) expect(startsAFormula(cell), cell).toBe(false);
        records.forEach((record, index) => {
          const [name, address, source] = rows[index]!;
          const column = (named: string) => record[header!.indexOf(named)]!;
          for (const [written, original] of [[column('name'), name.trim() === '' ? 'x' : name], [column('address'), address], [column('source'), source]] as const) {
            expect([original, `'${original}`]).toContain(written);
          }
        });
      }),
      { numRuns: 100 },
    );
  });

  it('neutraliseFormula: formula starts get an apostrophe, plain numbers and other text are unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (cell) => {
        const written = neutraliseFormula(cell);
        expect(startsAFormula(written)).toBe(false);
        expect(written === cell || written === `'${cell}`).toBe(true);
        if (!startsAFormula(cell)) expect(written).toBe(cell);
      }),
    );
    for (const formula of FORMULA_CELLS) expect(neutraliseFormula(formula)).toBe(`'${formula}`);
  });
});
