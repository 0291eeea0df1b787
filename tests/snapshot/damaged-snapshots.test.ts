// A snapshot that is damaged, truncated, of another layout, not a snapshot or not a file is
// refused whole: exit 2 and one line naming the file and the fix, never a half-read answer.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { readSnapshot } from '../../src/snapshot/read-snapshot.ts';
import { runCliCaptured } from '../support/capture-output.ts';

const workDir = mkdtempSync(join(tmpdir(), 'enduse-damaged-snapshot-'));
const good = join(workDir, 'good.enduse');
const shipped = shippedCases()[0]!;

beforeAll(async () => {
  const result = await runCliCaptured(['index', '--data', shipped.directory, '--out', good]);
  expect(result.code, result.stderr).toBe(0);
});

/** A copy of the good snapshot, changed by `damage`. */
function damaged(name: string, damage: (bytes: Buffer) => Buffer): string {
  const path = join(workDir, `${name}.enduse`);
  writeFileSync(path, damage(readFileSync(good)));
  return path;
}

function flipped(bytes: Buffer, at: number): Buffer {
  bytes[at] = bytes[at]! ^ 0x40;
  return bytes;
}

async function expectRefused(path: string): Promise<void> {
  const result = await runCliCaptured(['flags', '--data', path, '--as-of', shipped.asOf]);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toContain(`enduse index --data DIR --out ${path}`);
}

describe('a snapshot that cannot be trusted is refused', () => {
  it('reads back the good one', async () => {
    expect((await runCliCaptured(['flags', '--data', good, '--as-of', shipped.asOf])).code).toBe(0);
  });

  const size = () => readFileSync(good).length;
  const cases: [string, () => string][] = [
    ['a flipped byte in the checksum', () => damaged('flip-checksum', (bytes) => flipped(bytes, 20))],
    ['a flipped byte in the header', () => damaged('flip-header', (bytes) => flipped(bytes, 60))],
    ['a flipped byte in the middle', () => damaged('flip-middle', (bytes) => flipped(bytes, Math.floor(bytes.length / 2)))],
    ['a flipped last byte', () => damaged('flip-last', (bytes) => flipped(bytes, bytes.length - 1))],
    ['a truncated file', () => damaged('truncated-half', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)))],
    ['a file missing its last byte', () => damaged('truncated-end', (bytes) => bytes.subarray(0, bytes.length - 1))],
    ['a file cut inside its prefix', () => damaged('truncated-prefix', (bytes) => bytes.subarray(0, 20))],
    ['an empty file', () => damaged('empty', () => Buffer.alloc(0))],
    ['bytes after its end', () => damaged('longer', (bytes) => Buffer.concat([bytes, Buffer.from('x')]))],
    ['another layout version', () => damaged('version', (bytes) => (bytes.writeUInt32LE(2, 8), bytes))],
    ['a wrong magic', () => damaged('magic', (bytes) => (bytes.write('NOTASNAP', 0, 'latin1'), bytes))],
    ['a CSV file named .enduse', () => damaged('csv', () => readFileSync(join(shipped.directory, 'entities.csv')))],
    ['a missing file', () => join(workDir, 'missing.enduse')],
    ['a folder', () => {
      const folder = join(workDir, 'folder.enduse');
      mkdirSync(folder, { recursive: true });
      return folder;
    }],
  ];
  for (const [what, make] of cases) it(`with ${what}`, async () => expectRefused(make()));

  it('with a damaged section, also when the checksum is checked on a worker thread', async () => {
    const path = damaged('flip-worker', (bytes) => flipped(bytes, size() - 100));
    await expect(readSnapshot(path, { parallelHash: true })).rejects.toThrow(InvalidInputError);
    const copy = join(workDir, 'good-copy.enduse');
    copyFileSync(good, copy);
    truncateSync(copy, size() - 8);
    await expect(readSnapshot(copy, { parallelHash: true })).rejects.toThrow(InvalidInputError);
    expect((await readSnapshot(good, { parallelHash: true })).state.entities.count).toBeGreaterThan(0);
  });

  it('index refuses an --out that is not a .enduse file, and snapshots mixed with dataset folders', async () => {
    expect((await runCliCaptured(['index', '--data', shipped.directory, '--out', join(workDir, 'x.bin')])).code).toBe(2);
    expect((await runCliCaptured(['index', '--data', shipped.directory])).code).toBe(2);
    expect((await runCliCaptured(['flags', '--data', good, shipped.directory])).code).toBe(2);
    expect((await runCliCaptured(['flags', '--data', good, good])).code).toBe(2);
  });
});
