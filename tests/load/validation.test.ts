// Every class of validation problem, each located by file, line and field.
import { describe, expect, it } from 'vitest';
import { InvalidInputError, type Problem } from '../../src/domain/errors.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { tempDataset, VALID_ENTITIES, VALID_LISTINGS, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

function problemsOf(paths: string[]): Problem[] {
  try {
    readDatasets(paths);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  }
  throw new Error('expected the dataset to be rejected');
}

function rejectsWith(files: Record<string, string | Buffer>, expected: Partial<Problem>): void {
  const folder = tempDataset({ 'entities.csv': VALID_ENTITIES, ...files });
  const problems = problemsOf([folder]);
  expect(problems).toContainEqual(expect.objectContaining({ ...expected, file: expect.stringContaining(expected.file ?? '') }));
}

describe('readDatasets accepts', () => {
  it('a valid folder, with optional columns left out and in any order', () => {
    const folder = tempDataset({
      'entities.csv': 'kind,name,id\nmanufacturer,A,a\nend_user,B,b\n',
      'relationships.csv': 'type,target,source\nSUPPLIES,b,a\n',
    });
    const dataset = readDatasets([folder]);
    expect(dataset.entities.map((e) => e.id)).toEqual(['a', 'b']);
    expect(dataset.relationships).toHaveLength(1);
  });

  it('a UTF-8 BOM, quoted fields with commas and newlines, and aliases', () => {
    const folder = tempDataset({
      'entities.csv': '\uFEFFid,name,kind,aliases,address\nste,"Syrian Telecommunications Establishment, Damascus",end_user,STE;Syrian Telecom,"Line 1\nLine 2"\n',
    });
    const [entity] = readDatasets([folder]).entities;
    expect(entity).toMatchObject({ id: 'ste', name: 'Syrian Telecommunications Establishment, Damascus', aliases: ['STE', 'Syrian Telecom'], address: 'Line 1\nLine 2' });
  });

  it('partial dates, widened to the first day of a start and the last day of an end', () => {
    const folder = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': 'source,target,type,start,end\nbluecoat,cl,SUPPLIES,2010,2011-02\n' });
    expect(readDatasets([folder]).relationships[0]).toMatchObject({ start: '2010-01-01', end: '2011-02-28' });
  });

  it('the same data as one JSON file, and keeps parallel edges', () => {
    const json = {
      entities: [{ id: 'a', name: 'A', kind: 'company' }, { id: 'b', name: 'B', kind: 'company', aliases: ['Bee'] }],
      relationships: [{ source: 'a', target: 'b', type: 'OWNS', share: 30 }, { source: 'a', target: 'b', type: 'OWNS', share: 30 }],
    };
    const folder = tempDataset({ 'data.json': JSON.stringify(json) });
    const dataset = readDatasets([`${folder}/data.json`]);
    expect(dataset.relationships.map((r) => r.share)).toEqual([30, 30]);
    expect(new Set(dataset.relationships.map((r) => r.id)).size).toBe(2);
  });

  it('several --data paths merged, with references across them', () => {
    const first = tempDataset({ 'entities.csv': VALID_ENTITIES });
    const second = tempDataset({ 'entities.csv': 'id,name,kind\nother,Other,reseller\n', 'relationships.csv': 'source,target,type\nother,ste,SUPPLIES\n' });
    expect(readDatasets([first, second]).entities).toHaveLength(4);
  });
});

describe('readDatasets rejects, naming the place', () => {
  it('an unknown kind', () => rejectsWith({ 'entities.csv': 'id,name,kind\na,A,wholesaler\n' }, { file: 'entities.csv', line: 2, field: 'kind' }));
  it('an unknown relationship type', () => rejectsWith({ 'relationships.csv': 'source,target,type\nbluecoat,cl,SELLS\n' }, { file: 'relationships.csv', line: 2, field: 'type' }));
  it('a bad country code', () => rejectsWith({ 'entities.csv': 'id,name,kind,country\na,A,company,XX\n' }, { line: 2, field: 'country' }));
  it('a bad sector', () => rejectsWith({ 'entities.csv': 'id,name,kind,sector\na,A,company,army\n' }, { line: 2, field: 'sector' }));
  it('an id with forbidden characters', () => rejectsWith({ 'entities.csv': 'id,name,kind\na b,A,company\n' }, { line: 2, field: 'id' }));
  it('a malformed date', () => rejectsWith({ 'relationships.csv': 'source,target,type,start\nbluecoat,cl,SUPPLIES,29/10/2010\n' }, { line: 2, field: 'start' }));
  it('an impossible date', () => rejectsWith({ 'relationships.csv': 'source,target,type,start\nbluecoat,cl,SUPPLIES,2011-02-30\n' }, { line: 2, field: 'start' }));
  it('reversed dates', () => rejectsWith({ 'relationships.csv': 'source,target,type,start,end\nbluecoat,cl,SUPPLIES,2012,2011\n' }, { line: 2, field: 'end' }));
  it('reversed listing dates', () => rejectsWith({ 'listings.csv': 'entity_id,list,from,to\nste,BIS_ENTITY,2012,2011\n' }, { file: 'listings.csv', line: 2, field: 'to' }));
  it('a share out of range', () => rejectsWith({ 'relationships.csv': 'source,target,type,share\nbluecoat,cl,OWNS,120\n' }, { line: 2, field: 'share' }));
  it('a zero share', () => rejectsWith({ 'relationships.csv': 'source,target,type,share\nbluecoat,cl,OWNS,0\n' }, { line: 2, field: 'share' }));
  it('a non-numeric share', () => rejectsWith({ 'relationships.csv': 'source,target,type,share\nbluecoat,cl,OWNS,half\n' }, { line: 2, field: 'share' }));
  it('OWNS without a share', () => rejectsWith({ 'relationships.csv': 'source,target,type\nbluecoat,cl,OWNS\n' }, { line: 2, field: 'share' }));
  it('a share on CONTROLS', () => rejectsWith({ 'relationships.csv': 'source,target,type,share\nbluecoat,cl,CONTROLS,50\n' }, { line: 2, field: 'share' }));
  it('ownership of a person', () =>
    rejectsWith({ 'entities.csv': `${VALID_ENTITIES}p,A Person,person,,\n`, 'relationships.csv': 'source,target,type,share\nbluecoat,p,OWNS,50\n' }, { line: 2, field: 'target' }));
  it('a dangling source', () => rejectsWith({ 'relationships.csv': 'source,target,type\nghost,cl,SUPPLIES\n' }, { line: 2, field: 'source' }));
  it('a dangling target', () => rejectsWith({ 'relationships.csv': 'source,target,type\ncl,ghost,SUPPLIES\n' }, { line: 2, field: 'target' }));
  it('a dangling stated end user', () => rejectsWith({ 'relationships.csv': 'source,target,type,stated_end_user\nbluecoat,cl,SUPPLIES,ghost\n' }, { line: 2, field: 'stated_end_user' }));
  it('a dangling listing entity', () => rejectsWith({ 'listings.csv': 'entity_id,list\nghost,BIS_ENTITY\n' }, { file: 'listings.csv', line: 2, field: 'entity_id' }));
  it('an unknown list code', () => rejectsWith({ 'listings.csv': 'entity_id,list\nste,NOPE_LIST\n' }, { line: 2, field: 'list' }));
  it('an unknown jurisdiction flag', () => rejectsWith({ 'jurisdictions.csv': 'code,flag\nSY,naughty\n' }, { file: 'jurisdictions.csv', line: 2, field: 'flag' }));
  it('a duplicate id', () => rejectsWith({ 'entities.csv': `${VALID_ENTITIES}cl,Again,reseller,,\n` }, { line: 5, field: 'id' }));
  it('a missing required value', () => rejectsWith({ 'entities.csv': 'id,name,kind\na,,company\n' }, { line: 2, field: 'name' }));
  it('a missing required column', () => rejectsWith({ 'relationships.csv': 'source,target\nbluecoat,cl\n' }, { line: 1, field: 'type' }));
  it('an unknown column', () => rejectsWith({ 'relationships.csv': 'source,target,type,stated_enduser\nbluecoat,cl,SUPPLIES,ste\n' }, { line: 1, field: 'stated_enduser' }));
  it('a row with too many fields', () => rejectsWith({ 'relationships.csv': 'source,target,type\nbluecoat,cl,SUPPLIES,extra\n' }, { line: 2 }));
  it('an empty file', () => rejectsWith({ 'relationships.csv': '' }, { file: 'relationships.csv', line: 1 }));
  it('non-UTF-8 bytes, naming the line', () =>
    rejectsWith({ 'entities.csv': Buffer.concat([Buffer.from('id,name,kind\na,A,company\nb,'), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from(',company\n')]) }, { line: 3 }));
  it('a folder without entities.csv', () => {
    const folder = tempDataset({ 'relationships.csv': VALID_RELATIONSHIPS });
    expect(problemsOf([folder])).toContainEqual(expect.objectContaining({ file: expect.stringContaining('entities.csv') }));
  });
  it('a path that does not exist', () => expect(problemsOf(['/no/such/dataset'])).toHaveLength(1));
  it('invalid JSON', () => {
    const folder = tempDataset({ 'data.json': '{"entities": [' });
    expect(problemsOf([`${folder}/data.json`])).toHaveLength(1);
  });
  it('a JSON row with a bad field, naming its path', () => {
    const folder = tempDataset({ 'data.json': JSON.stringify({ entities: [{ id: 'a', name: 'A', kind: 'company' }, { id: 'b', name: 'B', kind: 'spy' }] }) });
    expect(problemsOf([`${folder}/data.json`])).toEqual([expect.objectContaining({ field: 'entities[1].kind' })]);
  });
  it('a duplicate id across two --data paths', () => {
    const first = tempDataset({ 'entities.csv': VALID_ENTITIES });
    const second = tempDataset({ 'entities.csv': 'id,name,kind\nste,Again,end_user\n' });
    expect(problemsOf([first, second])).toEqual([expect.objectContaining({ file: expect.stringContaining(second), line: 2, field: 'id' })]);
  });
  it('collects every problem, not only the first', () => {
    const folder = tempDataset({
      'entities.csv': 'id,name,kind,country\na,A,wholesaler,XX\nb,B,company,US\n',
      'relationships.csv': 'source,target,type,share\na,ghost,OWNS,150\n',
      'listings.csv': VALID_LISTINGS,
    });
    expect(problemsOf([folder]).length).toBeGreaterThanOrEqual(4);
  });
});
