// The snapshot file's layout, declared once (docs/snapshot-format.md describes it for readers):
// a fixed 24-byte prefix, a JSON header, then the sections, each starting on an 8-byte boundary.
// Integrity is a CRC-32 per section and one over the header: zlib's CRC-32 runs at several GB/s,
// where SHA-256 over the whole file was the largest part of reading a snapshot back.
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { treeNodeSchema } from './state-tree.ts';

/** Bumped whenever the layout or the meaning of a tree changes; a reader refuses any other. */
export const SNAPSHOT_LAYOUT_VERSION = 2;
/** magic (8) + layout version (u32 LE) + header length (u32 LE) + CRC-32 of the header region (u32 LE) + four zero bytes. */
export const PREFIX_BYTES = 24;
/** Where the prefix keeps the header region's CRC-32, and the zero word after it. */
export const HEADER_CRC_AT = 16;
export const RESERVED_AT = 20;
export const SECTION_ALIGNMENT = 8;
export { SNAPSHOT_EXTENSION, SNAPSHOT_MAGIC } from './snapshot-signature.ts';

/** One input file the snapshot was built from, with its SHA-256. */
export const inputFileSchema = z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const sectionSchema = z.object({
  kind: z.enum(['typed', 'text', 'serialised']),
  /** From the start of the file; a multiple of SECTION_ALIGNMENT. */
  offset: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** CRC-32 (zlib's, as `crc32` of node:zlib gives it) of the section's bytes; checked as it is read. */
  crc32: z.number().int().min(0).max(0xffffffff),
});

export const snapshotHeaderSchema = z.object({
  layout: z.literal(SNAPSHOT_LAYOUT_VERSION),
  /** The enduse version that wrote it. */
  writtenBy: z.string(),
  writtenAt: z.string(),
  /**
   * SHA-256 (hex) of the sections' bytes one after another, worked out when writing: the state's
   * identity (the same datasets give the same value). Not checked when reading: the CRC-32s are.
   */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The whole file's length, so a truncated file is refused before anything is read. */
  fileBytes: z.number().int().nonnegative(),
  /** The `--data` paths given to `enduse index`, in order, each with its files' digests. */
  inputs: z.array(z.object({ path: z.string(), files: z.array(inputFileSchema) })),
  counts: z.object({ entities: z.number().int(), relationships: z.number().int(), listings: z.number().int(), jurisdictions: z.number().int(), lists: z.number().int() }),
  sections: z.array(sectionSchema),
  tree: treeNodeSchema,
});
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;
export type SnapshotInputs = SnapshotHeader['inputs'];

/** `value` rounded up to the section alignment. */
export function aligned(value: number): number {
  return Math.ceil(value / SECTION_ALIGNMENT) * SECTION_ALIGNMENT;
}

/** zlib takes a 32-bit length: larger byte ranges are checked a gibibyte at a time, continuing the CRC. */
const CRC_CHUNK = 1 << 30;

/** The CRC-32 the layout records for `bytes` (any length; 0 for none, as zlib gives). */
export function crc32Of(bytes: Uint8Array): number {
  let crc = 0;
  for (let at = 0; at < bytes.byteLength; at += CRC_CHUNK) crc = crc32(bytes.subarray(at, Math.min(at + CRC_CHUNK, bytes.byteLength)), crc);
  return crc;
}
