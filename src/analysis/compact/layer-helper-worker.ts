// The search helper thread (layer-helper.ts): waits for a layer task, expands the pieces it takes
// from the layer's back with expandLayer into an arena of its own, answers, and waits again. It
// keeps its own arrival word per entity, brought up to date from the searching thread's arena
// before each task, so the two threads never write the same memory.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { OPEN_RANK } from '../../store/compact/compact-graph.ts';
import { SearchBudget } from '../search-budget.ts';
import { expandLayer, States } from './layer-expansion.ts';
import { claimBack, CONTROL, MERGE_DONE, type HelperMessage, type HelperStart, type LayerAnswer, type LayerTask } from './layer-helper-protocol.ts';

const { control, claims, port, offsets, records, productKey, goodsDegree, nodeCount } = workerData as HelperStart;
const arrivals = new Int32Array(nodeCount);
const stateOf = new Int32Array(nodeCount);
const candidates = new States();
/** The highest stamp in `arrivals`: a search whose own stamp is not above it starts from a cleared array. */
let highestStamp = 0;

function expandPieces(task: LayerTask): LayerAnswer {
  const started = performance.now();
  const { searchBase, layerStamp, layerStarts, syncFrom, node, time, flagged } = task;
  if (syncFrom === 0 && searchBase <= highestStamp) arrivals.fill(0);
  // The arrivals of every state the searching thread settled since the last task, as it holds
  // them: the source and flagged entities at OPEN_RANK (never entered again), the others at their arrival.
  for (let layer = 0; layer + 1 < layerStarts.length; layer++) {
    const stamp = (searchBase + layer) << 24;
    for (let state = Math.max(layerStarts[layer]!, syncFrom), end = layerStarts[layer + 1]!; state < end; state++) {
      const entity = node[state]!;
      arrivals[entity] = stamp | (state === 0 || flagged[entity] === 1 ? OPEN_RANK : time[state]!);
    }
  }
  highestStamp = Math.max(highestStamp, layerStamp);
  Atomics.add(control, CONTROL.beat, 1);
  candidates.clear();
  const budget = new SearchBudget({ cancelled: { flags: control, index: CONTROL.abort } });
  const expansion = { offsets, records, productKey, flagged, filterProduct: task.filterProduct, wantedProduct: task.wantedProduct, asOfRank: task.asOfRank, searchBase, arrivals, stateOf, out: candidates, reached: undefined, reachedCount: 0, budget, goodsDegree };
  // Pieces come back to front, but each piece's candidates must be what the states before it in
  // the layer leave untouched: so after each piece, its entities' words go back to their arrival
  // from earlier layers, and the searching thread merges the pieces front to back.
  const pieces: number[] = [];
  for (let back = task.last, start = claimBack(claims, task.pieceStates); start < back; back = start, start = claimBack(claims, task.pieceStates)) {
    const first = candidates.length;
    if (expandLayer(expansion, layerStamp, node, time, start, back) < back) break;
    for (let candidate = first; candidate < candidates.length; candidate++) arrivals[candidates.node[candidate]!] = candidates.prior[candidate]!;
    pieces.push(first, candidates.length);
    Atomics.add(control, CONTROL.beat, 1);
  }
  const { length: count, node: nodes, time: times, edge, parent } = candidates;
  return { candidates: { count, node: nodes, time: times, edge, parent }, pieces, steps: budget.steps, elapsedMs: performance.now() - started };
}

/** Candidates the read-ahead stays ahead of the merge by: enough to hide a memory read, few enough that what it read is still cached. */
const READ_AHEAD = 4096;

/**
 * While the searching thread merges the candidates, in its order, this thread reads the same
 * entities' words of the searching thread's arrays a little ahead of it, so that the merge's
 * reads, random ones, find them in the cache the two cores share. It only reads: what it reads
 * changes nothing, whenever it reads it.
 */
function readAheadOfMerge(task: LayerTask, pieces: number[], answered: number): void {
  const { mergeArrivals, mergeStateOf } = task;
  let ordinal = 0;
  let behindUntil = 0;
  let sink = 0;
  for (let piece = pieces.length - 2; piece >= 0; piece -= 2) {
    for (let candidate = pieces[piece]!, end = pieces[piece + 1]!; candidate < end; candidate++, ordinal++) {
      if ((ordinal & 255) === 0) {
        let merged = Atomics.load(control, CONTROL.merged);
        while (merged !== MERGE_DONE && ordinal - merged > READ_AHEAD) {
          // A new task means the merge ended (and `merged` was set again for the next one).
          if (Atomics.load(control, CONTROL.task) !== answered) return;
          merged = Atomics.load(control, CONTROL.merged);
        }
        if (merged === MERGE_DONE) return;
        behindUntil = merged;
      }
      if (ordinal < behindUntil) continue;
      const entity = candidates.node[candidate]!;
      sink += mergeArrivals[entity]! + mergeStateOf[entity]!;
    }
  }
  readAheadSink[0] = sink;
}
/** Where the read-ahead's sum goes, so the reads are not left out as unused. */
const readAheadSink = new Int32Array(1);

Atomics.store(control, CONTROL.ready, 1);
for (let answered = 0; ; ) {
  Atomics.wait(control, CONTROL.task, answered);
  answered = Atomics.load(control, CONTROL.task);
  const message = receiveMessageOnPort(port)?.message as HelperMessage | undefined;
  if (message === 'stop') break;
  let answer: LayerAnswer;
  try {
    answer = message === undefined ? { error: 'a task was announced but no message came' } : expandPieces(message);
  } catch (error) {
    answer = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(answer);
  Atomics.store(control, CONTROL.done, answered);
  Atomics.notify(control, CONTROL.done);
  if (message !== undefined && 'pieces' in answer) readAheadOfMerge(message, answer.pieces, answered);
}
port.close();
