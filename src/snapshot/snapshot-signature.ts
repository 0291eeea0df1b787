// How a snapshot is recognised: its file name ending and its first eight bytes. Apart from the
// layout and the reader (zod schemas, zlib, v8) so that every command can ask whether a --data
// path is a snapshot, and its help name the ending, without loading any of them.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The file name ending `--data` recognises as a snapshot. */
export const SNAPSHOT_EXTENSION = '.enduse';

/** The first eight bytes of every snapshot. */
export const SNAPSHOT_MAGIC = Buffer.from('ENDUSNAP', 'latin1');

/** Whether a `--data` path names a snapshot: by its `.enduse` ending (so a missing one is refused as a snapshot), or by its first bytes. */
export function isSnapshotPath(path: string): boolean {
  return path.endsWith(SNAPSHOT_EXTENSION) || isSnapshotFile(path);
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

/** Whether `bytes` begin with the snapshot magic. */
export function startsWithMagic(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, SNAPSHOT_MAGIC.length).equals(SNAPSHOT_MAGIC);
}
