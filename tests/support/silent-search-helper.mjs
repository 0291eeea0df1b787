// A search helper thread that says it is ready, takes every state of the first layer it is offered
// (the word of claims, layer-helper-protocol.ts), and then neither works nor answers: a helper that
// died without throwing. tests/analysis/search-helper.test.ts starts it in place of the real one.
import { workerData } from 'node:worker_threads';

const { control, claims } = workerData;
Atomics.store(control, 0, 1);
Atomics.wait(control, 1, 0);
for (;;) {
  const word = Atomics.load(claims, 0);
  const front = BigInt.asUintN(32, word);
  if (Atomics.compareExchange(claims, 0, word, (front << 32n) | front) === word) break;
}
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
