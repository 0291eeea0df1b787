// Reads a snapshot back into a compact state without parsing any dataset: one read per section
// into its own shared buffer (worker threads use the arrays in place), typed-array views over
// them, nothing copied per element. Each section's CRC-32 is checked as soon as it is read, and
// the state is built only once every check has held: a damaged, truncated or foreign file is
// refused whole, never half-read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InvalidInputError } from '../domain/errors.ts';
import type { CompactState } from '../store/compact/compact-graph-view.ts';
import { aligned, crc32Of, HEADER_CRC_AT, PREFIX_BYTES, RESERVED_AT, SECTION_ALIGNMENT, SNAPSHOT_LAYOUT_VERSION, SNAPSHOT_MAGIC, snapshotHeaderSchema, type SnapshotHeader } from './snapshot-layout.ts';
import { stateOfTree, TreeShapeError } from './state-tree.ts';
import { startsWithMagic } from './snapshot-signature.ts';

// Kept where they were first read from (snapshot-signature.ts has them, loading no snapshot code).
export { isSnapshotFile, isSnapshotPath } from './snapshot-signature.ts';

/** Most bytes one read asks for (a read cannot exceed 2 GiB). */
const READ_CHUNK = 1 << 30;

export interface SnapshotRead {
  header: SnapshotHeader;
  state: CompactState;
  /** The state's identity (hex) the header records: the SHA-256 of its sections, worked out when it was written. */
  sha256: string;
}

/**
 * The state a snapshot holds, or InvalidInputError (one line naming the file and the fix) when
 * the file is missing, not a snapshot, of another layout version, truncated or damaged.
 *
 * @example const { state } = await readSnapshot('big.enduse');
 */
export async function readSnapshot(path: string): Promise<SnapshotRead> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw refused(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw refused(path, 'is not a file');
    const size = stats.size;
    const read = <T extends Uint8Array>(into: T, position: number): T => {
      for (let done = 0; done < into.byteLength; ) {
        const got = readSync(fd, into, done, Math.min(READ_CHUNK, into.byteLength - done), position + done);
        if (got === 0) throw refused(path, 'is truncated');
        done += got;
      }
      return into;
    };
    if (size < PREFIX_BYTES) throw refused(path, size >= SNAPSHOT_MAGIC.length && !startsWithMagic(read(Buffer.alloc(SNAPSHOT_MAGIC.length), 0)) ? 'is not an enduse snapshot' : 'is truncated');
    const prefix = read(Buffer.alloc(PREFIX_BYTES), 0);
    if (!startsWithMagic(prefix)) throw refused(path, 'is not an enduse snapshot');
    const layout = prefix.readUInt32LE(8);
    if (layout !== SNAPSHOT_LAYOUT_VERSION) throw refused(path, `has snapshot layout ${layout}; this enduse reads layout ${SNAPSHOT_LAYOUT_VERSION}`);
    if (prefix.readUInt32LE(RESERVED_AT) !== 0) throw refused(path, 'is damaged (its prefix is not as written)');
    const headerLength = prefix.readUInt32LE(12);
    const bodyStart = aligned(PREFIX_BYTES + headerLength);
    if (bodyStart > size) throw refused(path, 'is truncated');
    const headerRegion = read(Buffer.alloc(bodyStart - PREFIX_BYTES), PREFIX_BYTES);
    if (crc32Of(headerRegion) !== prefix.readUInt32LE(HEADER_CRC_AT)) throw refused(path, 'is damaged (its header does not match its CRC-32)');
    const header = parseHeader(path, headerRegion.subarray(0, headerLength));
    if (header.fileBytes > size) throw refused(path, `is truncated (${size} of ${header.fileBytes} bytes)`);
    if (header.fileBytes < size) throw refused(path, `has ${size - header.fileBytes} bytes after its end`);

    let position = bodyStart;
    const sections = header.sections.map((section, index) => {
      if (section.offset < position || section.offset % SECTION_ALIGNMENT !== 0 || section.offset + section.bytes > size) throw refused(path, 'is damaged (its sections overlap or run past its end)');
      // The alignment gap (under 8 bytes) is written as zeros; the section checks do not cover it.
      if (section.offset - position >= SECTION_ALIGNMENT || read(Buffer.alloc(section.offset - position), position).some((byte) => byte !== 0)) throw refused(path, 'is damaged (bytes between its sections)');
      // In shared memory: the worker threads answering API questions read it in place.
      const bytes = read(new Uint8Array(new SharedArrayBuffer(section.bytes)), section.offset);
      // Checked while the bytes are fresh, so a damaged file stops before the rest is read.
      if (crc32Of(bytes) !== section.crc32) throw refused(path, `is damaged (section ${index} of ${header.sections.length} does not match its CRC-32)`);
      position = section.offset + section.bytes;
      return bytes;
    });
    if (position !== size) throw refused(path, 'is damaged (bytes after its last section)');
    closeSync(fd);
    fd = -1;
    let state: CompactState;
    try {
      state = stateOfTree(header.tree, sections);
    } catch (error) {
      // Every byte is as written: only a file from other code (another enduse with the same layout number) gets here.
      if (error instanceof TreeShapeError) throw refused(path, `is not readable by this enduse (${error.message})`);
      throw error;
    }
    return { header, state, sha256: header.sha256 };
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

function parseHeader(path: string, bytes: Uint8Array): SnapshotHeader {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw refused(path, 'is damaged (its header is not readable)');
  }
  const parsed = snapshotHeaderSchema.safeParse(json);
  if (!parsed.success) throw refused(path, 'is damaged (its header does not describe a snapshot)');
  return parsed.data;
}

/** The one-line refusal: which file, what is wrong, and how to make a good one. */
function refused(path: string, reason: string): InvalidInputError {
  return new InvalidInputError(`snapshot ${path} ${reason}; write it again with: enduse index --data DIR --out ${path}`);
}
