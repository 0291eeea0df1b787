// The first layer of a spur search whose origin is a hub, worked out once and shared by every
// target's searches. The largest manufacturer at 1M has about 94k customers over hundreds of
// thousands of relationship slots (several per customer: one per product and period); reading
// and sorting each target's share of those slots was half of k = 3's time. Leaving the origin at
// a given time, what a customer gets is always the same: the earliest crossing over its slots and
// the first slot giving it, in the order a push first reaches the customer. Only which customers
// a search may enter depends on the target (its ball, flags, Yen's banned first steps), and that
// is decided per customer, so a search takes this layer's entries for the customers it may enter,
// in rank order, and gets exactly the states a push over the slots would have made.
import type { CompactGraph } from '../../store/compact/compact-graph.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';
import type { EdgeRules } from './edge-rules.ts';

/** Hub layers kept at once (an Int32Array of the entity count each). */
const LAYERS_KEPT = 4;

export interface HubFirstLayer {
  hub: number;
  /** Day number the goods are at the hub from (−Infinity: any time). */
  startTime: number;
  /** Per entity: 1 + its rank (the order a push first reaches it), 0 when no slot to it can be crossed. */
  rankOf: Int32Array;
  /** By rank: the entity, its earliest arrival and the first slot giving that arrival. */
  entity: Int32Array;
  time: Float64Array;
  slot: Int32Array;
  count: number;
}

export class HubFirstLayers {
  /** Most recently used last. */
  private readonly layers: HubFirstLayer[] = [];

  constructor(
    private readonly graph: CompactGraph,
    private readonly rules: EdgeRules,
  ) {}

  /**
   * The first layer from `hub` leaving at `startTime`; built on first use, reading the hub's slots
   * once (charged to the budget). Null when the budget ran out.
   */
  of(hub: number, startTime: number, budget: SearchBudget | undefined): HubFirstLayer | null {
    const { layers } = this;
    const last = layers[layers.length - 1];
    if (last?.hub === hub && last.startTime === startTime) return last;
    const at = layers.findIndex((layer) => layer.hub === hub && layer.startTime === startTime);
    if (at !== -1) {
      const [layer] = layers.splice(at, 1);
      layers.push(layer!);
      return layer!;
    }
    if (!withinBudget(budget, this.graph.outOffsets[hub + 1]! - this.graph.outOffsets[hub]! + 1)) return null;
    const layer = this.build(hub, startTime, layers.length < LAYERS_KEPT ? new Int32Array(this.graph.nodeCount) : this.evict());
    layers.push(layer);
    return layer;
  }

  /** Frees the least recently used layer's rank array (clearing only what it set). */
  private evict(): Int32Array {
    const evicted = this.layers.shift()!;
    for (let rank = 0; rank < evicted.count; rank++) evicted.rankOf[evicted.entity[rank]!] = 0;
    return evicted.rankOf;
  }

  private build(hub: number, startTime: number, rankOf: Int32Array): HubFirstLayer {
    const { outOffsets } = this.graph;
    const { target } = this.graph.edges;
    const first = outOffsets[hub]!;
    const last = outOffsets[hub + 1]!;
    const entity = new Int32Array(last - first);
    const time = new Float64Array(last - first);
    const slot = new Int32Array(last - first);
    let count = 0;
    // In out-edge order, as a push reads them: a customer's rank is its first crossable slot,
    // and a later slot replaces the arrival only when strictly earlier.
    for (let edge = first; edge < last; edge++) {
      const arrival = this.rules.crossingTime(edge, startTime);
      if (Number.isNaN(arrival)) continue;
      const node = target[edge]!;
      const rank = rankOf[node]! - 1;
      if (rank === -1) {
        entity[count] = node;
        time[count] = arrival;
        slot[count] = edge;
        rankOf[node] = ++count;
      } else if (arrival < time[rank]!) {
        time[rank] = arrival;
        slot[rank] = edge;
      }
    }
    return { hub, startTime, rankOf, entity, time, slot, count };
  }
}
