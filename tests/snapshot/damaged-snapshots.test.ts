// A snapshot that is damaged, truncated, of another layout, not a snapshot or not a file is
// refused whole: exit 2 and one line naming the file and the fix, never a half-read answer.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { readSnapshot } from '../../src/snapshot/read-snapshot.ts';
import { PREFIX_BYTES, SNAPSHOT_LAYOUT_VERSION, type SnapshotHeader } from '../../src/snapshot/snapshot-layout.ts';
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

/** The good snapshot's header, and where its sections start. */
function headerOfGood(): SnapshotHeader {
  const bytes = readFileSync(good);
  return JSON.parse(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + bytes.readUInt32LE(12)).toString('utf8')) as SnapshotHeader;
}

/** A byte of the alignment gap before some section (written as zeros, not covered by the sections' CRC-32s). */
function gapByte(): number {
  const { sections } = headerOfGood();
  const index = sections.findIndex((section, at) => at > 0 && section.offset > sections[at - 1]!.offset + sections[at - 1]!.bytes);
  expect(index).toBeGreaterThan(0);
  return sections[index]!.offset - 1;
}

async function expectRefused(path: string, reason?: string): Promise<void> {
  const result = await runCliCaptured(['flags', '--data', path, '--as-of', shipped.asOf]);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toContain(`enduse index --data DIR --out ${path}`);
  if (reason !== undefined) expect(lines[0]).toContain(reason);
}

describe('a snapshot that cannot be trusted is refused', () => {
  it('reads back the good one', async () => {
    expect((await runCliCaptured(['flags', '--data', good, '--as-of', shipped.asOf])).code).toBe(0);
  });

  const size = () => readFileSync(good).length;
  const cases: [string, () => string, string?][] = [
    ['a flipped byte in the header\'s CRC-32', () => damaged('flip-checksum', (bytes) => flipped(bytes, 16)), 'header does not match its CRC-32'],
    ['a flipped byte in the prefix\'s zero word', () => damaged('flip-reserved', (bytes) => flipped(bytes, 21))],
    ['a flipped byte in the header', () => damaged('flip-header', (bytes) => flipped(bytes, 60)), 'header does not match its CRC-32'],
    ['a flipped byte in the header\'s padding', () => damaged('flip-header-padding', (bytes) => flipped(bytes, headerOfGood().sections[0]!.offset - 1)), 'header does not match its CRC-32'],
    ['a flipped byte in the middle', () => damaged('flip-middle', (bytes) => flipped(bytes, Math.floor(bytes.length / 2))), 'does not match its CRC-32'],
    ['a flipped byte in the first section', () => damaged('flip-first-section', (bytes) => flipped(bytes, headerOfGood().sections[0]!.offset)), 'section 0 of'],
    ['a flipped byte between two sections', () => damaged('flip-gap', (bytes) => flipped(bytes, gapByte())), 'between its sections'],
    ['a flipped last byte', () => damaged('flip-last', (bytes) => flipped(bytes, bytes.length - 1)), 'does not match its CRC-32'],
    ['a truncated file', () => damaged('truncated-half', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)))],
    ['a file missing its last byte', () => damaged('truncated-end', (bytes) => bytes.subarray(0, bytes.length - 1))],
    ['a file cut inside its prefix', () => damaged('truncated-prefix', (bytes) => bytes.subarray(0, 20))],
    ['an empty file', () => damaged('empty', () => Buffer.alloc(0))],
    ['bytes after its end', () => damaged('longer', (bytes) => Buffer.concat([bytes, Buffer.from('x')]))],
    ['the layout before (1, checked by SHA-256)', () => damaged('version-1', (bytes) => (bytes.writeUInt32LE(1, 8), bytes)), `has snapshot layout 1; this enduse reads layout ${SNAPSHOT_LAYOUT_VERSION}`],
    ['a later layout version', () => damaged('version-next', (bytes) => (bytes.writeUInt32LE(SNAPSHOT_LAYOUT_VERSION + 1, 8), bytes)), `has snapshot layout ${SNAPSHOT_LAYOUT_VERSION + 1}`],
    ['a wrong magic', () => damaged('magic', (bytes) => (bytes.write('NOTASNAP', 0, 'latin1'), bytes))],
    ['a CSV file named .enduse', () => damaged('csv', () => readFileSync(join(shipped.directory, 'entities.csv')))],
    ['a missing file', () => join(workDir, 'missing.enduse')],
    ['a folder', () => {
      const folder = join(workDir, 'folder.enduse');
      mkdirSync(folder, { recursive: true });
      return folder;
    }],
  ];
  for (const [what, make, reason] of cases) it(`with ${what}`, async () => expectRefused(make(), reason));

  it('with a damaged or cut section, read in process (serve reads it so)', async () => {
    const path = damaged('flip-in-process', (bytes) => flipped(bytes, size() - 100));
    await expect(readSnapshot(path)).rejects.toThrow(InvalidInputError);
    await expect(readSnapshot(path)).rejects.toThrow(/does not match its CRC-32/);
    const copy = join(workDir, 'good-copy.enduse');
    copyFileSync(good, copy);
    truncateSync(copy, size() - 8);
    await expect(readSnapshot(copy)).rejects.toThrow(InvalidInputError);
    expect((await readSnapshot(good)).state.entities.count).toBeGreaterThan(0);
  });

  it('index refuses an --out that is not a .enduse file, and snapshots mixed with dataset folders', async () => {
    expect((await runCliCaptured(['index', '--data', shipped.directory, '--out', join(workDir, 'x.bin')])).code).toBe(2);
    expect((await runCliCaptured(['index', '--data', shipped.directory])).code).toBe(2);
    expect((await runCliCaptured(['flags', '--data', good, shipped.directory])).code).toBe(2);
    expect((await runCliCaptured(['flags', '--data', good, good])).code).toBe(2);
  });
});
