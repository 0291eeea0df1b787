// Starts relationship-tail.ts on a worker thread. The worker is started once the entities are
// loaded (it looks ids up in their index) and read while the loading thread reads the file's first half.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RelationshipTailResult, RelationshipTailTask } from './relationship-tail.ts';

/** Below this many bytes, a relationships file is read by the loading thread alone: a worker's start (tens of milliseconds, a second from the sources) costs more than it saves. */
export const PARALLEL_READ_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Compiled (dist/), the worker module itself; from the TypeScript sources, a small JavaScript
 * entry that registers tsx first.
 */
const WORKER_FILE = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './relationship-tail-tsx-entry.js' : './relationship-tail-worker.js', import.meta.url));

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
