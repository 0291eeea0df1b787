// Every shipped reference row says where it comes from and when that source was last checked,
// law rows say whose law they are, and `enduse reference` lists them with their age.
import { describe, expect, it } from 'vitest';
import { referenceRows, REFERENCE_FILES } from '../../src/load/reference-rows.ts';
import { runCliCaptured } from '../support/capture-output.ts';

describe('the shipped reference data', () => {
  const rows = referenceRows('2026-12-02');

  it('has a source and a verified day on every row of every file', () => {
    expect(new Set(rows.map((row) => row.file))).toEqual(new Set(REFERENCE_FILES));
    const missing = rows.filter((row) => row.source === null || row.source.trim() === '' || row.verified === null).map((row) => `${row.file}:${row.line} ${row.what}`);
    expect(missing).toEqual([]);
    expect(rows.every((row) => row.ageDays !== null && row.ageDays >= 0)).toBe(true);
  });

  it('names the regime of every list, ownership rule and jurisdiction row', () => {
    const withoutRegime = rows.filter((row) => row.file !== 'free-trade-zones.csv' && row.regime === null).map((row) => `${row.file}:${row.line} ${row.what}`);
    expect(withoutRegime).toEqual([]);
  });

  it('marks the BIS Affiliates Rule after 9 Nov 2026 as unverified, and nothing else in the rules table', () => {
    expect(rows.filter((row) => row.file === 'ownership-rules.csv' && row.unverified).map((row) => row.what)).toEqual(['BIS_AFFILIATES flag 2026-11-10..…']);
  });
});

describe('enduse reference', () => {
  it('lists each row with its regime, source and age, as text and as JSON', async () => {
    const text = await runCliCaptured(['reference', '--file', 'ownership-rules.csv', '--as-of', '2026-12-12']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ownership-rules.csv:2  US  OFAC_50 flag 2008-02-14..2014-08-12  (checked 2026-12-02, 10 day(s) ago)');
    expect(text.stdout).toContain('[UNVERIFIED]');
    const json = await runCliCaptured(['reference', '--as-of', '2026-12-12', '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { asOf: string; rows: { file: string; what: string; regime: string | null; ageDays: number; source: string }[] };
    expect(parsed.asOf).toBe('2026-12-12');
    expect(parsed.rows.find((row) => row.what === 'SY comprehensive_sanctions 2004-05-11..2025-06-30')).toMatchObject({ regime: 'US', ageDays: 10, source: expect.stringContaining('Executive Order 14312') });
  });

  it('refuses an unknown file, naming the flag', async () => {
    const result = await runCliCaptured(['reference', '--file', 'nope.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--file');
  });
});
