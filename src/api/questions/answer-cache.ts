// Answers to identical questions on the same data version, as the JSON bytes sent: bounded by
// bytes (least recently used first out), emptied when a newer data version is asked about.

export class AnswerCache {
  private version = 0;
  private readonly entries = new Map<string, Uint8Array>();
  private heldBytes = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  get(version: number, key: string): Uint8Array | undefined {
    if (version !== this.version) return undefined;
    const json = this.entries.get(key);
    if (json !== undefined) {
      // Most recently used last: eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, json);
    }
    return json;
  }

  set(version: number, key: string, json: Uint8Array): void {
    const size = json.byteLength + key.length * 2;
    // An answer of an older version is stale; one over an eighth of the cache would flush it.
    if (version < this.version || size > this.maxBytes / 8) return;
    if (version > this.version) this.clear(version);
    const previous = this.entries.get(key);
    if (previous !== undefined) this.heldBytes -= previous.byteLength + key.length * 2;
    this.entries.delete(key);
    this.entries.set(key, json);
    this.heldBytes += size;
    for (const [oldest, answer] of this.entries) {
      if (this.heldBytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.heldBytes -= answer.byteLength + oldest.length * 2;
    }
  }

  /** Drops every answer: the data changed (a load). */
  clear(version = this.version): void {
    this.entries.clear();
    this.heldBytes = 0;
    this.version = version;
  }
}
