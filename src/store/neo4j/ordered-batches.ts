// Writes batches in write transactions of their own, several executing at once but committing
// strictly in order. Neo4j runs one transaction on one core: while one batch commits (about a
// third of the work) the next ones already execute. Committing in order keeps what a sequential
// load promises: the batches stored are always the first ones, and when the load stops only the
// batch whose commit was in flight may have landed unacknowledged.
import type { Driver, ManagedTransaction } from 'neo4j-driver';

export interface OrderedBatchesOutcome {
  /** How many batches, from the first, were committed. */
  committed: number;
  /** Why the batch after those was not, when one was not. */
  error?: unknown;
}

/**
 * A later batch waiting for an earlier one's commit is a wait Neo4j cannot see. Should the earlier
 * one ever wait for a lock the later one holds (the caller runs only statements that take no lock
 * an earlier batch needs, but another client's transaction could close such a circle), the server
 * ends the transactions at this age and the load stops with an error instead of hanging.
 */
export const ORDERED_TRANSACTION_TIMEOUT_MS = 300_000;

/** Thrown inside a transaction waiting for an earlier batch that failed: rolls it back, never retried. */
class EarlierBatchFailed extends Error {}

/**
 * Runs `write` for each batch in a transaction of its own, at most `depth` at once, and commits
 * them in order; `onCommitted` sees each committed batch in order. Stops at the first batch that
 * fails (after the driver's own retries), rolls back the later ones, and says how far it got.
 * @example const { committed, error } = await writeBatchesInOrder(driver, {}, batches, 2, (tx, rows) => tx.run(query, { rows }), () => {});
 */
export async function writeBatchesInOrder<Batch, Result>(
  driver: Driver,
  sessionConfig: { database?: string },
  batches: readonly Batch[],
  depth: number,
  write: (tx: ManagedTransaction, batch: Batch) => Promise<Result>,
  onCommitted: (batch: Batch, result: Result) => void,
): Promise<OrderedBatchesOutcome> {
  let committed = 0;
  // Each batch's own failure, by position: the one reported is the first batch not committed.
  const failures = new Map<number, unknown>();
  let previousCommitted: Promise<void> = Promise.resolve();
  const inFlight = new Set<Promise<void>>();
  for (const [index, batch] of batches.entries()) {
    while (inFlight.size >= depth) await Promise.race(inFlight);
    if (failures.size > 0) break;
    const earlier = previousCommitted;
    const commit = (async () => {
      const session = driver.session({ ...sessionConfig, defaultAccessMode: 'WRITE' });
      try {
        const result = await session.executeWrite(async (tx) => {
          const result = await write(tx, batch);
          // The commit waits for every earlier batch's; if one failed, this one rolls back.
          await earlier.catch(() => {
            throw new EarlierBatchFailed('an earlier batch failed');
          });
          return result;
        }, depth > 1 ? { timeout: ORDERED_TRANSACTION_TIMEOUT_MS } : {});
        onCommitted(batch, result);
        committed += 1;
      } finally {
        await session.close();
      }
    })();
    previousCommitted = commit;
    const settled: Promise<void> = commit
      .catch((failure: unknown) => {
        if (!(failure instanceof EarlierBatchFailed)) failures.set(index, failure);
      })
      .finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  }
  await Promise.all(inFlight);
  return failures.has(committed) ? { committed, error: failures.get(committed) } : { committed };
}
