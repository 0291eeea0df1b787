// Millions of strings as one column: their UTF-8 bytes back to back in one shared byte array and
// an offset per value. Held as JavaScript strings, ten million ids and names cost about 1.5 GB of
// the garbage-collected heap (a header, a hash and padding each) and left Node collecting garbage
// against its 4 GB heap limit for most of a 10M load; here they cost their bytes plus 4 each,
// outside the heap, and a string is decoded only when an answer asks for it.
import { InvalidInputError } from '../../domain/errors.ts';
import { sharedUint8Array, sharedUint32Array } from './shared-arrays.ts';

/** Bytes a column can hold: its offsets are 32-bit. */
const MAX_BYTES = 2 ** 32 - 1;

/** The typed arrays of a TextColumn: what another thread (or a snapshot) rebuilds it from. */
export interface TextColumnParts {
  /** UTF-8 of every value, back to back. */
  bytes: Uint8Array;
  /** Value i is bytes[offsets[i], offsets[i + 1]); `count + 1` entries are used. */
  offsets: Uint32Array;
  count: number;
}

/**
 * Appends strings, reads them back by number.
 *
 * @example const names = new TextColumn('name'); names.push('Blue Coat'); names.at(0) // 'Blue Coat'
 */
export class TextColumn implements TextColumnParts {
  bytes: Uint8Array;
  offsets: Uint32Array;
  count = 0;
  private buffer: Buffer;

  /** `what` names the column in the error a column over 4 GiB gives. */
  constructor(
    private readonly what: string,
    expectedCount = 16,
    expectedBytes = 64,
  ) {
    this.bytes = sharedUint8Array(Math.max(64, expectedBytes));
    this.offsets = sharedUint32Array(Math.max(16, expectedCount) + 1);
    this.buffer = bufferOver(this.bytes);
  }

  /** The column over parts built elsewhere (shared memory read in place): for reading. */
  static over(parts: TextColumnParts, what = 'text'): TextColumn {
    const column = new TextColumn(what, 0, 0);
    column.bytes = parts.bytes;
    column.offsets = parts.offsets;
    column.count = parts.count;
    column.buffer = bufferOver(parts.bytes);
    return column;
  }

  /** Appends `value` as value number `count`. */
  push(value: string): void {
    const start = this.offsets[this.count]!;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (start + value.length * 3 > this.bytes.length) this.growBytes(start + value.length * 3);
    if (this.count + 2 > this.offsets.length) this.growOffsets();
    const written = value.length === 0 ? 0 : this.buffer.write(value, start, 'utf8');
    this.offsets[++this.count] = start + written;
  }

  at(index: number): string {
    return this.buffer.toString('utf8', this.offsets[index]!, this.offsets[index + 1]!);
  }

  /** Whether value `index` is the empty string (no decoding). */
  isEmpty(index: number): boolean {
    return this.offsets[index] === this.offsets[index + 1];
  }

  /** Bytes used, for the memory model. */
  get byteLength(): number {
    return this.offsets[this.count]!;
  }

  /** Trims the arrays to what is used, so a built state holds no slack (done once, after loading). */
  trim(): void {
    const bytes = sharedUint8Array(this.byteLength);
    bytes.set(this.bytes.subarray(0, bytes.length));
    const offsets = sharedUint32Array(this.count + 1);
    offsets.set(this.offsets.subarray(0, offsets.length));
    this.bytes = bytes;
    this.offsets = offsets;
    this.buffer = bufferOver(bytes);
  }

  /** The typed arrays alone, for posting to a worker thread. */
  parts(): TextColumnParts {
    return { bytes: this.bytes, offsets: this.offsets, count: this.count };
  }

  private growBytes(needed: number): void {
    if (needed > MAX_BYTES) {
      throw new InvalidInputError('the dataset is too large for one process', [
        { field: this.what, message: `the ${this.what} values take more than 4 GiB together; split the dataset or shorten them` },
      ]);
    }
    const bytes = sharedUint8Array(Math.min(MAX_BYTES, Math.max(needed, this.bytes.length * 2)));
    bytes.set(this.bytes.subarray(0, this.offsets[this.count]!));
    this.bytes = bytes;
    this.buffer = bufferOver(bytes);
  }

  private growOffsets(): void {
    const offsets = sharedUint32Array(this.offsets.length * 2);
    offsets.set(this.offsets.subarray(0, this.count + 1));
    this.offsets = offsets;
  }
}

function bufferOver(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
