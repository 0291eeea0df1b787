import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';

const TINY = join(import.meta.dirname, '../fixtures/import/tiny.ftm.json');

describe('enduse import', () => {
  it('--out writes a folder that validate accepts, with the report beside it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'enduse-import-')), 'tiny');
    const imported = await runCliCaptured(['import', 'ftm', TINY, '--out', out, '--format', 'json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ out, report: { counts: { entities: 3, relationships: 3, listings: 1 } } });
    const validated = await runCliCaptured(['validate', '--data', out, '--format', 'json']);
    expect(JSON.parse(validated.stdout)).toMatchObject({ valid: true, counts: { entities: 3, relationships: 3, listings: 1 } });
  });

  it('--load with the embedded store says what it would load and that nothing persists', async () => {
    const loaded = await runCliCaptured(['import', 'ftm', TINY, '--load', '--format', 'json']);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ load: { backend: 'memory', persists: false, summary: { entities: 3 } } });
  });

  it('answers neither or both destinations, a bad format and a missing file with exit 2', async () => {
    expect((await runCliCaptured(['import', 'ftm', TINY])).code).toBe(2);
    expect((await runCliCaptured(['import', 'ftm', TINY, '--load', '--out', 'x'])).code).toBe(2);
    expect((await runCliCaptured(['import', 'ftm', TINY, '--load', '--format', 'xml'])).code).toBe(2);
    expect((await runCliCaptured(['import', 'csv', '--mapping', 'no-such.yaml', '--load'])).code).toBe(2);
    expect((await runCliCaptured(['import', 'ftm', 'no-such.ftm.json', '--load'])).code).toBe(2);
    expect((await runCliCaptured(['import', 'ofac-sdn', 'no-such.csv', '--load'])).code).toBe(2);
  });
});
