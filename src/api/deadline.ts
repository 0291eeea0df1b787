// A request's time budget. Analysis functions are synchronous and cannot be interrupted, so
// the budget is enforced where a request can stop: while waiting on the store, and between
// phases (after the analysis, before the answer is sent). Caps on hops, k and result sizes
// bound the synchronous work itself.
import { SearchBudget } from '../analysis/search-budget.ts';
import { TimeBudgetError } from './http-errors.ts';

/** Share of the time left that a search may use; the rest is for assessing and answering. */
const SEARCH_SHARE = 0.8;

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

  /**
   * A work budget for the analysis: its searches stop at SEARCH_SHARE of the time left and the
   * answer says `truncated`, rather than the whole request failing with TIMEOUT.
   */
  searchBudget(): SearchBudget {
    const left = Math.max(0, this.budgetMs - this.elapsedMs());
    return new SearchBudget({ deadline: performance.now() + left * SEARCH_SHARE });
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
