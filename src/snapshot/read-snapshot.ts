// Reads a snapshot back into a compact state without parsing any dataset: one read per section
// into its own shared buffer (worker threads use the arrays in place), typed-array views over
// them, nothing copied per element. Every byte after the prefix is checked against the SHA-256
// (on a worker thread, while reading goes on) before the state is handed out: a damaged,
// truncated or foreign file is refused whole, never half-read.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InvalidInputError } from '../domain/errors.ts';
import type { CompactState } from '../store/compact/compact-graph-view.ts';
import { aligned, PREFIX_BYTES, SECTION_ALIGNMENT, SNAPSHOT_EXTENSION, SNAPSHOT_LAYOUT_VERSION, SNAPSHOT_MAGIC, snapshotHeaderSchema, type SnapshotHeader } from './snapshot-layout.ts';
import { PARALLEL_HASH_MIN_BYTES, runningSha256, type RunningHash } from './parallel-hash.ts';
import { stateOfTree, TreeShapeError } from './state-tree.ts';

/** Most bytes one read asks for (a read cannot exceed 2 GiB). */
const READ_CHUNK = 1 << 30;

export interface SnapshotRead {
  header: SnapshotHeader;
  state: CompactState;
  /** The checksum (hex): the SHA-256 of everything after the prefix. */
  sha256: string;
}

/**
 * The state a snapshot holds, or InvalidInputError (one line naming the file and the fix) when
 * the file is missing, not a snapshot, of another layout version, truncated or damaged.
 *
 * `parallelHash` (default: for files of 16 MB and more) checks the checksum on a worker thread.
 *
 * @example const { state } = await readSnapshot('big.enduse');
 */
export async function readSnapshot(path: string, options: { parallelHash?: boolean } = {}): Promise<SnapshotRead> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw refused(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let hash: RunningHash | undefined;
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
    const headerLength = prefix.readUInt32LE(12);
    const bodyStart = aligned(PREFIX_BYTES + headerLength);
    if (bodyStart > size) throw refused(path, 'is truncated');
    hash = runningSha256(options.parallelHash ?? size >= PARALLEL_HASH_MIN_BYTES);
    const headerRegion = read(Buffer.alloc(bodyStart - PREFIX_BYTES), PREFIX_BYTES);
    hash.update(headerRegion);
    const header = parseHeader(path, headerRegion.subarray(0, headerLength));
    if (header.fileBytes > size) throw refused(path, `is truncated (${size} of ${header.fileBytes} bytes)`);
    if (header.fileBytes < size) throw refused(path, `has ${size - header.fileBytes} bytes after its end`);

    let position = bodyStart;
    const sections = header.sections.map((section) => {
      if (section.offset < position || section.offset % SECTION_ALIGNMENT !== 0 || section.offset + section.bytes > size) throw refused(path, 'is damaged (its sections overlap or run past its end)');
      hash!.update(read(Buffer.alloc(section.offset - position), position));
      // In shared memory: the checksum worker reads it in place, and so do the worker threads answering API questions.
      const bytes = read(new Uint8Array(new SharedArrayBuffer(section.bytes)), section.offset);
      hash!.update(bytes);
      position = section.offset + section.bytes;
      return bytes;
    });
    if (position !== size) throw refused(path, 'is damaged (bytes after its last section)');
    closeSync(fd);
    fd = -1;
    // Built while the checksum is worked out, handed out only if it matches.
    // A damaged section may fail to decode before the checksum says it is damaged: the checksum speaks first.
    let built: { state: CompactState } | { error: unknown };
    try {
      built = { state: stateOfTree(header.tree, sections) };
    } catch (error) {
      built = { error };
    }
    const digest = await hash.digest();
    hash = undefined;
    if (!digest.equals(prefix.subarray(16, PREFIX_BYTES))) throw refused(path, 'is damaged (its checksum does not match its contents)');
    if ('error' in built) {
      if (built.error instanceof TreeShapeError) throw refused(path, `is not readable by this enduse (${built.error.message})`);
      throw built.error;
    }
    return { header, state: built.state, sha256: digest.toString('hex') };
  } finally {
    hash?.abandon();
    if (fd >= 0) closeSync(fd);
  }
}

/** Whether `path` starts like a snapshot (its first eight bytes), for readers choosing how to read a file. */
export function isSnapshotFile(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      if (!fstatSync(fd).isFile()) return false;
      const magic = Buffer.alloc(SNAPSHOT_MAGIC.length);
      return readSync(fd, magic, 0, magic.length, 0) === magic.length && startsWithMagic(magic);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Unreadable or missing: not a snapshot; the dataset reader reports it as it does any path.
    return false;
  }
}

function startsWithMagic(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, SNAPSHOT_MAGIC.length).equals(SNAPSHOT_MAGIC);
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

/** Whether a `--data` path names a snapshot: by its `.enduse` ending (so a missing one is refused as a snapshot), or by its first bytes. */
export function isSnapshotPath(path: string): boolean {
  return path.endsWith(SNAPSHOT_EXTENSION) || isSnapshotFile(path);
}
