// A worker thread's entry for relationship-tail.ts: reads its part of the relationships file and
// posts the result back, the column buffers moved rather than copied.
import { parentPort, workerData } from 'node:worker_threads';
import { readRelationshipTail, type RelationshipTailTask } from './relationship-tail.ts';

const result = await readRelationshipTail(workerData as RelationshipTailTask);
parentPort!.postMessage(result, Object.values(result.columns).map((column) => column.buffer as ArrayBuffer));
