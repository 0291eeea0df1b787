// A hub's out-edges by target entity: a manufacturer supplying 94k customers is the origin of
// every target's first spur search, and reading its whole out-edge block per target (or even
// looking its customers up in a Map) cost more than the rest of the search. A dense array per
// hub answers "the slots from this hub to that entity" with one read; the few hubs in use at a
// time are kept, the least recently used making room.
import type { CompactGraph } from '../../store/compact/compact-graph.ts';

/** Out-degree from which an entity's edges are read through its index. */
export const HUB_DEGREE = 16_384;
/** Hubs indexed at once (an Int32Array of the entity count each). */
const HUBS_KEPT = 4;

interface Entry {
  hub: number;
  /** Per entity: 1 + the hub's first slot to it, relative to the hub's block; 0 when none. */
  first: Int32Array;
  /** Per slot of the block: 1 + the next slot to the same entity; 0 when none. */
  next: Int32Array;
}

export class HubIndexes {
  /** Most recently used last. */
  private readonly entries: Entry[] = [];

  constructor(
    private readonly graph: CompactGraph,
    /** Out-degree from which an entity counts as a hub (tests lower it to reach this path on small graphs). */
    private readonly minDegree = HUB_DEGREE,
  ) {}

  /** Whether `node` has enough out-edges to be read through an index. */
  isHub(node: number): boolean {
    return this.graph.outOffsets[node + 1]! - this.graph.outOffsets[node]! >= this.minDegree;
  }

  /** Appends the slots from `hub` to `node` to `into` at `count`, in out-edge order; the new count. */
  slotsTo(hub: number, node: number, into: Int32Array, count: number): number {
    const entry = this.entryOf(hub);
    const base = this.graph.outOffsets[hub]!;
    for (let at = entry.first[node]!; at !== 0; at = entry.next[at - 1]!) into[count++] = base + at - 1;
    return count;
  }

  private entryOf(hub: number): Entry {
    const { entries } = this;
    const last = entries[entries.length - 1];
    if (last?.hub === hub) return last;
    const at = entries.findIndex((entry) => entry.hub === hub);
    if (at !== -1) {
      const [entry] = entries.splice(at, 1);
      entries.push(entry!);
      return entry!;
    }
    const { outOffsets } = this.graph;
    const { target } = this.graph.edges;
    let first: Int32Array;
    if (entries.length < HUBS_KEPT) first = new Int32Array(this.graph.nodeCount);
    else {
      // Reuse the least recently used hub's array: clear only what it set.
      const evicted = entries.shift()!;
      for (let edge = outOffsets[evicted.hub]!; edge < outOffsets[evicted.hub + 1]!; edge++) evicted.first[target[edge]!] = 0;
      first = evicted.first;
    }
    const base = outOffsets[hub]!;
    const next = new Int32Array(outOffsets[hub + 1]! - base);
    // From the end back, so each entity's chain runs in out-edge order.
    for (let edge = outOffsets[hub + 1]! - 1; edge >= base; edge--) {
      const node = target[edge]!;
      next[edge - base] = first[node]!;
      first[node] = edge - base + 1;
    }
    const entry = { hub, first, next };
    entries.push(entry);
    return entry;
  }
}
