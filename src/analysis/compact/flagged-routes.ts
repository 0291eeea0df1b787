// findFlaggedRoutes over the compact index: the same layered earliest-arrival search as
// routes.ts (read its comment for the method and why it is exact), over typed arrays, so a
// search touches no objects until it builds the routes it found.
import { dayFromNumber, dayNumber, type IsoDay } from '../../domain/dates.ts';
import { GOODS_RELATIONSHIP_TYPES } from '../../domain/schema.ts';
import { NONE, type CompactGraph } from '../../store/compact/compact-graph.ts';
import type { FlagIndex } from '../flags.ts';
import type { Route, RouteEdge } from '../routes.ts';
import { withinBudget, type SearchBudget } from '../search-budget.ts';

export interface CompactRouteOptions {
  asOf: IsoDay;
  /** Already trimmed and lower-cased, as routes.ts reads it. */
  product: string | undefined;
  maxHops: number;
  flags: FlagIndex;
  /** Charged as routes.ts charges it: one step per state plus its goods edges. */
  budget?: SearchBudget;
}

/** Search states, in a growable arena: node, arrival day, the edge taken, the state before. */
export class States {
  node = new Int32Array(1024);
  time = new Float64Array(1024);
  edge = new Int32Array(1024);
  parent = new Int32Array(1024);
  length = 0;

  add(node: number, time: number, edge: number, parent: number): number {
    if (this.length === this.node.length) this.grow();
    const state = this.length++;
    this.node[state] = node;
    this.time[state] = time;
    this.edge[state] = edge;
    this.parent[state] = parent;
    return state;
  }

  private grow(): void {
    const size = this.node.length * 2;
    const grow = <T extends Int32Array | Float64Array>(array: T, make: (size: number) => T): T => {
      const grown = make(size);
      grown.set(array as never);
      return grown;
    };
    this.node = grow(this.node, (size) => new Int32Array(size));
    this.time = grow(this.time, (size) => new Float64Array(size));
    this.edge = grow(this.edge, (size) => new Int32Array(size));
    this.parent = grow(this.parent, (size) => new Int32Array(size));
  }
}

/**
 * Flagged routes from entity index `from`, in the order and with the paths routes.ts gives.
 *
 * @example compactFlaggedRoutes(graph, graph.indexOf('bluecoat')!, { asOf: '2011-06-30', product: undefined, maxHops: 6, flags })
 */
export function compactFlaggedRoutes(graph: CompactGraph, from: number, options: CompactRouteOptions): Route[] {
  const { states, found, foundHops } = compactRouteSearch(graph, from, options);
  return found.map((state, index) => routeOf(graph, states, state, foundHops[index]!, options.flags));
}

/** What the search found: the arena of states, and the state and hop count of each flagged target reached. */
export interface RouteSearchResult {
  states: States;
  found: number[];
  foundHops: number[];
}

/** The search alone, with no route objects built: what the benchmark compares with a bare BFS. */
export function compactRouteSearch(graph: CompactGraph, from: number, options: CompactRouteOptions): RouteSearchResult {
  const flagged = flaggedMask(graph, options.flags);
  const { outOffsets, edges } = graph;
  const { target, type, product, startDay, endDay } = edges;
  const goods = new Uint8Array(256);
  for (const name of GOODS_RELATIONSHIP_TYPES) goods[graph.typeCode[name]] = 1;
  const supplies = graph.typeCode.SUPPLIES;
  const filterProduct = options.product !== undefined;
  const productKeys = graph.productKeys();
  const wantedProduct = filterProduct ? (productKeys.keyOf.get(options.product!) ?? -2) : -2;
  const asOfDay = dayNumber(options.asOf);
  const goodsDegree = options.budget === undefined ? undefined : graph.goodsOutDegree();

  // Per-entity scratch is reused across searches, one 64-byte record per entity (the fields a
  // search reads for every edge share a cache line); `record[SEEN] === search` marks what this
  // search wrote, so nothing of size n is allocated or cleared per question.
  const scratch = scratchFor(graph);
  const search = ++scratch.searches;
  const record = scratch.records;
  record[from * RECORD + SEEN] = search;
  record[from * RECORD + EARLIEST] = -Infinity;
  const states = new States();
  const found: number[] = [];
  const foundHops: number[] = [];
  let layer = [states.add(from, -Infinity, NONE, NONE)];

  for (let hops = 1; hops <= options.maxHops && layer.length > 0; hops++) {
    const touched: number[] = [];
    const layerStamp = ++scratch.layers;
    for (const state of layer) {
      const node = states.node[state]!;
      const after = states.time[state]!;
      if (goodsDegree !== undefined && !withinBudget(options.budget, goodsDegree[node]! + 1)) break;
      for (let edge = outOffsets[node]!, last = outOffsets[node + 1]!; edge < last; edge++) {
        const edgeType = type[edge]!;
        if (goods[edgeType] === 0) continue;
        if (filterProduct && edgeType === supplies) {
          const edgeProduct = product[edge]!;
          if (edgeProduct !== NONE && productKeys.keys[edgeProduct] !== wantedProduct) continue;
        }
        const start = startDay[edge]!;
        if (start > asOfDay) continue;
        const time = after > start ? after : start;
        if (time > endDay[edge]!) continue;
        const next = target[edge]!;
        const at = next * RECORD;
        if (next === from || record[at + REACHED] === search || (record[at + SEEN] === search && time >= record[at + EARLIEST]!)) continue;
        if (record[at + LAYER] !== layerStamp) {
          record[at + LAYER] = layerStamp;
          touched.push(next);
        } else if (time >= record[at + BEST_TIME]!) {
          continue;
        }
        record[at + BEST_TIME] = time;
        record[at + BEST_EDGE] = edge;
        record[at + BEST_PARENT] = state;
      }
    }
    layer = [];
    for (const node of touched) {
      const at = node * RECORD;
      const time = record[at + BEST_TIME]!;
      record[at + SEEN] = search;
      record[at + EARLIEST] = time;
      const state = states.add(node, time, record[at + BEST_EDGE]!, record[at + BEST_PARENT]!);
      if (flagged[node] === 1) {
        record[at + REACHED] = search;
        found.push(state);
        foundHops.push(hops);
      } else {
        layer.push(state);
      }
    }
  }
  return { states, found, foundHops };
}

function routeOf(graph: CompactGraph, states: States, last: number, hops: number, flags: FlagIndex): Route {
  const path: string[] = [];
  const edges: RouteEdge[] = [];
  for (let state = last; state !== NONE; state = states.parent[state]!) {
    path.push(graph.ids[states.node[state]!]!);
    const edge = states.edge[state]!;
    if (edge === NONE) continue;
    const time = states.time[state]!;
    const relationship: RouteEdge = graph.relationship(edge);
    if (Number.isFinite(time)) relationship.at = isoDay(time);
    edges.push(relationship);
  }
  const targetId = graph.ids[states.node[last]!]!;
  return { target: targetId, path: path.reverse(), hops, reasons: flags.get(targetId) ?? [], edges: edges.reverse() };
}

/** Fields of an entity's scratch record, in slots of a Float64Array. */
const SEEN = 0;
const EARLIEST = 1;
const LAYER = 2;
const REACHED = 3;
const BEST_TIME = 4;
const BEST_EDGE = 5;
const BEST_PARENT = 6;
const RECORD = 8;

interface Scratch {
  searches: number;
  /** Layers of all searches so far: `record[LAYER] === layers` marks an entity touched in the current layer. */
  layers: number;
  records: Float64Array;
}

const scratches = new WeakMap<CompactGraph, Scratch>();

function scratchFor(graph: CompactGraph): Scratch {
  let scratch = scratches.get(graph);
  if (scratch === undefined || scratch.layers > 2 ** 50) {
    scratch = { searches: 0, layers: 0, records: new Float64Array(graph.nodeCount * RECORD) };
    scratches.set(graph, scratch);
  }
  return scratch;
}

const isoDays = new Map<number, IsoDay>();

/** dayFromNumber, remembered: routes repeat a few thousand days. */
function isoDay(day: number): IsoDay {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = dayFromNumber(day);
    isoDays.set(day, iso);
  }
  return iso;
}

const masks = new WeakMap<FlagIndex, { graph: CompactGraph; mask: Uint8Array }>();

/** Flagged entities as a byte per entity index, remembered per flag index. */
export function flaggedMask(graph: CompactGraph, flags: FlagIndex): Uint8Array {
  const known = masks.get(flags);
  if (known?.graph === graph) return known.mask;
  const mask = new Uint8Array(graph.nodeCount);
  for (const [id, reasons] of flags) {
    const index = graph.indexOf(id);
    if (index !== undefined && reasons.length > 0) mask[index] = 1;
  }
  masks.set(flags, { graph, mask });
  return mask;
}
