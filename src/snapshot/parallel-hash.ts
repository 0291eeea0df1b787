// SHA-256 of a sequence of byte ranges, worked out on a worker thread while the caller goes on
// reading: a snapshot's checksum then costs little more than its slowest half, reading or hashing.
// Ranges in shared memory travel by reference; others are copied (small gaps between sections).
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Below this many bytes, a worker's start costs more than it saves: hashed on the calling thread. */
export const PARALLEL_HASH_MIN_BYTES = 16 * 1024 * 1024;

export interface RunningHash {
  update(bytes: Uint8Array): void;
  /** The digest of everything updated; the hash is spent. */
  digest(): Promise<Buffer>;
  /** Stops without a digest (the reading failed). */
  abandon(): void;
}

// Plain JavaScript run by the worker (eval), so it needs no build step and no TypeScript loader.
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (bytes) => {
  if (bytes === null) { parentPort.postMessage(hash.digest()); parentPort.close(); }
  else hash.update(bytes);
});
`;

/** A running SHA-256, on a worker thread when `parallel`. */
export function runningSha256(parallel: boolean): RunningHash {
  if (!parallel) {
    const hash = createHash('sha256');
    return { update: (bytes) => void hash.update(bytes), digest: async () => hash.digest(), abandon: () => undefined };
  }
  const worker = new Worker(WORKER_CODE, { eval: true });
  const digest = new Promise<Buffer>((resolve, reject) => {
    worker.once('message', (bytes: Uint8Array) => resolve(Buffer.from(bytes)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the checksum worker stopped (exit code ${code}) before its digest`)));
  });
  return {
    update: (bytes) => worker.postMessage(bytes),
    digest: () => {
      worker.postMessage(null);
      return digest;
    },
    abandon: () => {
      digest.catch(() => undefined);
      void worker.terminate();
    },
  };
}
