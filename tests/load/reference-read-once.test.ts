// The reference data is read once per process while its files stay as they are (a command read it
// twice): each caller still gets its own copy, and a changed file is read again.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReference, REFERENCE_DIR } from '../../src/load/load-datasets.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';

const folder = mkdtempSync(join(tmpdir(), 'enduse-reference-'));
cpSync(REFERENCE_DIR, folder, { recursive: true });
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('readReference, read again', () => {
  it('gives each caller its own copy: what one changes, the next does not see', () => {
    readReference(folder);
    const first = readReference(folder);
    const listCount = first.lists.size;
    const period = first.jurisdictions[0]!;
    const code = period.code;
    first.lists.clear();
    first.jurisdictions.length = 0;
    period.code = 'ZZ';
    const second = readReference(folder);
    expect(second.lists.size).toBe(listCount);
    expect(second.jurisdictions[0]!.code).toBe(code);
  });

  it('reads a changed file again, and refuses it when it became invalid', () => {
    const before = readReference(folder).jurisdictions.length;
    const file = join(folder, 'jurisdictions.csv');
    const text = readFileSync(file, 'utf8');
    const lastRow = text.trimEnd().split('\n').at(-1)!;
    writeFileSync(file, `${text.trimEnd()}\n${lastRow.replace(/^[^,]*/, 'AF')}\n`);
    expect(readReference(folder).jurisdictions.length).toBe(before + 1);
    writeFileSync(file, `${text.trimEnd()}\n${lastRow.replace(/^[^,]*/, 'not a country')}\n`);
    expect(() => readReference(folder)).toThrow(InvalidInputError);
    writeFileSync(file, text);
    expect(readReference(folder).jurisdictions.length).toBe(before);
  });
});
