// Text → number (0, 1, 2… in insertion order) for a million keys: an open-addressing hash table
// (linear probing) in one typed array. A Map of a million fresh strings cost about a microsecond
// a lookup here: each lookup waits on memory several times in a row (the slot, the key string,
// its characters). Here a slot is 32 bytes (half a cache line) holding the number, a second
// hash, the length and, for keys of up to 20 Latin-1 characters (most ids), the characters
// themselves, so a lookup usually waits on memory once. Keys can be looked up by position in a
// larger text, so a loader need not cut a string per cell (see load/relationship-lines.ts).
// Hash: FNV-1a over UTF-16 code units (Fowler, Noll, Vo). The table lives in shared memory, so
// worker threads look ids up in it in place (IdIndex.over).
import { sharedInt32Array } from './shared-arrays.ts';

/** The number `getRange` returns for a key that is not in the index. */
export const ABSENT = -1;

/** Int32 words per slot: number + 1 (FREE for a free slot, so a new table needs no filling), hash, length, then INLINE_CHARS characters, four to a word. */
const SLOT = 8;
const FREE = 0;
const INLINE_CHARS = 20;
/** Length word of a key kept only as a string (longer than INLINE_CHARS, or not Latin-1). */
const NOT_INLINE = -1;

export class IdIndex {
  private table: Int32Array;
  /** Key number i, when the keys are kept elsewhere (the entity ids' text column); else `keys`. */
  private keyAt: (value: number) => string;
  /** The keys, when the index keeps them itself (no keyAt given). */
  private readonly keys: string[] | undefined;
  private count = 0;

  /**
   * Sized for `expectedCount` keys (it grows past them). Given `keyAt`, the index keeps no
   * string of its own: key number i is keyAt(i), read only for keys too long to sit in their slot.
   */
  constructor(expectedCount = 0, keyAt?: (value: number) => string) {
    this.table = sharedInt32Array(slotsFor(expectedCount) * SLOT);
    if (keyAt !== undefined) this.keyAt = keyAt;
    else {
      const keys: string[] = [];
      this.keys = keys;
      this.keyAt = (value) => keys[value]!;
    }
  }

  /**
   * The index whose table is `table` (shared memory, read in place), holding `count` keys, key
   * number i being keyAt(i): the same index in another thread, for lookups only.
   */
  static over(table: Int32Array, count: number, keyAt: (value: number) => string): IdIndex {
    const index = new IdIndex(0, keyAt);
    index.table = table;
    index.count = count;
    return index;
  }

  /** The hash table, in shared memory (see `over`). */
  get sharedTable(): Int32Array {
    return this.table;
  }

  get size(): number {
    return this.count;
  }

  get(id: string): number | undefined {
    const value = this.getRange(id, 0, id.length);
    return value === ABSENT ? undefined : value;
  }

  /** The number of the key written at text[start, end), or ABSENT. */
  getRange(text: string, start: number, end: number): number {
    return this.probe(text, start, end, hashRange(text, start, end));
  }

  /**
   * Looks up two keys written in `text` into found[0] and found[1] (ABSENT when missing). Both
   * slots are read before either key is compared, so the two waits on memory overlap.
   */
  getRangePair(text: string, start: number, end: number, secondStart: number, secondEnd: number, found: Int32Array): void {
    const table = this.table;
    const mask = table.length / SLOT - 1;
    const hash = hashRange(text, start, end);
    const secondHash = hashRange(text, secondStart, secondEnd);
    const first = table[(hash & mask) * SLOT]!;
    const second = table[(secondHash & mask) * SLOT]!;
    found[0] = first === FREE ? ABSENT : this.probe(text, start, end, hash);
    found[1] = second === FREE ? ABSENT : this.probe(text, secondStart, secondEnd, secondHash);
  }

  private probe(text: string, start: number, end: number, hash: number): number {
    const table = this.table;
    const mask = table.length / SLOT - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const base = slot * SLOT;
      if (table[base] === FREE) return ABSENT;
      const value = table[base]! - 1;
      if (table[base + 1] !== hash) continue;
      const stored = table[base + 2]!;
      if (stored === length ? inlineEquals(table, base, text, start, length) : stored === NOT_INLINE && this.stringEquals(value, text, start, length)) return value;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds `id` with number `value`; `value` must be the count of ids added before (0, 1, 2…). */
  set(id: string, value: number): this {
    if ((this.count + 1) * 2 > this.table.length / SLOT) this.grow();
    this.keys?.push(id);
    this.place(id, value);
    this.count++;
    return this;
  }

  private stringEquals(value: number, text: string, start: number, length: number): boolean {
    const key = this.keyAt(value);
    return key.length === length && text.startsWith(key, start);
  }

  private place(id: string, value: number): void {
    const table = this.table;
    const mask = table.length / SLOT - 1;
    const hash = hashRange(id, 0, id.length);
    let slot = hash & mask;
    while (table[slot * SLOT] !== FREE) slot = (slot + 1) & mask;
    const base = slot * SLOT;
    table[base] = value + 1;
    table[base + 1] = hash;
    table[base + 2] = inlinable(id) ? id.length : NOT_INLINE;
    if (table[base + 2] === NOT_INLINE) return;
    for (let at = 0; at < id.length; at++) table[base + 3 + (at >> 2)]! |= id.charCodeAt(at) << ((at & 3) << 3);
  }

  /**
   * Shrinks the table to the size the constructor gives for the keys it holds, when it has at
   * least twice that: a loader sizes the index from an estimate of the key count (the file's
   * bytes), and one that ran high (a 1M-entity file estimated past 2^20 keys) left the table a
   * quarter full, 64 MB more than its keys need at 1M. Lookups give the same numbers after.
   */
  trim(): void {
    const fitted = slotsFor(this.count);
    if (this.table.length / SLOT >= fitted * 2) this.rehash(fitted * SLOT);
  }

  /** Doubles the table. */
  private grow(): void {
    this.rehash(this.table.length * 2);
  }

  /** Moves every slot whole, by the hash it keeps, into a table of `length` words. */
  private rehash(length: number): void {
    const old = this.table;
    const table = sharedInt32Array(length);
    const mask = table.length / SLOT - 1;
    for (let base = 0; base < old.length; base += SLOT) {
      if (old[base] === FREE) continue;
      let slot = old[base + 1]! & mask;
      while (table[slot * SLOT] !== FREE) slot = (slot + 1) & mask;
      for (let word = 0; word < SLOT; word++) table[slot * SLOT + word] = old[base + word]!;
    }
    this.table = table;
  }
}

/** Slots for `count` keys: a power of two, at least 1,024, keeping the table at most half full. */
function slotsFor(count: number): number {
  let slots = 1 << 10;
  while (slots < count * 2) slots *= 2;
  return slots;
}

function inlinable(id: string): boolean {
  if (id.length > INLINE_CHARS) return false;
  for (let at = 0; at < id.length; at++) if (id.charCodeAt(at) > 0xff) return false;
  return true;
}

function inlineEquals(table: Int32Array, base: number, text: string, start: number, length: number): boolean {
  for (let at = 0; at < length; at++) {
    if (((table[base + 3 + (at >> 2)]! >>> ((at & 3) << 3)) & 0xff) !== text.charCodeAt(start + at)) return false;
  }
  return true;
}

/** FNV-1a of text[start, end), as a non-negative 31-bit number. */
function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at++) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1;
}
