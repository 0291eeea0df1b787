// When goods can cross a relationship slot of the compact index: crossingTime of the reference
// search (reference/flagged-routes.ts) over the typed-array columns, for searches that read
// edges by slot (the k-alternatives spur searches pull edges through the in-edge index too).
import { GOODS_RELATIONSHIP_TYPES } from '../../domain/schema.ts';
import { NONE, type CompactGraph } from '../../store/compact/compact-graph.ts';
import type { FlagIndex } from '../flags.ts';
import { flaggedMask } from './flagged-routes.ts';
import { slotBytes } from './k-scratch.ts';

const CROSSABLE = 1;
const NEVER = 2;

export class EdgeRules {
  /** 1 for a flagged entity (routes stop there). */
  readonly flagged: Uint8Array;
  private readonly goods = new Uint8Array(256);
  private readonly wantedProduct: number;
  private readonly productKeys: Int32Array;
  private readonly supplies: number;
  /**
   * Per slot: 0 not yet asked, CROSSABLE or NEVER. Yen's searches read the same slots for
   * target after target, and one byte saves reading the slot's type, product and dates, each a
   * cache miss in a column of its own. For a question of many targets it is filled up front in
   * one pass in slot order (reading those columns in order), cheaper than filling it as slots are
   * first asked about, which for the largest manufacturer at 1M meant millions of those misses;
   * for a few targets, as asked (the pass would cost more than their searches).
   */
  private readonly crossable: Uint8Array;

  constructor(
    private readonly graph: CompactGraph,
    flags: FlagIndex,
    /** The as-of day number: no edge starting after it is crossed. */
    private readonly asOfDay: number,
    /** Trimmed and lower-cased, or undefined for any product. */
    private readonly product: string | undefined,
    /** Whether to work out every slot up front (see `crossable`). */
    everySlotUpFront = false,
  ) {
    this.flagged = flaggedMask(graph, flags);
    for (const name of GOODS_RELATIONSHIP_TYPES) this.goods[graph.typeCode[name]] = 1;
    const keys = graph.productKeys();
    this.productKeys = keys.keys;
    this.wantedProduct = product === undefined ? -2 : (keys.keyOf.get(product) ?? -2);
    this.supplies = graph.typeCode.SUPPLIES;
    this.crossable = slotBytes(graph, !everySlotUpFront);
    if (everySlotUpFront) for (let edge = 0; edge < graph.edgeCount; edge++) this.crossable[edge] = this.workOutCrossable(edge);
  }

  /** Whether the slot moves goods of the product asked about and has started by the as-of date. */
  usable(edge: number): boolean {
    const { type, product, startDay } = this.graph.edges;
    const edgeType = type[edge]!;
    if (this.goods[edgeType] === 0) return false;
    if (this.product !== undefined && edgeType === this.supplies) {
      const edgeProduct = product[edge]!;
      if (edgeProduct !== NONE && this.productKeys[edgeProduct] !== this.wantedProduct) return false;
    }
    return startDay[edge]! <= this.asOfDay;
  }

  /** crossingTime from "any time": usable, and its window is not empty. */
  crossableAtSomeTime(edge: number): boolean {
    let known = this.crossable[edge]!;
    if (known === 0) {
      known = this.workOutCrossable(edge);
      this.crossable[edge] = known;
    }
    return known === CROSSABLE;
  }

  private workOutCrossable(edge: number): number {
    return this.usable(edge) && this.graph.edges.startDay[edge]! <= this.graph.edges.endDay[edge]! ? CROSSABLE : NEVER;
  }

  /** The earliest day goods at the slot's source from day `after` on can cross it; NaN when they cannot. */
  crossingTime(edge: number, after: number): number {
    if (!this.crossableAtSomeTime(edge)) return NaN;
    const start = this.graph.edges.startDay[edge]!;
    const time = after > start ? after : start;
    return time <= this.graph.edges.endDay[edge]! ? time : NaN;
  }
}
