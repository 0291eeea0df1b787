// Runs heavy questions off the request thread: a pool of worker threads (piscina) over the
// compact index in shared memory, a cap on each caller's questions in flight, the request's
// deadline counted from arrival (queue time included), cancellation when the client leaves or
// the deadline passes, and a cache of answers per data version. With no workers, or a store
// without a compact index, questions are answered inline on the request thread (as before).
import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import { hasNameIndex, useNameIndex } from '../../analysis/name-index.ts';
import type { FreeTradeZone } from '../../domain/red-flags.ts';
import { hasCompactIndex, shareCompactState, type SharedCompactState } from '../../store/compact/shared-compact-state.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { Deadline } from '../deadline.ts';
import { packageFile, RUNS_FROM_SOURCES } from '../../settings/package-files.ts';
import { RateLimitedError, TimeBudgetError } from '../http-errors.ts';
import { AnswerCache } from './answer-cache.ts';
import { answerQuestion, type QuestionOutcome } from './answer-question.ts';
import { restoreError } from './carried-error.ts';
import { dataVersion } from './data-version.ts';
import type { Question } from './question.ts';
import type { QuestionTask, QuestionWorkerData, TaskOutcome } from './question-worker-task.ts';
import { freeOutbox, outboxOf, type Outbox, type OutboxAnswer } from './outbox.ts';
import { schedulingFacts, workerNiceness } from './worker-priority.ts';

/**
 * What each worker runs. Built (dist/), the task module itself, an entry of the bundle of its own;
 * from the TypeScript sources, a small JavaScript entry that registers tsx first, since worker
 * threads do not inherit it.
 */
const WORKER_ENTRY = RUNS_FROM_SOURCES
  ? { filename: packageFile('src', 'api', 'questions', 'question-worker.js') }
  : { filename: packageFile('dist', 'api', 'questions', 'question-worker-task.js'), name: 'runQuestionTask' };

export interface QuestionSettings {
  /** Worker threads; 0 answers every question inline on the request thread. */
  workers: number;
  /** Heavy questions one caller (key, or address without keys) may have in flight. */
  heavyPerCaller: number;
  /** Bytes of cached answers; 0 turns the cache off. */
  answerCacheBytes: number;
}

export interface QuestionRequest {
  /** The store's view the question is about (its data version keys the cache). */
  graph: GraphView;
  deadline: Deadline;
  /** Who asks, for the cap: `key:<name>` or `ip:<address>`. */
  caller: string;
  /** Aborted when the client has gone. */
  signal: AbortSignal;
  log?: Logger;
}

export interface Answered {
  json: Uint8Array;
  cache: 'hit' | 'miss';
  /** To call once the response that sends `json` is done: until then the cache keeps its bytes. */
  release?: () => void;
}

/** The client closed the connection before the answer: there is nobody to answer. */
export class ClientGoneError extends Error {}

/** What the runner has done, for health and tests. */
export interface QuestionCounters {
  asked: number;
  fromCache: number;
  refused: number;
  cancelled: number;
  timedOut: number;
}

export class QuestionRunner {
  private pool: Piscina<QuestionTask, TaskOutcome> | undefined;
  private shared: { version: number; index: SharedCompactState } | undefined;
  private readonly cache: AnswerCache;
  private readonly inFlight = new Map<string, number>();
  /** The search index being built in a worker, for the data version it is of. */
  private nameIndexBuild: { version: number; done: Promise<void> } | undefined;
  /** The workers' outboxes, by thread id (question-worker-task.ts). */
  private readonly outboxes = new Map<number, Outbox>();
  /** Recent time a question took in a worker, for Retry-After (exponentially weighted). */
  private recentMs = 1000;
  readonly counters: QuestionCounters = { asked: 0, fromCache: 0, refused: 0, cancelled: 0, timedOut: 0 };
  /** The nice level the workers run at (Linux), chosen when the pool starts. */
  readonly workerNiceness = workerNiceness(schedulingFacts());

  constructor(
    readonly settings: QuestionSettings,
    private readonly freeTradeZones: readonly FreeTradeZone[],
  ) {
    this.cache = new AnswerCache(settings.answerCacheBytes);
  }

  /** Cached answers and their bytes. */
  cacheStats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.bytes };
  }

  /**
   * Shares `graph`'s index with the workers and has each build its view, so the first questions
   * after a start (or a load) do not wait for it. Nothing to do inline or without a compact index.
   */
  async prepare(graph: GraphView, log?: Logger): Promise<void> {
    const pool = this.poolFor(graph);
    if (pool === undefined) return;
    const version = dataVersion(graph);
    const index = this.indexOf(graph, version);
    const warm = (): QuestionTask => ({ version, index, startedAt: Date.now(), budgetMs: 60_000, cancelled: new Int32Array(new SharedArrayBuffer(4)) });
    await Promise.all(Array.from({ length: this.settings.workers }, () => pool.run(warm())));
    // Searches come later; their index is built meanwhile, off the request thread.
    this.nameIndex(graph, log).catch((error: unknown) => log?.warn({ err: error }, 'building the search index in a worker failed; the first search tries again'));
  }

  /**
   * Has the entity search's index of `graph` built in a worker (once per data version; a search
   * meanwhile waits for it without holding the request thread, so health and everything else go
   * on), and gives it to the view. Without workers, or without a compact index, nothing is done:
   * the first search builds it where it runs, as before.
   */
  nameIndex(graph: GraphView, log?: Logger): Promise<void> {
    const pool = this.poolFor(graph);
    if (pool === undefined || !hasCompactIndex(graph) || hasNameIndex(graph)) return Promise.resolve();
    const version = dataVersion(graph);
    if (this.nameIndexBuild?.version === version) return this.nameIndexBuild.done;
    const task: QuestionTask = { version, index: this.indexOf(graph, version), job: 'name-index', startedAt: Date.now(), budgetMs: Number.POSITIVE_INFINITY, cancelled: new Int32Array(new SharedArrayBuffer(4)) };
    const done = pool.run(task).then((outcome) => {
      if (outcome.kind !== 'name-index') throw new Error(`the search index task came back as ${outcome.kind}`);
      useNameIndex(graph, outcome.parts, (number) => graph.entityAt(number)!);
      log?.info({ dataVersion: version, workerMs: outcome.ms, words: outcome.parts.words.length }, 'search index built in a worker');
    });
    // A failed build is tried again by the next search rather than remembered.
    done.catch(() => {
      if (this.nameIndexBuild?.done === done) this.nameIndexBuild = undefined;
    });
    this.nameIndexBuild = { version, done };
    return done;
  }

  async ask(question: Question, input: unknown, request: QuestionRequest): Promise<Answered> {
    this.counters.asked++;
    const version = dataVersion(request.graph);
    // New data (a load): its search index is built meanwhile, before anyone searches it.
    if (this.shared !== undefined && this.shared.version !== version) this.nameIndex(request.graph, request.log).catch(() => undefined);
    const key = `${question.name} ${JSON.stringify(input)}`;
    const cached = this.cache.held(version, key);
    if (cached !== undefined) {
      this.counters.fromCache++;
      return { ...cached, cache: 'hit' };
    }
    const held = this.inFlight.get(request.caller) ?? 0;
    if (held >= this.settings.heavyPerCaller) {
      this.counters.refused++;
      const retryAfterSeconds = Math.min(60, Math.max(1, Math.ceil(this.recentMs / 1000)));
      throw new RateLimitedError(`more than ${this.settings.heavyPerCaller} heavy questions (routes, exposure, chokepoints, screenings, changes) at once from one caller; wait for an answer and retry`, { retryAfterSeconds });
    }
    this.inFlight.set(request.caller, held + 1);
    try {
      const outcome = await this.answer(question, input, request, version, key);
      if (outcome.kind === 'answer') {
        return { json: outcome.json, cache: 'miss', ...(outcome.release ? { release: outcome.release } : {}) };
      }
      if (outcome.kind === 'error') throw restoreError(outcome.error);
      // Cancelled without the request having given up: only the deadline does that.
      throw new TimeBudgetError(`the request ran past its time budget of ${request.deadline.budgetMs} ms`);
    } finally {
      const left = (this.inFlight.get(request.caller) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(request.caller);
      else this.inFlight.set(request.caller, left);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.shared = undefined;
    await pool?.destroy();
  }

  private async answer(question: Question, input: unknown, request: QuestionRequest, version: number, key: string): Promise<QuestionOutcome> {
    const cancelled = new Int32Array(new SharedArrayBuffer(4));
    const pool = this.poolFor(request.graph);
    if (pool === undefined) {
      const deadline = new Deadline(request.deadline.budgetMs, request.deadline.startedAt, { flags: cancelled, index: 0 });
      return this.kept(answerQuestion(request.graph, question, input, { deadline, freeTradeZones: this.freeTradeZones }), version, key);
    }
    const task: QuestionTask = {
      version,
      index: this.indexOf(request.graph, version),
      question: question.name,
      input,
      startedAt: request.deadline.startedAt,
      budgetMs: request.deadline.budgetMs,
      cancelled,
    };
    const running = pool.run(task);
    return new Promise<QuestionOutcome>((resolve, reject) => {
      const cancel = (why: 'client gone' | 'deadline', error: Error) => {
        Atomics.store(cancelled, 0, 1);
        settle();
        if (why === 'deadline') this.counters.timedOut++;
        else this.counters.cancelled++;
        // The worker stops at its next look at the flag; say when, so the log shows work was not wasted.
        void running.then((late) => request.log?.info({ question: question.name, why, workerMs: late.ms, outcome: late.kind }, 'question cancelled'), () => undefined);
        reject(error);
      };
      const timer = setTimeout(() => cancel('deadline', new TimeBudgetError(`the request ran past its time budget of ${request.deadline.budgetMs} ms (time waiting for a worker included)`)), request.deadline.leftMs());
      const onAbort = () => cancel('client gone', new ClientGoneError('the client closed the connection'));
      const settle = () => {
        clearTimeout(timer);
        request.signal.removeEventListener('abort', onAbort);
      };
      if (request.signal.aborted) return onAbort();
      request.signal.addEventListener('abort', onAbort, { once: true });
      running.then(
        (delivered) => {
          settle();
          if (delivered.kind === 'warm' || delivered.kind === 'name-index') return reject(new Error(`a question task came back as ${delivered.kind}`));
          // Copied out of the worker's outbox at once, even when nobody waits for it any more: the
          // worker's next answer needs the room.
          const outcome = delivered.kind === 'answer-in-outbox' ? this.takeFromOutbox(delivered, version, key) : this.kept(delivered, version, key);
          this.recentMs = this.recentMs * 0.8 + outcome.ms * 0.2;
          resolve(outcome);
        },
        (error: unknown) => {
          settle();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /**
   * An answer's bytes out of its worker's outbox: into the cache (pinned, to be sent from there)
   * when it is complete and fits, else into bytes of its own; then the outbox is marked free.
   */
  private takeFromOutbox(answer: OutboxAnswer, version: number, key: string): QuestionOutcome {
    let outbox = this.outboxes.get(answer.worker);
    if (answer.memory !== undefined) {
      outbox = outboxOf(answer.memory);
      this.outboxes.set(answer.worker, outbox);
    }
    if (outbox === undefined) return { kind: 'error', error: { kind: 'internal', message: `worker ${answer.worker} answered into an outbox it never shared` }, ms: answer.ms };
    try {
      const bytes = outbox.bytes.subarray(0, answer.length);
      const cached = this.keptInCache(version, key, bytes, answer.complete);
      return { kind: 'answer', json: cached?.json ?? bytes.slice(), complete: answer.complete, ms: answer.ms, ...(cached ? { release: cached.release } : {}) };
    } finally {
      freeOutbox(outbox);
    }
  }

  /** The outcome, its answer sent from the cache (pinned there) when it could be kept. */
  private kept(outcome: QuestionOutcome, version: number, key: string): QuestionOutcome {
    if (outcome.kind !== 'answer') return outcome;
    const cached = this.keptInCache(version, key, outcome.json, outcome.complete);
    return cached === undefined ? outcome : { ...outcome, ...cached };
  }

  /** A copy of `bytes` in the cache, held for sending, when the answer is complete and the cache keeps it. */
  private keptInCache(version: number, key: string, bytes: Uint8Array, complete: boolean): { json: Uint8Array; release: () => void } | undefined {
    return complete && this.cache.set(version, key, bytes) ? this.cache.held(version, key) : undefined;
  }

  /** The pool, when questions about `graph` go to workers (started on first use). */
  private poolFor(graph: GraphView): Piscina<QuestionTask, TaskOutcome> | undefined {
    if (this.settings.workers === 0 || !hasCompactIndex(graph)) return undefined;
    const workerData: QuestionWorkerData = { freeTradeZones: this.freeTradeZones, outboxBytes: this.settings.answerCacheBytes > 0 ? this.cache.largestAnswer : 0 };
    this.pool ??= new Piscina<QuestionTask, TaskOutcome>({
      ...WORKER_ENTRY,
      minThreads: this.settings.workers,
      maxThreads: this.settings.workers,
      // Workers keep the view they built: never let an idle one go.
      idleTimeout: Number.POSITIVE_INFINITY,
      // Below the request thread's priority: health, search and cached answers are served first
      // even when every core is busy with questions (how far below: worker-priority.ts).
      niceIncrement: this.workerNiceness,
      workerData,
    });
    return this.pool;
  }

  /** The shared index of `graph` (made once per data version; the previous one is let go). */
  private indexOf(graph: GraphView, version: number): SharedCompactState {
    if (this.shared?.version !== version) {
      if (!hasCompactIndex(graph)) throw new Error('only a view with a compact index can be shared with workers');
      this.shared = { version, index: shareCompactState(graph) };
    }
    return this.shared.index;
  }
}
