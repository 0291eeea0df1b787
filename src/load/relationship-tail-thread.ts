// Starts relationship-tail.ts on a worker thread. The worker is started once the entities are
// loaded (it looks ids up in their index) and read while the loading thread reads the file's first half.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { packageFile, RUNS_FROM_SOURCES } from '../settings/package-files.ts';
import type { RelationshipTailResult, RelationshipTailTask } from './relationship-tail.ts';

/** Below this many bytes, a relationships file is read by the loading thread alone: a worker's start (tens of milliseconds, a second from the sources) costs more than it saves. */
export const PARALLEL_READ_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Built (dist/), the worker module, an entry of the bundle of its own (scripts/bundle-cli.ts);
 * from the TypeScript sources, a small JavaScript entry that registers tsx first. Found from the
 * package root, since the bundled caller sits in a chunk at another depth.
 */
const WORKER_FILE = RUNS_FROM_SOURCES ? packageFile('src', 'load', 'relationship-tail-tsx-entry.js') : packageFile('dist', 'load', 'relationship-tail-worker.js');

/** Whether this machine has a core for a second reader. */
export function secondCoreAvailable(): boolean {
  return availableParallelism() > 1;
}

export interface RunningTail {
  result: Promise<RelationshipTailResult>;
  /** Stops the worker (its result is not wanted). */
  cancel(): void;
}

export function startRelationshipTail(task: RelationshipTailTask): RunningTail {
  const worker = new Worker(WORKER_FILE, { workerData: task });
  const result = new Promise<RelationshipTailResult>((resolve, reject) => {
    worker.once('message', (answer: RelationshipTailResult) => resolve(answer));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the relationships reader thread stopped (exit code ${code}) before its answer`)));
  });
  return {
    result,
    cancel: () => {
      result.catch(() => undefined);
      void worker.terminate();
    },
  };
}
