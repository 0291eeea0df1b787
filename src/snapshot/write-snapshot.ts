// Writes a compact state as one snapshot file (layout: snapshot-layout.ts): the typed arrays
// straight from their buffers, no object per entity or relationship. Written beside the target
// and renamed over it when complete, so a reader never sees half a file.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { CompactState } from '../store/compact/compact-graph-view.ts';
import { aligned, crc32Of, HEADER_CRC_AT, PREFIX_BYTES, SNAPSHOT_LAYOUT_VERSION, SNAPSHOT_MAGIC, type SnapshotHeader, type SnapshotInputs } from './snapshot-layout.ts';
import { treeOfState } from './state-tree.ts';

export interface SnapshotWritten {
  path: string;
  bytes: number;
  sha256: string;
  counts: SnapshotHeader['counts'];
}

/**
 * Writes `state` to `path`. `inputs` are the files it was read from, with their digests.
 * @example writeSnapshot(state, 'big.enduse', { inputs: await inputDigests(['data/big']), writtenBy: '0.1.0' })
 */
export function writeSnapshot(state: CompactState, path: string, options: { inputs: SnapshotInputs; writtenBy: string }): SnapshotWritten {
  const { tree, sections } = treeOfState(state);
  const counts = { entities: state.entities.count, relationships: state.graph.edgeCount, listings: state.listings.length, jurisdictions: state.jurisdictions.length, lists: state.lists.size };
  // The sections are all in memory: their checks go into the header, written before them.
  const identity = createHash('sha256');
  const crcs = sections.map((section) => {
    identity.update(section.bytes);
    return crc32Of(section.bytes);
  });
  const sha256 = identity.digest('hex');
  const writtenAt = new Date().toISOString();
  const headerOf = (bodyStart: number) => {
    let offset = bodyStart;
    const placed = sections.map((section, index) => {
      const at = aligned(offset);
      offset = at + section.bytes.byteLength;
      return { kind: section.kind, offset: at, bytes: section.bytes.byteLength, crc32: crcs[index]! };
    });
    const header: SnapshotHeader = { layout: SNAPSHOT_LAYOUT_VERSION, writtenBy: options.writtenBy, writtenAt, sha256, fileBytes: offset, inputs: options.inputs, counts, sections: placed, tree };
    return Buffer.from(JSON.stringify(header), 'utf8');
  };
  // The header states the sections' offsets, which follow its own length: settle both.
  let bodyStart = aligned(PREFIX_BYTES + 1024);
  let header = headerOf(bodyStart);
  while (aligned(PREFIX_BYTES + header.length) !== bodyStart) {
    bodyStart = aligned(PREFIX_BYTES + header.length);
    header = headerOf(bodyStart);
  }
  const placed = (JSON.parse(header.toString('utf8')) as SnapshotHeader).sections;
  const fileBytes = placed.length === 0 ? bodyStart : placed.at(-1)!.offset + placed.at(-1)!.bytes;

  const temporary = `${path}.${process.pid}.partial`;
  const fd = openSync(temporary, 'w');
  try {
    let position = 0;
    const write = (bytes: Uint8Array) => {
      for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
      position += bytes.byteLength;
    };
    const headerRegion = Buffer.concat([header, Buffer.alloc(bodyStart - PREFIX_BYTES - header.length, 0x20)]);
    const prefix = Buffer.alloc(PREFIX_BYTES);
    SNAPSHOT_MAGIC.copy(prefix, 0);
    prefix.writeUInt32LE(SNAPSHOT_LAYOUT_VERSION, 8);
    prefix.writeUInt32LE(header.length, 12);
    prefix.writeUInt32LE(crc32Of(headerRegion), HEADER_CRC_AT);
    write(prefix);
    write(headerRegion);
    sections.forEach((section, index) => {
      write(Buffer.alloc(placed[index]!.offset - position));
      write(section.bytes);
    });
    if (position !== fileBytes) throw new Error(`snapshot layout mismatch: wrote ${position} bytes, the header says ${fileBytes}`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, path);
    return { path, bytes: fileBytes, sha256, counts };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed: the rename failed.
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}
