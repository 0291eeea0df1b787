// What a worker thread of the question pool does with one task: rebuild the compact view of the
// task's data version once (shared arrays in place, the rest deserialised), then answer.
import { threadId, workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { FreeTradeZone } from '../../domain/red-flags.ts';
import { CompactGraphView } from '../../store/compact/compact-graph-view.ts';
import { compactStateFromShared, type SharedCompactState } from '../../store/compact/shared-compact-state.ts';
import { Deadline } from '../deadline.ts';
import { buildNameIndexParts, type NameIndexParts } from '../../analysis/name-index.ts';
import { markOutboxFull, outboxMemory, outboxOf, waitForFreeOutbox, type OutboxAnswer } from './outbox.ts';
import { answerQuestionText, type QuestionOutcome, type TextOutcome } from './answer-question.ts';
import { HEAVY_QUESTIONS } from './heavy-questions.ts';
import type { QuestionName } from './question.ts';

export interface QuestionTask {
  version: number;
  index: SharedCompactState;
  /** Absent for a warm-up task: build the view, answer nothing. */
  question?: QuestionName;
  /** Instead of a question: build the search's name index of the view, for the request thread. */
  job?: 'name-index';
  input?: unknown;
  /** The request's arrival (Date.now()) and time budget: queue time counts. */
  startedAt: number;
  budgetMs: number;
  /** Raised (non-zero) by the request thread when nobody wants the answer any more. */
  cancelled: Int32Array;
}

export type TaskOutcome = QuestionOutcome | OutboxAnswer | { kind: 'warm'; ms: number } | { kind: 'name-index'; parts: NameIndexParts; ms: number };

export interface QuestionWorkerData {
  freeTradeZones: readonly FreeTradeZone[];
  /** Bytes of each worker's outbox; 0 for none (every answer's bytes then move on their own). */
  outboxBytes: number;
}

/** How long a worker waits for its outbox to be copied out before it hands its answer over on its own. */
const OUTBOX_WAIT_MS = 100;

const { freeTradeZones, outboxBytes } = workerData as QuestionWorkerData;
const encoder = new TextEncoder();
/** Views by data version: two, so a task of the version just replaced does not rebuild it. */
const views = new Map<number, CompactGraphView>();
const VIEWS_KEPT = 2;

function viewOf(version: number, index: SharedCompactState): CompactGraphView {
  let view = views.get(version);
  if (view === undefined) {
    view = new CompactGraphView(compactStateFromShared(index));
    views.set(version, view);
    while (views.size > VIEWS_KEPT) views.delete(Math.min(...views.keys()));
  }
  return view;
}

export function runQuestionTask(task: QuestionTask): TaskOutcome {
  if (Atomics.load(task.cancelled, 0) !== 0) return { kind: 'cancelled', ms: 0 };
  const started = performance.now();
  const view = viewOf(task.version, task.index);
  if (task.job === 'name-index') return movingNameIndex(buildNameIndexParts(view.entities()).parts, Math.round(performance.now() - started));
  if (task.question === undefined) return { kind: 'warm', ms: Math.round(performance.now() - started) };
  const deadline = new Deadline(task.budgetMs, task.startedAt, { flags: task.cancelled, index: 0 });
  return delivered(answerQuestionText(view, HEAVY_QUESTIONS[task.question], task.input, { deadline, freeTradeZones }));
}

/**
 * The outbox: shared memory the answer's bytes are written into, copied out by the request
 * thread into its answer cache. Bytes handed over in a buffer of their own are counted by V8 as
 * the request thread's external memory, and every 64 MB of it forces a collection there that
 * stops every request (answer-cache.ts); the outbox is counted once.
 */
const outboxShared = outboxBytes > 0 ? outboxMemory(outboxBytes) : undefined;
const outbox = outboxShared === undefined ? undefined : { ...outboxOf(outboxShared), announced: false };

function delivered(outcome: TextOutcome): TaskOutcome {
  if (outcome.kind !== 'answer-text') return outcome;
  const { text, complete, ms } = outcome;
  // Free unless the request thread has not yet copied the previous answer out: it does so as the
  // answer arrives, so a wait is rare and short, and past OUTBOX_WAIT_MS (or for an answer larger
  // than the outbox) the bytes go over on their own, as without an outbox.
  if (outbox !== undefined && text.length <= outbox.bytes.length && waitForFreeOutbox(outbox, OUTBOX_WAIT_MS)) {
    const { read, written } = encoder.encodeInto(text, outbox.bytes);
    if (read === text.length) {
      markOutboxFull(outbox);
      const answer: OutboxAnswer = { kind: 'answer-in-outbox', worker: threadId, length: written, complete, ms };
      if (!outbox.announced) answer.memory = outboxShared;
      outbox.announced = true;
      return answer;
    }
  }
  return movingItsBytes({ kind: 'answer', json: encoder.encode(text), complete, ms });
}

/**
 * An answer whose JSON bytes are handed to the request thread rather than copied to it: an
 * answer can be megabytes, and a copy is memory the request thread must then collect.
 */
function movingItsBytes(outcome: QuestionOutcome & { kind: 'answer' }): TaskOutcome {
  const movable = { [Piscina.transferableSymbol]: [outcome.json.buffer], [Piscina.valueSymbol]: outcome };
  // Piscina unwraps it to `outcome` on the request thread's side.
  return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]) as unknown as TaskOutcome;
}

/** The name index handed over: its big arrays moved, not copied; the words and trigrams are copied once. */
function movingNameIndex(parts: NameIndexParts, ms: number): TaskOutcome {
  const outcome: TaskOutcome = { kind: 'name-index', parts, ms };
  const buffers = [parts.textEntity, parts.textKind, parts.textAlias, parts.wordStart, parts.wordTexts].map((array) => array.buffer);
  const movable = { [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: outcome };
  return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]) as unknown as TaskOutcome;
}
