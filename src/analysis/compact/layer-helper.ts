// A second thread for the large layers of a route search. A search from a hub of a large graph
// (exposure of the largest manufacturer at 10M: 12M states, 53M edges read) waits on memory, one
// random read per edge; a second core doubles the reads in flight. The helper thread takes pieces
// of a layer from its back while the searching thread takes them from its front, then the
// searching thread merges the helper's pieces in order (mergeHelperCandidates), so the answer is
// the one a single thread gives, tie for tie.
//
// Only a search on a process's main thread borrows the helper: the server's question workers
// already take a core each. The helper starts with the first search on a large graph and is used
// once it is up (a search never waits for it); it is unreferenced, so it never keeps a process alive.
import { availableParallelism } from 'node:os';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { InvalidInputError } from '../../domain/errors.ts';
import { packageFile, RUNS_FROM_SOURCES } from '../../settings/package-files.ts';
import type { CompactGraph } from '../../store/compact/compact-graph.ts';
import { claimFront, CONTROL, CONTROL_WORDS, MERGE_DONE, offerStates, type HelperMessage, type HelperStart, type LayerAnswer, type LayerTask } from './layer-helper-protocol.ts';

/** Built, an entry of the bundle of its own (scripts/bundle-cli.ts); from the sources, a JavaScript entry that registers tsx first. */
const WORKER_FILE = RUNS_FROM_SOURCES ? packageFile('src', 'analysis', 'compact', 'layer-helper-tsx-entry.js') : packageFile('dist', 'analysis', 'compact', 'layer-helper-worker.js');

/**
 * When a search takes the helper: on graphs of `minEntities` or more (a thread's start and its
 * two arrays of 4 bytes per entity pay off only for long searches), for layers of
 * `minLayerStates` states or more (below that, handing over costs more than it saves); each
 * thread takes `pieceStates` states at a time (small enough that neither waits long for the
 * other at a layer's end, large enough that taking them costs nothing). `workerFile` is the
 * helper's module (a test starts the built one from the sources). A helper silent for
 * `silenceMs` (no piece done, nothing answered) is given up and its part done by the searching
 * thread: a piece takes milliseconds, a hub's a tenth of a second.
 */
export interface SearchHelperSettings {
  minEntities: number;
  minLayerStates: number;
  pieceStates: number;
  workerFile: string;
  silenceMs: number;
}

const DEFAULT_SETTINGS: SearchHelperSettings = { minEntities: 1_000_000, minLayerStates: 20_000, pieceStates: 512, workerFile: WORKER_FILE, silenceMs: 30_000 };
/** How often a searching thread waiting for the helper looks whether it still works. */
const SILENCE_CHECK_MS = 250;
let settings: SearchHelperSettings = { ...DEFAULT_SETTINGS };

/** Changes when searches take the helper (tests force it onto small graphs); no argument restores the defaults. */
export function configureSearchHelper(changes?: Partial<SearchHelperSettings>): void {
  settings = changes === undefined ? { ...DEFAULT_SETTINGS } : { ...settings, ...changes };
}

export function searchHelperSettings(): Readonly<SearchHelperSettings> {
  return settings;
}

/**
 * Whether this thread may borrow a core: the main thread of a machine with two or more, unless
 * `ENDUSE_SEARCH_HELPER=0`. Every search on a main thread asks, so a mistyped setting is refused
 * at once (InvalidInputError naming it), whatever the graph's size.
 */
export function helperAllowed(): boolean {
  return isMainThread && searchHelperWanted() && SEVERAL_CORES;
}

/** Read once: asking the system per search would be a call per question. */
const SEVERAL_CORES = availableParallelism() > 1;

/**
 * ENDUSE_SEARCH_HELPER: 1 (or unset) lets a large search borrow a second core, 0 keeps every
 * search on one thread. Throws InvalidInputError naming the variable for any other value.
 *
 * @example searchHelperWanted({ ENDUSE_SEARCH_HELPER: '0' }) // false
 */
export function searchHelperWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.ENDUSE_SEARCH_HELPER?.trim();
  if (value === undefined || value === '' || value === '1') return true;
  if (value === '0') return false;
  throw new InvalidInputError('the search helper setting is invalid', [{ field: 'ENDUSE_SEARCH_HELPER', message: `'${value}' is neither 1 (a large search borrows a second core) nor 0 (every search on one thread)` }]);
}

export class LayerHelper {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  /** The layer's states not yet taken (claimFront, claimBack). */
  private readonly claims = new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));
  private failed = false;

  constructor(graph: CompactGraph) {
    const { offsets, records, productKey } = graph.goodsAdjacency();
    const channel = new MessageChannel();
    this.port = channel.port1;
    const start: HelperStart = { control: this.control, claims: this.claims, port: channel.port2, offsets, records, productKey, goodsDegree: graph.goodsOutDegree(), nodeCount: graph.nodeCount };
    this.worker = new Worker(settings.workerFile, { workerData: start, transferList: [channel.port2] });
    this.worker.unref();
    this.worker.on('error', () => {
      this.failed = true;
    });
  }

  /** Whether it waits for tasks. */
  get ready(): boolean {
    return !this.failed && Atomics.load(this.control, CONTROL.ready) === 1;
  }

  /** Offers a layer's states from `front` to `task.last`, the helper taking pieces from the back; `finish` takes its answer. */
  start(task: LayerTask, front: number): void {
    Atomics.store(this.control, CONTROL.abort, 0);
    Atomics.store(this.control, CONTROL.merged, 0);
    offerStates(this.claims, front, task.last);
    this.port.postMessage(task satisfies HelperMessage);
    Atomics.add(this.control, CONTROL.task, 1);
    Atomics.notify(this.control, CONTROL.task);
  }

  /** Takes the next piece of the layer from the front: answers its end (its start is the last piece's end), or the front itself when none are left. */
  claimFront(): number {
    return claimFront(this.claims, settings.pieceStates);
  }

  /** Where the pieces taken from the front end: the helper took the states from there on. */
  front(): number {
    return Number(BigInt.asUintN(32, Atomics.load(this.claims, 0)));
  }

  /** Waits for the answer to the task started; `abort` asks the helper to stop early (the answer is then not wanted). */
  finish(abort: boolean): LayerAnswer {
    if (abort) Atomics.store(this.control, CONTROL.abort, 1);
    const posted = Atomics.load(this.control, CONTROL.task);
    let beat = Atomics.load(this.control, CONTROL.beat);
    let heardAt = performance.now();
    for (let done = Atomics.load(this.control, CONTROL.done); done !== posted; done = Atomics.load(this.control, CONTROL.done)) {
      if (Atomics.wait(this.control, CONTROL.done, done, SILENCE_CHECK_MS) !== 'timed-out') continue;
      const now = Atomics.load(this.control, CONTROL.beat);
      if (now !== beat) {
        beat = now;
        heardAt = performance.now();
      } else if (performance.now() - heardAt > settings.silenceMs) {
        // A thread that died without throwing (its answer would never come): never used again.
        this.failed = true;
        return { error: `the search helper was silent for ${settings.silenceMs} ms` };
      }
    }
    const answer = receiveMessageOnPort(this.port)?.message as LayerAnswer | undefined;
    if (answer === undefined || 'error' in answer) this.failed = true;
    return answer ?? { error: 'the search helper answered without a message' };
  }

  /** Says how many of the helper's candidates the searching thread has merged, in its order (the helper reads ahead of it). */
  merged(count: number): void {
    Atomics.store(this.control, CONTROL.merged, count);
  }

  /** Says the layer's merge is over (or will not happen): the helper stops reading ahead. */
  mergeDone(): void {
    Atomics.store(this.control, CONTROL.merged, MERGE_DONE);
  }

  /** Ends the thread. */
  stop(): void {
    this.failed = true;
    this.port.postMessage('stop' satisfies HelperMessage);
    Atomics.add(this.control, CONTROL.task, 1);
    Atomics.notify(this.control, CONTROL.task);
    this.port.close();
  }
}

/**
 * The helpers of the graphs searched last, most recent first: two, since a diff searches its two
 * data versions in turn, and starting a thread per switch would cost more than it saves.
 */
const helpers: Array<{ graph: WeakRef<CompactGraph>; workerFile: string; helper: LayerHelper }> = [];
const HELPERS_KEPT = 2;

/**
 * The helper for a search on `graph`, when this thread may use one and it is up; starts it on the
 * first search of a large enough graph (that search goes on alone until it is up).
 */
export function readySearchHelper(graph: CompactGraph): LayerHelper | undefined {
  if (graph.nodeCount < settings.minEntities || !helperAllowed()) return undefined;
  const at = helpers.findIndex((kept) => kept.graph.deref() === graph && kept.workerFile === settings.workerFile);
  const found = at === -1 ? { graph: new WeakRef(graph), workerFile: settings.workerFile, helper: new LayerHelper(graph) } : helpers.splice(at, 1)[0]!;
  helpers.unshift(found);
  for (const dropped of helpers.splice(HELPERS_KEPT)) dropped.helper.stop();
  return found.helper.ready ? found.helper : undefined;
}

/** Starts the helper for `graph` and resolves once it is up (false if this thread may not use one): for tests and benchmarks that time searches. */
export async function searchHelperUp(graph: CompactGraph, timeoutMs = 60_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (readySearchHelper(graph) !== undefined) return true;
    if (graph.nodeCount < settings.minEntities || !helperAllowed()) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}
