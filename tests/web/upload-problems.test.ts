// Where the Load data dialog places a problem in the files the reader picked: a CSV column by
// name and position, a JSON problem at the line and column of the value it is about.
import { describe, expect, it } from 'vitest';
import { bodyOf, placeProblem } from '../../src/web/upload-dialog.ts';

const json = { name: 'dataset.json', text: '{\n  "entities": [\n    {"id": "a", "name": "A", "kind": "company"},\n    {"id": "b", "name": "B", "kind": "spaceship"}\n  ]\n}\n' };

describe('the Load data dialog', () => {
  it('gives a CSV problem its column by name and position in the header', () => {
    const entities = { name: 'entities.csv', text: 'id,name,kind,country\nx,X,spaceship,AE\n' };
    expect(placeProblem({ file: 'entities.csv', line: 2, field: 'kind', message: 'bad kind' }, [entities])).toEqual({ file: 'entities.csv', line: 2, column: 'kind (3)', message: 'bad kind' });
  });

  it('places a JSON problem (body.entities[1].kind) at the line and column of its value', () => {
    expect(placeProblem({ field: 'body.entities[1].kind', message: 'Invalid option' }, [json])).toEqual({ file: 'dataset.json', line: 4, column: '38', message: 'entities.1.kind Invalid option' });
  });

  it('builds the CSV body by file name and the JSON body from the document, with name and mode', () => {
    expect(bodyOf([{ name: 'Entities.csv', text: 'id\n' }], 'mine', 'merge')).toEqual({ body: { files: { 'entities.csv': 'id\n' }, name: 'mine', mode: 'merge' } });
    expect(bodyOf([json], '', '')).toMatchObject({ body: { entities: [{ id: 'a' }, { id: 'b' }] } });
  });

  it('refuses, before sending anything, a file the loader does not read, a JSON file with others, and JSON that does not parse (with line and column)', () => {
    expect(bodyOf([{ name: 'people.csv', text: '' }], '', '')).toEqual({ problems: [{ file: 'people.csv', message: expect.stringContaining('entities.csv, relationships.csv, listings.csv, jurisdictions.csv') }] });
    expect(bodyOf([json, { name: 'entities.csv', text: '' }], '', '')).toEqual({ problems: [expect.objectContaining({ message: expect.stringContaining('one JSON file alone') })] });
    expect(bodyOf([{ name: 'bad.json', text: '{\n  "entities": [\n    {"id": "a",}\n  ]\n}' }], '', '')).toEqual({ problems: [{ file: 'bad.json', line: 3, column: '16', message: 'is not valid JSON here' }] });
  });
});
