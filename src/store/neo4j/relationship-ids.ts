// Relationship ids for rows read one at a time (record-identity.ts): the id derived from the
// content, with `-2`, `-3` … for identical rows seen before. Remembering millions of contents as
// strings would cost hundreds of megabytes; the 64-bit digest the id is made of is enough (two
// contents with one digest would share an id in every store anyway), kept in a typed-array set.
import { relationshipIdOf } from '../../domain/record-identity.ts';

const ID_PREFIX = 'r-'.length;

export class RelationshipIds {
  // Open addressing over the digest's two 32-bit halves; (0, 0) marks a free slot.
  private high: Uint32Array;
  private low: Uint32Array;
  private count = 0;
  private zeroSeen = false;
  /** How many times each repeated content was seen, by its first id: only repeats are here. */
  private readonly repeats = new Map<string, number>();

  /** `expected`: about how many rows will come (the set grows past it). */
  constructor(expected: number) {
    let capacity = 1 << 16;
    while (capacity < expected * 2) capacity *= 2;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
  }

  /**
   * The id of the next row with this content (relationshipContent).
   * @example ids.idOf(content) // 'r-3f1c…', then 'r-3f1c…-2' for the same content again
   */
  idOf(content: string): string {
    const first = relationshipIdOf(content, 0);
    if (this.insert(Number.parseInt(first.slice(ID_PREFIX, ID_PREFIX + 8), 16), Number.parseInt(first.slice(ID_PREFIX + 8, ID_PREFIX + 16), 16))) return first;
    const before = this.repeats.get(first) ?? 1;
    this.repeats.set(first, before + 1);
    return relationshipIdOf(content, before);
  }

  /** Adds a digest; false when it was there. */
  private insert(high: number, low: number): boolean {
    if (high === 0 && low === 0) {
      const seen = this.zeroSeen;
      this.zeroSeen = true;
      return !seen;
    }
    if ((this.count + 1) * 2 > this.high.length) this.grow();
    const mask = this.high.length - 1;
    for (let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const slotHigh = this.high[slot]!;
      const slotLow = this.low[slot]!;
      if (slotHigh === 0 && slotLow === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        this.count++;
        return true;
      }
      if (slotHigh === high && slotLow === low) return false;
    }
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    this.count = 0;
    for (let slot = 0; slot < high.length; slot++) if (high[slot] !== 0 || low[slot] !== 0) this.insert(high[slot]!, low[slot]!);
  }
}
