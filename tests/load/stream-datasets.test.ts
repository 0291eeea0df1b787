// The streaming loader against readDatasets: the same dataset from good files, the same
// problems (file, line, field, message) from bad ones, including random corruptions of a
// generated dataset and property-tested rows with awkward cells.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, type Problem } from '../../src/domain/errors.ts';
import type { Dataset } from '../../src/domain/schema.ts';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readDatasets, readReference } from '../../src/load/load-datasets.ts';
import { readRelationshipTail } from '../../src/load/relationship-tail.ts';
import { streamDatasets } from '../../src/load/stream-datasets.ts';
import { CompactGraphBuilder } from '../../src/store/compact/compact-graph-builder.ts';
import { seededRandom } from '../support/random.ts';
import { tempDataset, VALID_ENTITIES, VALID_LISTINGS, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

type Outcome = { problems: Problem[] } | { dataset: Dataset };

function referenceOutcome(paths: string[]): Outcome {
  try {
    return { dataset: readDatasets(paths) };
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return { problems: (error as InvalidInputError).problems };
  }
}

/** Set by the tests of the parallel read: relationships files from this size on are read half by a worker thread. */
let parallelReadMinBytes: number | undefined;

async function streamOutcome(paths: string[]): Promise<Outcome & { path?: string }> {
  try {
    const result = await streamDatasets(paths, { parallelReadMinBytes });
    if (result.kind === 'dataset') return { dataset: result.dataset, path: 'reference' };
    const { state } = result;
    const dataset: Dataset = {
      entities: [...state.entities],
      relationships: [...state.graph.relationships()],
      listings: [...state.listings],
      jurisdictions: [...state.jurisdictions],
      lists: [...state.lists.values()],
    };
    return { dataset, path: 'streamed' };
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return { problems: (error as InvalidInputError).problems };
  }
}

/** Plain JSON, problems sorted, relationships by id: the order of problems may differ between the two paths. */
function comparable(outcome: Outcome): unknown {
  if ('problems' in outcome) return { problems: outcome.problems.map((problem) => JSON.stringify(problem)).sort() };
  const { entities, relationships, listings, jurisdictions, lists } = JSON.parse(JSON.stringify(outcome.dataset)) as Dataset;
  return { entities, relationships: relationships.sort((a, b) => a.id.localeCompare(b.id)), listings, jurisdictions, lists };
}

async function expectSameOutcome(paths: string[]): Promise<Outcome> {
  const expected = referenceOutcome(paths);
  const actual = await streamOutcome(paths);
  expect(comparable(actual)).toEqual(comparable(expected));
  return actual;
}

const BAD_FILES: [string, Record<string, string | Buffer>][] = [
  ['an unknown kind', { 'entities.csv': 'id,name,kind\na,A,wholesaler\n' }],
  ['an unknown relationship type', { 'relationships.csv': 'source,target,type\nbluecoat,cl,SELLS\n' }],
  ['a bad country code and a bad sector', { 'entities.csv': 'id,name,kind,country,sector\na,A,company,XX,army\nb,B,company, ae ,police\n' }],
  ['an id with forbidden characters', { 'entities.csv': 'id,name,kind\na b,A,company\n' }],
  ['malformed, impossible and reversed dates', { 'relationships.csv': 'source,target,type,start,end\nbluecoat,cl,SUPPLIES,29/10/2010,\nbluecoat,cl,SUPPLIES,2011-02-30,\nbluecoat,cl,SUPPLIES,2012,2011\n' }],
  ['reversed listing dates and unknown list', { 'listings.csv': 'entity_id,list,from,to\nste,BIS_ENTITY,2012,2011\nste,NOPE_LIST,,\nghost,BIS_ENTITY,,\n' }],
  ['shares out of range, zero, not numeric, missing, forbidden', { 'relationships.csv': 'source,target,type,share\nbluecoat,cl,OWNS,120\nbluecoat,cl,OWNS,0\nbluecoat,cl,OWNS,half\nbluecoat,cl,OWNS,\nbluecoat,cl,CONTROLS,50\nbluecoat,cl,OWNS, 50\nbluecoat,cl,OWNS,1e1\n' }],
  ['ownership of a person', { 'entities.csv': `${VALID_ENTITIES}p,A Person,person,,\n`, 'relationships.csv': 'source,target,type,share\nbluecoat,p,OWNS,50\n' }],
  ['dangling source, target and stated end user', { 'relationships.csv': 'source,target,type,stated_end_user\nghost,cl,SUPPLIES,\ncl,ghost,SUPPLIES,\nbluecoat,cl,SUPPLIES,ghost\nbluecoat,cl,FRONT_FOR,ste\n' }],
  ['an unknown jurisdiction flag', { 'jurisdictions.csv': 'code,flag\nSY,naughty\n' }],
  ['a duplicate id', { 'entities.csv': `${VALID_ENTITIES}cl,Again,reseller,,\n` }],
  ['a missing required value', { 'entities.csv': 'id,name,kind\na,,company\n' }],
  ['a missing required column', { 'relationships.csv': 'source,target\nbluecoat,cl\n' }],
  ['an unknown column', { 'relationships.csv': 'source,target,type,stated_enduser\nbluecoat,cl,SUPPLIES,ste\n' }],
  ['a row with too many fields', { 'relationships.csv': 'source,target,type\nbluecoat,cl,SUPPLIES,extra\n' }],
  ['an empty file', { 'relationships.csv': '' }],
  ['non-UTF-8 bytes', { 'entities.csv': Buffer.concat([Buffer.from('id,name,kind\na,A,company\nb,'), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from(',company\n')]) }],
  ['an unclosed quote', { 'entities.csv': 'id,name,kind\na,"A,company\nb,B,company\n' }],
  ['a stray quote inside a field', { 'entities.csv': 'id,name,kind\na,A"x,company\n' }],
  ['CRLF line ends with a bad row', { 'entities.csv': 'id,name,kind\r\na,A,company\r\nb,B,spy\r\n' }],
  ['dates written like an earlier good one but not dates', { 'relationships.csv': 'source,target,type,start,end\nbluecoat,cl,SUPPLIES,2012,2012-05\nbluecoat,cl,SUPPLIES,2012-00,2012-05-00\nbluecoat,cl,SUPPLIES,2012-5,2012-05-1\nbluecoat,cl,SUPPLIES,0000,2012-05-31\nbluecoat,cl,SUPPLIES,0000-00,2012-05-32\n' }],
  ['padded enum values', { 'entities.csv': 'id,name,kind,sector\na,A, company,\nb,B,company,police \n', 'relationships.csv': 'source,target,type,evidence\na,b, SUPPLIES,\na,b,SUPPLIES,press \n' }],
];

describe('streamDatasets reports exactly what readDatasets reports', () => {
  for (const [name, files] of BAD_FILES) {
    it(name, async () => {
      const outcome = await expectSameOutcome([tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS, 'listings.csv': VALID_LISTINGS, ...files })]);
      expect('problems' in outcome).toBe(true);
    });
  }

  it('on a folder without entities.csv, a missing path, and a duplicate across two paths', async () => {
    await expectSameOutcome([tempDataset({ 'relationships.csv': VALID_RELATIONSHIPS })]);
    await expectSameOutcome(['/no/such/dataset']);
    await expectSameOutcome([tempDataset({ 'entities.csv': VALID_ENTITIES }), tempDataset({ 'entities.csv': 'id,name,kind\nste,Again,end_user\n' })]);
  });

  it('on 40 random corruptions of a generated dataset', () => expectSameOutcomeOnCorruptions(40));
});

/** Random corruptions (a bad cell put in three rows of each file) of one generated dataset, each read both ways. */
async function expectSameOutcomeOnCorruptions(rounds: number): Promise<void> {
  const folder = tempDataset({});
  await generateDataset(folder, { entities: 1000, relationships: 3000, seed: 9, listCodes: [...readReference().lists.keys()] });
  const files = ['entities.csv', 'relationships.csv', 'listings.csv'].map((name) => [name, readFileSync(join(folder, name), 'utf8')] as const);
  const random = seededRandom(6006);
  const junk = ['', ' ', 'XX', 'ghost', 'a b', '2011-02-30', '2011-13', '2030', '1999', '120', '0', '-5', 'half', 'OWNS', 'SUPPLIES', 'person', 'police', '"quoted, with comma"', '"two\nlines"', 'x,y'];
  for (let round = 0; round < rounds; round++) {
    const corrupted = tempDataset({});
    for (const [name, text] of files) {
      const lines = text.split('\n');
      for (let edit = 0; edit < 3; edit++) {
        const at = 1 + Math.floor(random() * (lines.length - 2));
        const cells = lines[at]!.split(',');
        cells[Math.floor(random() * cells.length)] = junk[Math.floor(random() * junk.length)]!;
        lines[at] = cells.join(',');
      }
      writeFileSync(join(corrupted, name), lines.join('\n'));
    }
    await expectSameOutcome([corrupted]);
  }
}

/** A CSV field as written: raw, or quoted with inner quotes doubled (then it takes another reading path). */
const written = (cell: string, quoted: boolean) => (quoted ? `"${cell.replaceAll('"', '""')}"` : cell);

/**
 * A CSV file of `required` and some `optional` columns in random order: each row starts valid
 * (a template's values, `{row}` standing for the row's number) and gets up to three awkward
 * cells from `awkward`; some cells quoted, LF or CRLF line ends.
 */
const csvFile = (templates: readonly Record<string, readonly string[]>[], awkward: Record<string, readonly string[]>, required: readonly string[], optional: readonly string[]) =>
  fc
    .record({
      columns: fc.shuffledSubarray([...optional]).chain((chosen) => fc.shuffledSubarray([...required, ...chosen], { minLength: required.length + chosen.length })),
      rows: fc.array(
        fc.record({
          // Unbiased, so every value of a pool turns up (fast-check favours small numbers).
          template: fc.noBias(fc.nat()),
          picks: fc.array(fc.noBias(fc.nat()), { minLength: 12, maxLength: 12 }),
          quotes: fc.array(fc.noBias(fc.nat({ max: 11 })), { minLength: 12, maxLength: 12 }),
          awkward: fc.array(fc.tuple(fc.noBias(fc.nat()), fc.noBias(fc.nat())), { maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 25 },
      ),
      lineEnd: fc.constantFrom('\n', '\n', '\r\n'),
    })
    .map(({ columns, rows, lineEnd }) => {
      const lines = rows.map((row, index) => {
        const template = templates[row.template % templates.length]!;
        const cells = columns.map((column, at) => template[column]![row.picks[at]! % template[column]!.length]!.replace('{row}', String(index)));
        for (const [column, pick] of row.awkward) {
          const pool = awkward[columns[column % columns.length]!]!;
          cells[column % columns.length] = pool[pick % pool.length]!;
        }
        return cells.map((cell, at) => written(cell, row.quotes[at] === 0)).join(',');
      });
      return [columns.join(','), ...lines].join(lineEnd) + lineEnd;
    });

const LONG_ID = 'a-very-long-entity-identifier-past-twenty-characters';
const ENTITY_TEMPLATES = [
  {
    id: ['e{row}', `${LONG_ID}-{row}`, 'c:{row}.x_y'],
    name: ['Alpha', 'Beta Corp', 'Ünïcödé GmbH'],
    kind: ['company', 'distributor', 'manufacturer', 'end_user'],
    country: ['US', 'ae', ''],
    sector: ['commercial', '', 'government'],
    aliases: ['', 'A;B'],
    address: ['', 'Unit 1'],
    source: ['', 'registry'],
    identifiers: [''],
  },
];
const AWKWARD_ENTITIES = {
  id: [' e0', 'e1 ', 'e 2', 'é', '', 'e0', `${LONG_ID}-1`, '\u00a0e3'],
  name: [' Padded ', '\u00a0Nbsp', 'Name, with comma', 'Quoted "name"', '', ' ', '\t', '\ufeffBom'],
  kind: [' company', 'Company', 'spy', '', 'person'],
  country: ['sY', ' SY', 'XX', 'U', 'USA', 'ıt', 'sy ', 'Us'],
  sector: ['police ', 'army', ' commercial'],
  aliases: [' x ; ;y ', ';', ' ', 'a;"b"'],
  address: [' Unit 2 ', '\u3000', '"quoted"tail'],
  source: [' src ', '\t'],
  identifiers: ['imo:9187629', 'bad identifier', ' '],
};
const RELATIONSHIP_TEMPLATES = [
  {
    source: ['a', 'b', LONG_ID],
    target: ['b', 'a', 'p', LONG_ID],
    type: ['SUPPLIES'],
    product: ['dpi', '', 'ProxySG', 'слежка'],
    start: ['2012-05-17', '2012', '', '2012-05', '2020-02-29'],
    end: ['', '2013', '2014-06-30'],
    share: [''],
    stated_end_user: ['', 'b', LONG_ID],
    evidence: ['press', '', 'court'],
    source_ref: ['', 'ref 1'],
  },
  { source: ['a', 'b'], target: ['b', LONG_ID], type: ['OWNS'], product: [''], start: ['2012', ''], end: ['', '2012-12'], share: ['50', '100', '33.5'], stated_end_user: [''], evidence: ['registry', ''], source_ref: [''] },
  { source: ['a', LONG_ID], target: ['b'], type: ['CONTROLS', 'FRONT_FOR'], product: ['', 'dpi'], start: [''], end: ['2013'], share: [''], stated_end_user: [''], evidence: [''], source_ref: ['ref 2'] },
];
const AWKWARD_RELATIONSHIPS = {
  source: [' a', 'a ', '\ta', 'ghost', '', 'A', `${LONG_ID}x`, 'é'],
  target: ['b ', 'ghost', '', 'B', 'p'],
  type: [' OWNS', 'owns', 'SELLS', '', 'OWNS', 'SUPPLIES', 'CONTROLS'],
  product: [' dpi', 'dpi ', 'Überwachung', '\u00a0x', ' ', 'a product name longer than twenty', '"quoted"tail', 'mid"quote'],
  start: ['2012-05-17', '2012', '2012-05', '2021-02-30', '2019-02-29', '2012-13', '2012-00', '2012-05-00', '0000', '0099-12-31', ' 2012', '2012 ', '2012-5', '17/05/2012', '2012-05-1', '２０１２', '2100'],
  end: ['2011', '2012-05', '2012-05-16', '2012-05-17', '2100-02-29', '2000-02-29', '9999-12-31', '2012-05-17 ', '2012-00', '2012'],
  share: ['50', '100.5', '0', '00.5', '1e1', ' 50', '50 ', '50.', '.5', '1234', '0050', '33.333333333333', '33.3333333333333', '-5', 'half', '100.000', ''],
  stated_end_user: ['b', 'ghost', ' b', LONG_ID, ''],
  evidence: [' press', 'PRESS', 'rumour', 'court'],
  source_ref: ['', ' ref', 'référence', 'a "quoted" ref', 'x,y', '\t', '"unclosed'],
};
/**
 * The two loaders agree on the folder, and again each time the rows they refuse are taken out of
 * `file`, so awkward rows that load are compared by content, not only bad ones by problem.
 * Returns whether it ended on a loaded dataset.
 */
async function expectSameOutcomeWithoutRefusedRows(folder: string, file: string): Promise<boolean> {
  const path = join(folder, file);
  for (let round = 0; round < 5; round++) {
    const outcome = await expectSameOutcome([folder]);
    if (!('problems' in outcome)) return true;
    const refused = new Set(outcome.problems.filter((problem) => problem.file === path).map((problem) => problem.line));
    if (refused.size === 0 || refused.has(undefined) || refused.has(1)) return false;
    const text = readFileSync(path, 'utf8');
    const lineEnd = text.includes('\r\n') ? '\r\n' : '\n';
    writeFileSync(path, text.split(lineEnd).filter((_, at) => !refused.has(at + 1)).join(lineEnd));
  }
  return false;
}

const PROPERTY_ENTITIES = `id,name,kind\na,A,company\nb,B,company\n${LONG_ID},Long,company\np,A Person,person\n`;

describe('streamDatasets on rows with awkward cells (property-based), exactly as readDatasets', () => {
  it('relationships: padded, partial, impossible and reversed dates, unknown ids, shares, quotes, missing columns', async () => {
    const relationships = csvFile(RELATIONSHIP_TEMPLATES, AWKWARD_RELATIONSHIPS, ['source', 'target', 'type'], ['product', 'start', 'end', 'share', 'stated_end_user', 'evidence', 'source_ref']);
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(relationships, async (file) => {
        if (await expectSameOutcomeWithoutRefusedRows(tempDataset({ 'entities.csv': PROPERTY_ENTITIES, 'relationships.csv': file }), 'relationships.csv')) loaded++;
      }),
      { numRuns: 300 },
    );
    // Most files end up loaded once refused rows are out, so accepted rows were compared by content.
    expect(loaded).toBeGreaterThan(150);
  }, 120_000);

  it('entities: padded and unknown kinds, countries of any case, blank names, aliases, duplicates, an unknown-to-the-fast-path column', async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(csvFile(ENTITY_TEMPLATES, AWKWARD_ENTITIES, ['id', 'name', 'kind'], ['country', 'sector', 'aliases', 'address', 'source', 'identifiers']), async (file) => {
        if (await expectSameOutcomeWithoutRefusedRows(tempDataset({ 'entities.csv': file }), 'entities.csv')) loaded++;
      }),
      { numRuns: 200 },
    );
    expect(loaded).toBeGreaterThan(100);
  }, 120_000);

  it('a valid row of each kind is read by the fast paths, not only judged by the ordinary one', async () => {
    const folder = tempDataset({
      'entities.csv': `id,name,kind,country,sector,aliases\na,A,company,us,commercial,X;Y\nb,B,distributor,,,\n${LONG_ID},Long,company,,,\n`,
      'relationships.csv': `source,target,type,product,start,end,share,evidence,source_ref\na,b,SUPPLIES,dpi,2012,2012-05,,press,ref\n${LONG_ID},b,OWNS,,2012-05-17,,33.5,,\n`,
    });
    const outcome = await expectSameOutcome([folder]);
    expect(outcome).toMatchObject({ path: 'streamed' });
  });
});

describe('streamDatasets reads good files like readDatasets', () => {
  it('a generated dataset, streamed: the same entities, relationships (ids too), listings and flags', async () => {
    const folder = tempDataset({});
    await generateDataset(folder, { entities: 2000, relationships: 9000, seed: 3, listCodes: [...readReference().lists.keys()] });
    const outcome = await expectSameOutcome([folder]);
    expect(outcome).toMatchObject({ path: 'streamed' });
  });

  it('quoted fields with commas and newlines, a BOM, CRLF line ends, parallel identical edges', async () => {
    const folder = tempDataset({
      'entities.csv': '\uFEFFid,name,kind,aliases,address\r\nste,"Syrian Telecommunications Establishment, Damascus",end_user,STE;Syrian Telecom,"Line 1\r\nLine 2"\r\na,A,company,,\r\n',
      'relationships.csv': 'source,target,type,product\na,ste,SUPPLIES,dpi\na,ste,SUPPLIES,dpi\na,ste,SUPPLIES,"dpi, v2"\n',
    });
    const outcome = await expectSameOutcome([folder]);
    expect(outcome).toMatchObject({ path: 'streamed' });
  });

  it('files of several megabytes read in 1 MB chunks: a chunk cut inside a UTF-8 character and inside a quoted multi-line field, LF and CRLF', async () => {
    const chunk = 1 << 20;
    for (const lineEnd of ['\n', '\r\n']) {
      const header = `id,name,kind,address${lineEnd}`;
      const rows: string[] = [header];
      let bytes = Buffer.byteLength(header);
      for (let index = 0; bytes < 3.5 * chunk; index++) {
        let row = `e${index},Nämé ${index},company,${index % 7 === 0 ? `"Line 1${lineEnd}Line 2, €"` : 'Unit €'}${lineEnd}`;
        const boundary = Math.ceil((bytes + 1) / chunk) * chunk;
        if (boundary - bytes < 200) {
          // Cut the first chunk inside a '€' (3 bytes), the second inside a quoted field's line end, the third inside an 'é' (2 bytes).
          const which = boundary / chunk;
          const start = which === 2 ? `e${index},N,company,"` : `e${index},`;
          const filler = 'x'.repeat(boundary - bytes - start.length - 1);
          row = start + filler + (which === 1 ? `€,company,${lineEnd}` : which === 2 ? `${lineEnd}tail"${lineEnd}` : `é,company,${lineEnd}`);
        }
        rows.push(row);
        bytes += Buffer.byteLength(row);
      }
      const relationships = ['source,target,type,product', ...Array.from({ length: 60_000 }, (_, index) => `e${index},e${(index * 7) % 30_000},SUPPLIES,dpï ${index % 13}`)].join(lineEnd);
      const outcome = await expectSameOutcome([tempDataset({ 'entities.csv': rows.join(''), 'relationships.csv': relationships })]);
      expect(outcome).toMatchObject({ path: 'streamed' });
    }
  }, 60_000);

  it('one quoted address of 500,000 lines (a hostile field CI once spun on for minutes) reads as one record, LF and CRLF', async () => {
    // The streaming reader used to recount the quotes of every line so far at each new line of an
    // open field: quadratic, 1.25e11 steps here. The test's wait is vitest's default.
    for (const lineEnd of ['\n', '\r\n']) {
      const address = `"Unit 1${lineEnd.repeat(500_000)}Dubai"`;
      const folder = tempDataset({ 'entities.csv': `id,name,kind,address${lineEnd}res,Reseller,company,${address}${lineEnd}b,B,company,${lineEnd}` });
      const outcome = await expectSameOutcome([folder]);
      expect(outcome).toMatchObject({ path: 'streamed' });
      if (!('dataset' in outcome)) throw new Error('expected a dataset');
      expect(outcome.dataset.entities.map((entity) => entity.id)).toEqual(['res', 'b']);
      expect(outcome.dataset.entities[0]!.address).toBe(`Unit 1${lineEnd.repeat(500_000)}Dubai`);
    }
  });

  it('a JSON file, through readDatasets', async () => {
    const folder = tempDataset({ 'data.json': JSON.stringify({ entities: [{ id: 'a', name: 'A', kind: 'company' }] }) });
    expect(await expectSameOutcome([join(folder, 'data.json')])).toMatchObject({ path: 'reference' });
  });
});

describe('streamDatasets with the second half of relationships.csv read by a worker thread, exactly as readDatasets', () => {
  beforeAll(() => {
    parallelReadMinBytes = 0;
  });
  afterAll(() => {
    parallelReadMinBytes = undefined;
  });

  it('on 12 random corruptions of a generated dataset', () => expectSameOutcomeOnCorruptions(12), 120_000);

  it('a generated dataset (quoted lines in both halves), LF and CRLF', async () => {
    const folder = tempDataset({});
    await generateDataset(folder, { entities: 2000, relationships: 9000, seed: 4, listCodes: [...readReference().lists.keys()] });
    expect(await expectSameOutcome([folder])).toMatchObject({ path: 'streamed' });
    const crlf = tempDataset({});
    for (const name of ['entities.csv', 'relationships.csv', 'listings.csv']) writeFileSync(join(crlf, name), readFileSync(join(folder, name), 'utf8').replaceAll('\n', '\r\n'));
    expect(await expectSameOutcome([crlf])).toMatchObject({ path: 'streamed' });
  }, 60_000);

  it('a quoted field of many lines across the middle of the file, and bad rows after it', async () => {
    const half = Array.from({ length: 400 }, (_, index) => `bluecoat,cl,SUPPLIES,dpi ${index % 9},2011-0${1 + (index % 9)},,,,,ref ${index}`);
    const field = `"${Array.from({ length: 300 }, (_, index) => `line ${index}`).join('\n')}"`;
    const relationships = ['source,target,type,product,start,end,share,stated_end_user,evidence,source_ref', ...half, `bluecoat,cl,SUPPLIES,dpi,,,,,,${field}`, ...half, 'ghost,cl,SUPPLIES,,,,,,,'].join('\n');
    const outcome = await expectSameOutcome([tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': `${relationships}\n` })]);
    expect('problems' in outcome).toBe(true);
  });
});

describe('readRelationshipTail (the worker thread\'s part)', () => {
  it('reads the lines it accepts and stops at the first it leaves to the loading thread, saying at which byte', async () => {
    const builder = new CompactGraphBuilder(16, 16);
    for (const id of ['a', 'b', 'é-long-identifier-of-thirty-chars']) builder.addEntity({ id, name: id.toUpperCase(), kind: 'company', aliases: [] });
    const header = 'source,target,type,product,start,end,share,stated_end_user,evidence,source_ref\n';
    const good = 'a,b,SUPPLIES,dpi,2012,,,,press,ref\né-long-identifier-of-thirty-chars,a,SUPPLIES,"dpi, v2",2012-05-01,,,,,"ré ""1"""\n';
    const rest = 'a,ghost,SUPPLIES,,,,,,,\nb,a,SUPPLIES,,,,,,,\n';
    const folder = tempDataset({ 'relationships.csv': header + good + rest });
    const ids = builder.entities.ids;
    const result = await readRelationshipTail({
      file: join(folder, 'relationships.csv'),
      from: Buffer.byteLength(header),
      to: Buffer.byteLength(header + good + rest),
      columns: { source: 0, target: 1, type: 2, product: 3, start: 4, end: 5, share: 6, statedEndUser: 7, evidence: 8, sourceRef: 9, unknown: [] },
      fieldCount: 10,
      idTable: builder.indexById.sharedTable,
      ids: { bytes: ids.bytes, offsets: ids.offsets, count: ids.count },
      kind: builder.entities.kind,
      entityCount: builder.entityCount,
    });
    expect(result).toMatchObject({ count: 2, lines: 2, stoppedAt: Buffer.byteLength(header + good), products: ['dpi', 'dpi, v2'], texts: ['ref', 'ré "1"'], dates: ['2012-01-01', '2012-05-01'] });
    expect([...result.columns.source.subarray(0, 2)]).toEqual([0, 2]);
    expect([...result.columns.target.subarray(0, 2)]).toEqual([1, 0]);
  });
});

describe('enduse generate', () => {
  it('writes the same bytes for the same seed, and different bytes for another', async () => {
    const listCodes = [...readReference().lists.keys()];
    const write = async (seed: number) => {
      const folder = tempDataset({});
      await generateDataset(folder, { entities: 1500, relationships: 6000, seed, listCodes });
      return ['entities.csv', 'relationships.csv', 'listings.csv', 'jurisdictions.csv'].map((name) => readFileSync(join(folder, name), 'utf8')).join('\u0000');
    };
    const first = await write(5);
    expect(await write(5)).toBe(first);
    expect(await write(6)).not.toBe(first);
  });
});
