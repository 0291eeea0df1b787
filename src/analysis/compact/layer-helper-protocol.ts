// What the searching thread and the search helper thread (layer-helper.ts, layer-helper-worker.ts)
// say to each other. A layer task and its answer travel as messages, read at once with
// receiveMessageOnPort since both threads are inside a synchronous search; the control words in
// shared memory say when one is there (Atomics.wait and notify).
import type { MessagePort } from 'node:worker_threads';
import type { HelperCandidates } from './layer-expansion.ts';

/** Slots of the control words (an Int32Array in shared memory). */
export const CONTROL = {
  /** Set to 1 by the helper once it waits for tasks. */
  ready: 0,
  /** Tasks posted so far: the searching thread adds one and notifies. */
  task: 1,
  /** Tasks answered so far: the helper sets it to `task` and notifies. */
  done: 2,
  /** Non-zero: the searching thread no longer wants this task's answer (its budget ran out). */
  abort: 3,
  /** How many of the helper's candidates the searching thread has merged (MERGE_DONE once it has them all): the helper reads ahead of it. */
  merged: 4,
  /** Counted up by the helper as it works (after its catch-up, and after each piece): the searching thread gives up on a helper that stays silent too long. */
  beat: 5,
} as const;
export const CONTROL_WORDS = 6;
/** CONTROL.merged once the searching thread has merged the layer. */
export const MERGE_DONE = 0x7fffffff;

/** What the helper is started with: the graph's goods adjacency, all in shared memory. */
export interface HelperStart {
  control: Int32Array;
  claims: BigInt64Array;
  port: MessagePort;
  offsets: Int32Array;
  records: Int32Array;
  productKey: Int32Array;
  goodsDegree: Int32Array;
  nodeCount: number;
}

/** Expand, as layer `layerStamp`, the pieces of a layer the helper claims from its back (claimBack). */
export interface LayerTask {
  searchBase: number;
  layerStamp: number;
  /** Where each layer's states begin in the arena, the last entry where the latest one ends: layer h is `layerStarts[h]` to `layerStarts[h + 1]`, stamped searchBase + h. */
  layerStarts: number[];
  /** The arena's states from here on are new to the helper: it takes their arrivals in before expanding (0: a new search). */
  syncFrom: number;
  node: Int32Array;
  time: Int32Array;
  /** 1 for a flagged entity (the searching thread's mask, in shared memory). */
  flagged: Uint8Array;
  /** The searching thread's own arrival words and arena slots per entity: read ahead of its merge, never written. */
  mergeArrivals: Int32Array;
  mergeStateOf: Int32Array;
  /** Where the layer ends: the helper's first piece ends here. */
  last: number;
  /** States a thread takes at a time (searchHelperSettings). */
  pieceStates: number;
  filterProduct: boolean;
  wantedProduct: number;
  asOfRank: number;
}

export type LayerAnswer =
  | {
      candidates: HelperCandidates;
      /** Each piece's candidates, as [first, end) pairs of the helper's arena, in the order it took them: back to front. */
      pieces: number[];
      steps: number;
      elapsedMs: number;
    }
  | { error: string };

export type HelperMessage = LayerTask | 'stop';

/**
 * Takes the next piece from the front of the layer's states not yet taken (the word `claims[0]`
 * holds back << 32 | front); answers the piece's end, or the front itself when none are left.
 * Only the searching thread moves the front, only the helper the back, so the two threads take
 * runs that never overlap and meet wherever the work balances.
 */
export function claimFront(claims: BigInt64Array, pieceStates: number): number {
  for (;;) {
    const word = Atomics.load(claims, 0);
    const front = Number(BigInt.asUintN(32, word));
    const back = Number(word >> 32n);
    if (front >= back) return front;
    const end = Math.min(front + pieceStates, back);
    if (Atomics.compareExchange(claims, 0, word, (BigInt(back) << 32n) | BigInt(end)) === word) return end;
  }
}

/** Takes the next piece from the back (see claimFront); answers the piece's start, or the back itself when none are left. */
export function claimBack(claims: BigInt64Array, pieceStates: number): number {
  for (;;) {
    const word = Atomics.load(claims, 0);
    const front = Number(BigInt.asUintN(32, word));
    const back = Number(word >> 32n);
    if (front >= back) return back;
    const start = Math.max(back - pieceStates, front);
    if (Atomics.compareExchange(claims, 0, word, (BigInt(start) << 32n) | BigInt(front)) === word) return start;
  }
}

/** Sets the states of a layer to take: from `front` to `back`. */
export function offerStates(claims: BigInt64Array, front: number, back: number): void {
  Atomics.store(claims, 0, (BigInt(back) << 32n) | BigInt(front));
}
