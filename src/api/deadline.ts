// A request's time budget, counted from when the request arrived (time queued for a worker
// included). Analysis functions are synchronous, so the budget is enforced where a request can
// stop: while waiting on the store or a worker, between phases, and inside the searches through
// their work budget, which also carries the request's cancellation flag.
import { SearchBudget, type SearchLimits } from '../analysis/search-budget.ts';
import { TimeBudgetError } from './http-errors.ts';

/** Share of the time left that a search may use; the rest is for assessing and answering. */
const SEARCH_SHARE = 0.8;

export class Deadline {
  constructor(
    readonly budgetMs: number,
    /** When the request arrived (Date.now(), the one clock every thread shares). */
    readonly startedAt = Date.now(),
    /** The flag raised when the request is abandoned (client gone, deadline passed): searches stop. */
    readonly cancelled?: SearchLimits['cancelled'],
  ) {}

  /** Milliseconds left before the budget is spent (0 when it is). */
  leftMs(): number {
    return Math.max(0, this.budgetMs - this.elapsedMs());
  }

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
    return new SearchBudget({ deadline: performance.now() + left * SEARCH_SHARE, ...(this.cancelled ? { cancelled: this.cancelled } : {}) });
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
