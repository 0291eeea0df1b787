// A request's time budget. Analysis functions are synchronous and cannot be interrupted, so
// the budget is enforced where a request can stop: while waiting on the store, and between
// phases (after the analysis, before the answer is sent). Caps on hops, k and result sizes
// bound the synchronous work itself.
import { TimeBudgetError } from './http-errors.ts';

export class Deadline {
  private readonly startedAt = Date.now();

  constructor(private readonly budgetMs: number) {}

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  /** Throws TimeBudgetError when the budget is spent; `phase` says where. */
  check(phase: string): void {
    if (this.elapsedMs() >= this.budgetMs) {
      throw new TimeBudgetError(`the request ran past its time budget of ${this.budgetMs} ms during ${phase}; ask a narrower question (fewer hops, smaller k or limit)`);
    }
  }

  /** Waits for `promise`, but no longer than the time left. */
  async race<T>(promise: Promise<T>, phase: string): Promise<T> {
    this.check(phase);
    const left = this.budgetMs - this.elapsedMs();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new TimeBudgetError(`the request ran past its time budget of ${this.budgetMs} ms while ${phase}`)), Math.max(0, left));
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
