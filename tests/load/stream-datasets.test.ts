// The streaming loader against readDatasets: the same dataset from good files, the same
// problems (file, line, field, message) from bad ones, including random corruptions of a
// generated dataset.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, type Problem } from '../../src/domain/errors.ts';
import type { Dataset } from '../../src/domain/schema.ts';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readDatasets, readReference } from '../../src/load/load-datasets.ts';
import { streamDatasets } from '../../src/load/stream-datasets.ts';
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

async function streamOutcome(paths: string[]): Promise<Outcome & { path?: string }> {
  try {
    const result = await streamDatasets(paths);
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

  it('on 40 random corruptions of a generated dataset', async () => {
    const folder = tempDataset({});
    await generateDataset(folder, { entities: 1000, relationships: 3000, seed: 9, listCodes: [...readReference().lists.keys()] });
    const files = ['entities.csv', 'relationships.csv', 'listings.csv'].map((name) => [name, readFileSync(join(folder, name), 'utf8')] as const);
    const random = seededRandom(6006);
    const junk = ['', ' ', 'XX', 'ghost', 'a b', '2011-02-30', '2011-13', '2030', '1999', '120', '0', '-5', 'half', 'OWNS', 'SUPPLIES', 'person', 'police', '"quoted, with comma"', '"two\nlines"', 'x,y'];
    for (let round = 0; round < 40; round++) {
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

  it('a JSON file, through readDatasets', async () => {
    const folder = tempDataset({ 'data.json': JSON.stringify({ entities: [{ id: 'a', name: 'A', kind: 'company' }] }) });
    expect(await expectSameOutcome([join(folder, 'data.json')])).toMatchObject({ path: 'reference' });
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
