// The build's cache of the validated reference data (src/load/reference-cache.ts) answers only for
// the very files it was made from: an edited file is read and validated again, and a damaged cache
// is ignored. Then the same through the built command, on a copy of the package.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../src/load/load-datasets.ts';
import { cachedReference, decodeReferenceCache, encodeReferenceCache, forgetReferenceCacheReads, referenceDigest } from '../../src/load/reference-cache.ts';
import { readReferenceSnapshot } from '../../src/load/reference-snapshot.ts';
import { distIsFresh, REPO } from '../support/built-dist.ts';

const work = mkdtempSync(join(tmpdir(), 'enduse-reference-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the shipped reference folder and a cache made from it, as the build makes one. */
function cachedCopy(name: string): { folder: string; cacheFile: string } {
  const folder = join(work, name);
  cpSync(REFERENCE_DIR, folder, { recursive: true });
  const cacheFile = join(work, `${name}.json`);
  writeFileSync(cacheFile, encodeReferenceCache(readReferenceSnapshot(folder), referenceDigest(folder)));
  forgetReferenceCacheReads();
  return { folder, cacheFile };
}

describe('the reference cache', () => {
  it('gives back the rows the readers validated, for files of the same bytes', () => {
    const { folder, cacheFile } = cachedCopy('same');
    const cached = cachedReference(folder, cacheFile);
    expect(cached).toEqual(readReferenceSnapshot(REFERENCE_DIR));
    expect(cached!.jurisdictions.length).toBeGreaterThan(50);
    // Each call has rows of its own.
    cached!.jurisdictions.length = 0;
    expect(cachedReference(folder, cacheFile)!.jurisdictions.length).toBeGreaterThan(50);
  });

  it('does not answer for a folder whose files changed: a changed day, an added row, a removed file', () => {
    const { folder, cacheFile } = cachedCopy('changed');
    const file = join(folder, 'jurisdictions.csv');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('2026-11-28', '2026-11-27'));
    expect(cachedReference(folder, cacheFile)).toBeUndefined();
    writeFileSync(file, `${text}${text.trimEnd().split('\n').at(-1)!}\n`);
    expect(cachedReference(folder, cacheFile)).toBeUndefined();
    rmSync(file);
    expect(cachedReference(folder, cacheFile)).toBeUndefined();
    writeFileSync(file, text);
    expect(cachedReference(folder, cacheFile)).toBeDefined();
  });

  it('ignores a cache that is truncated, altered, of another format, or not there', () => {
    const { folder, cacheFile } = cachedCopy('damaged');
    const digest = referenceDigest(folder);
    const text = readFileSync(cacheFile, 'utf8');
    expect(decodeReferenceCache(text, digest)).toBeDefined();
    expect(decodeReferenceCache(text.slice(0, text.length - 100), digest)).toBeUndefined();
    expect(decodeReferenceCache(text.replace('"OFAC_SDN"', '"OFAC_SDX"'), digest)).toBeUndefined();
    expect(decodeReferenceCache(text.replace('"format":1', '"format":0'), digest)).toBeUndefined();
    expect(decodeReferenceCache('not a cache', digest)).toBeUndefined();
    expect(decodeReferenceCache('', digest)).toBeUndefined();
    expect(cachedReference(folder, join(work, 'absent.json'))).toBeUndefined();
  });

  it('is not used by the sources unless given one (their schemas may be newer than the build)', () => {
    expect(cachedReference(REFERENCE_DIR)).toBeUndefined();
  });
});

// ---- the built command ---------------------------------------------------------------------

const fresh = distIsFresh();
if (!fresh && process.env.CI !== 'true') console.warn('tests/load/reference-cache.test.ts: the built command is not tested, dist/ is missing or older than src/ (run `npm run build`; `npm test` does)');

describe.runIf(fresh || process.env.CI === 'true')('the built command with its reference cache', () => {
  /** A copy of the built package (no sources, so bin/enduse.js runs dist/), sharing node_modules. */
  function packageCopy(name: string): string {
    const copy = join(work, name);
    for (const part of ['bin', 'dist', 'data', 'package.json']) cpSync(join(REPO, part), join(copy, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    return copy;
  }
  const reference = (copy: string) => spawnSync(process.execPath, [join(copy, 'bin', 'enduse.js'), 'reference', '--file', 'jurisdictions.csv', '--as-of', '2026-12-03', '--format', 'json'], { encoding: 'utf8' });
  const original = () => execFileSync(process.execPath, [join(REPO, 'bin', 'enduse.js'), 'reference', '--file', 'jurisdictions.csv', '--as-of', '2026-12-03', '--format', 'json'], { encoding: 'utf8' });

  it('was written by the build, and answers as the files do', () => {
    expect(existsSync(join(REPO, 'dist', 'reference-cache.json'))).toBe(true);
    const copy = packageCopy('built');
    expect(reference(copy).stdout).toBe(original());
  }, 60_000);

  it('reads an edited reference file again: a changed day shows, an invalid row is refused with its line', () => {
    const copy = packageCopy('edited');
    const file = join(copy, 'data', 'reference', 'jurisdictions.csv');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^(CU,comprehensive_sanctions,1962-02-07,,US,)2026-11-28/m, '$12026-11-20'));
    const { rows } = JSON.parse(reference(copy).stdout) as { rows: { what: string; verified: string; line: number }[] };
    expect(rows.find((row) => row.line === 2)).toMatchObject({ what: expect.stringContaining('CU comprehensive_sanctions') as unknown, verified: '2026-11-20' });

    const lines = text.split('\n');
    lines[2] = lines[2]!.replace(/^[^,]*/, 'not a country');
    writeFileSync(file, lines.join('\n'));
    const refused = reference(copy);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('jurisdictions.csv');
    expect(refused.stderr).toMatch(/line 3|:3\b/);
  }, 60_000);

  it('ignores a damaged cache and reads the files', () => {
    const copy = packageCopy('damaged-cache');
    const cacheFile = join(copy, 'dist', 'reference-cache.json');
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').slice(0, 500));
    const run = reference(copy);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(original());
  }, 60_000);
});
