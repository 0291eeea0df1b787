// A worker's outbox: shared memory its answers' bytes are written into and copied out of by the
// request thread (question-worker-task.ts writes, question-runner.ts reads). Its first four bytes
// say whether it is free (0) or holds an answer not yet copied out (1); the answer follows.

/** Bytes before the answer: the free-or-full state. */
const STATE_BYTES = 4;

export interface Outbox {
  state: Int32Array;
  bytes: Uint8Array;
}

/**
 * An answer left in a worker's outbox: `length` bytes at its start. The outbox's memory comes
 * with the first such answer of a worker only: each time it came, the request thread would count
 * it again as its own.
 */
export interface OutboxAnswer {
  kind: 'answer-in-outbox';
  worker: number;
  memory?: SharedArrayBuffer;
  length: number;
  complete: boolean;
  ms: number;
}

/** New shared memory for an outbox holding answers of up to `answerBytes`. */
export function outboxMemory(answerBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(STATE_BYTES + answerBytes);
}

export function outboxOf(memory: SharedArrayBuffer): Outbox {
  return { state: new Int32Array(memory, 0, 1), bytes: new Uint8Array(memory, STATE_BYTES) };
}

/** Marks the outbox free and wakes its worker if it waits for it. */
export function freeOutbox(outbox: Outbox): void {
  Atomics.store(outbox.state, 0, 0);
  Atomics.notify(outbox.state, 0);
}

/** Waits up to `waitMs` for the outbox to be free; whether it is. */
export function waitForFreeOutbox(outbox: Outbox, waitMs: number): boolean {
  Atomics.wait(outbox.state, 0, 1, waitMs);
  return Atomics.load(outbox.state, 0) === 0;
}

export function markOutboxFull(outbox: Outbox): void {
  Atomics.store(outbox.state, 0, 1);
}
