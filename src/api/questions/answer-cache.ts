// Answers to identical questions on the same data version, as the JSON bytes sent: bounded by
// bytes, emptied when a newer data version is asked about.
//
// The bytes live in one buffer of the cache's size, used as a ring, not in a buffer per answer.
// V8 counts every buffer the request thread receives or allocates as external memory, and forces
// a collection (scavenges of 5-30 ms, then a mark-compact) each time 64 MB more of it has come in
// since the last one: under load, with answers arriving at 40 MB/s, every 1.5 s, and every
// request queued meanwhile waited (docs/reliability.md). Copied into the ring, an answer costs
// the request thread no allocation; the oldest answers are overwritten first, and an answer asked
// again from the older half of the ring is copied to its head, so what is used stays (about the
// least recently used out first, as before). An answer being sent is pinned: the ring never
// overwrites it until its response is done.

/** Where an answer's bytes are in the ring: from `start` (a position that only grows) for `length` bytes. */
interface Entry {
  start: number;
  length: number;
}

export class AnswerCache {
  private version = 0;
  /** Insertion order is ring order: the first entry is the oldest. */
  private readonly entries = new Map<string, Entry>();
  private heldBytes = 0;
  private ring: Uint8Array | undefined;
  /** Where the next answer goes (grows without bound; the offset in the ring is head % maxBytes). */
  private head = 0;
  /** Starts of answers being sent, with how many responses send each. */
  private readonly pins = new Map<number, number>();

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /** The largest answer kept: one over an eighth of the cache would flush most of it. */
  get largestAnswer(): number {
    return Math.floor(this.maxBytes / 8);
  }

  /** The cached answer: a view into the ring, valid until the next `set` unless held (see `held`). */
  get(version: number, key: string): Uint8Array | undefined {
    const entry = this.current(version, key);
    return entry === undefined ? undefined : this.view(entry);
  }

  /**
   * The cached answer, pinned: the ring does not overwrite it until `release` is called, once
   * the response that sends it is done.
   */
  held(version: number, key: string): { json: Uint8Array; release: () => void } | undefined {
    const entry = this.current(version, key);
    return entry === undefined ? undefined : { json: this.view(entry), release: this.pin(entry.start) };
  }

  /**
   * Keeps a copy of `json` (the caller may reuse its bytes at once). False when it is not kept:
   * stale, too large, or the ring's room is held by answers still being sent.
   */
  set(version: number, key: string, json: Uint8Array): boolean {
    if (version < this.version || json.byteLength > this.largestAnswer || this.maxBytes === 0) return false;
    if (version > this.version) this.clear(version);
    const start = this.place(json.byteLength);
    if (start === undefined) return false;
    this.forget(key);
    this.advanceTo(start + json.byteLength);
    this.ring!.set(json, start % this.maxBytes);
    this.remember(key, { start, length: json.byteLength });
    return true;
  }

  /** Drops every answer: the data changed (a load). Answers being sent stay pinned until sent. */
  clear(version = this.version): void {
    this.entries.clear();
    this.heldBytes = 0;
    this.version = version;
  }

  private current(version: number, key: string): Entry | undefined {
    if (version !== this.version) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    return entry.start < this.head - this.maxBytes / 2 ? this.moveToHead(key, entry) : entry;
  }

  private pin(start: number): () => void {
    this.pins.set(start, (this.pins.get(start) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.pins.get(start)! - 1;
      if (left === 0) this.pins.delete(start);
      else this.pins.set(start, left);
    };
  }

  private view(entry: Entry): Uint8Array {
    return this.ring!.subarray(entry.start % this.maxBytes, (entry.start % this.maxBytes) + entry.length);
  }

  /**
   * Where `length` bytes would go: at the head, or at the next lap's start when they do not fit
   * before the ring's end. Undefined when they would overwrite an answer being sent.
   */
  private place(length: number): number | undefined {
    this.ring ??= new Uint8Array(this.maxBytes);
    const lap = Math.floor(this.head / this.maxBytes);
    const start = (this.head % this.maxBytes) + length > this.maxBytes ? (lap + 1) * this.maxBytes : this.head;
    for (const pinned of this.pins.keys()) if (start + length > pinned + this.maxBytes) return undefined;
    return start;
  }

  /** Moves the head to `end`, dropping the answers whose bytes the ring now reaches again. */
  private advanceTo(end: number): void {
    this.head = end;
    for (const [key, entry] of this.entries) {
      if (entry.start + this.maxBytes >= end) break;
      this.entries.delete(key);
      this.heldBytes -= entry.length;
    }
  }

  /**
   * Copies an answer asked again to the head, so the ring overwrites it last (or leaves it where
   * it is when the room is held). Its old bytes are intact while they are copied: nothing is
   * written between placing and copying, and the copy allows overlap.
   */
  private moveToHead(key: string, entry: Entry): Entry {
    const start = this.place(entry.length);
    if (start === undefined) return entry;
    this.forget(key);
    this.advanceTo(start + entry.length);
    const from = entry.start % this.maxBytes;
    this.ring!.copyWithin(start % this.maxBytes, from, from + entry.length);
    const moved = { start, length: entry.length };
    this.remember(key, moved);
    return moved;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.heldBytes += entry.length;
  }

  private forget(key: string): void {
    const previous = this.entries.get(key);
    if (previous === undefined) return;
    this.entries.delete(key);
    this.heldBytes -= previous.length;
  }
}
