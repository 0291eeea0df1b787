// The per-entity and per-slot arrays of the k-alternatives search (spur searches, target balls,
// route parts, crossable slots, hub indexes), kept per graph from one question to the next as
// compactRouteSearch keeps its own. At 1M entities they are some 55 MB a question: allocated
// afresh each time, that much external memory made V8 run a full mark-compact during nearly every
// k = 3 question from the largest manufacturer (node --trace-gc: one of about 110 ms in a
// question of 2.5 s), besides zeroing it. Stamped arrays keep their stamps here, so nothing of
// size n is cleared between questions; the rest are left all zero by whoever used them. A
// question runs synchronously, so two never share them at once (a worker thread has its own).
import type { CompactGraph } from '../../store/compact/compact-graph.ts';
import { HUB_DEGREE, HubIndexes } from './hub-index.ts';

export interface SpurArrays {
  /** The last stamp handed out (spur-search.ts). */
  stamps: number;
  seen: Int32Array;
  earliest: Float64Array;
  layerState: Int32Array;
  blocked: Int32Array;
}

export interface BallArrays {
  /** The last call's number (target-ball.ts). */
  call: number;
  members: Int32Array;
  mark: Int32Array;
}

interface KScratch {
  spur?: SpurArrays;
  ball?: BallArrays;
  /** All zero between questions (route parts clear what they set). */
  partIndexes?: { idAt: Int32Array; edgeInto: Int32Array };
  /** Per slot, filled anew by each question's edge rules. */
  crossable?: Uint8Array;
  hubs: Map<number, HubIndexes>;
}

const scratches = new WeakMap<CompactGraph, KScratch>();

function scratchOf(graph: CompactGraph): KScratch {
  let scratch = scratches.get(graph);
  if (scratch === undefined) {
    scratch = { hubs: new Map() };
    scratches.set(graph, scratch);
  }
  return scratch;
}

export function spurArrays(graph: CompactGraph): SpurArrays {
  const scratch = scratchOf(graph);
  const n = graph.nodeCount;
  scratch.spur ??= { stamps: 0, seen: new Int32Array(n), earliest: new Float64Array(n), layerState: new Int32Array(2 * n), blocked: new Int32Array(n) };
  return scratch.spur;
}

export function ballArrays(graph: CompactGraph): BallArrays {
  const scratch = scratchOf(graph);
  scratch.ball ??= { call: 0, members: new Int32Array(graph.nodeCount), mark: new Int32Array(graph.nodeCount) };
  return scratch.ball;
}

/** Two all-zero arrays of an entry per entity; whoever takes them leaves them all zero. */
export function partIndexes(graph: CompactGraph): { idAt: Int32Array; edgeInto: Int32Array } {
  const scratch = scratchOf(graph);
  scratch.partIndexes ??= { idAt: new Int32Array(graph.nodeCount), edgeInto: new Int32Array(graph.nodeCount) };
  return scratch.partIndexes;
}

/** A byte per slot: all zero when `zeroed`, else as the last question left it (for a caller that overwrites every byte). */
export function slotBytes(graph: CompactGraph, zeroed: boolean): Uint8Array {
  const scratch = scratchOf(graph);
  if (scratch.crossable === undefined) scratch.crossable = new Uint8Array(graph.edgeCount);
  else if (zeroed) scratch.crossable.fill(0);
  return scratch.crossable;
}

/** The graph's hub indexes for hubs of at least `minDegree` out-edges: they depend on the graph alone. */
export function hubIndexesOf(graph: CompactGraph, minDegree = HUB_DEGREE): HubIndexes {
  const { hubs } = scratchOf(graph);
  let indexes = hubs.get(minDegree);
  if (indexes === undefined) {
    indexes = new HubIndexes(graph, minDegree);
    hubs.set(minDegree, indexes);
  }
  return indexes;
}
