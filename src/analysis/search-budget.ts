// A work budget for searches that could explode (dense graphs, many hops, large k): a deadline
// and a cap on search steps. A search that runs out stops, keeps what it found, and says so.

/** Limits of one question's search work. */
export interface SearchLimits {
  /** A `performance.now()` value after which the search stops (the caller computes it). */
  deadline?: number;
  /** Most search steps: states expanded plus edges examined. */
  maxSteps?: number;
  /**
   * A flag another thread may raise (Atomics.store of a non-zero value at `cancelled.index`): the
   * request was abandoned, so the search stops at the next look at the clock. Shared memory,
   * because the search runs synchronously in a worker thread that reads no messages meanwhile.
   */
  cancelled?: { flags: Int32Array; index: number };
}

/** How many steps pass between two looks at the clock (reading it is not free). */
const STEPS_PER_CLOCK_CHECK = 4096;

/**
 * A meter shared by every search of one question. Searches call `spend` as they work and stop
 * when it answers false; the caller then reads `exhausted` and marks the answer truncated. Work
 * done after exhaustion is refused, so memory stays bounded by `maxSteps` too.
 *
 * @example
 *   const budget = new SearchBudget({ deadline: performance.now() + 500, maxSteps: 5_000_000 });
 *   const routes = kShortestFlaggedRoutes(view, 'bluecoat', { asOf, k: 20, budget });
 *   if (budget.exhausted) answer.truncated = true;
 */
export class SearchBudget {
  /** Steps spent so far. */
  steps = 0;
  private exhaustedFlag = false;
  private cancelledFlag = false;
  private nextClockCheck = STEPS_PER_CLOCK_CHECK;

  constructor(readonly limits: SearchLimits = {}) {
    if (limits.deadline !== undefined && performance.now() >= limits.deadline) this.exhaustedFlag = true;
    this.lookForCancellation();
  }

  /** Whether the budget ran out: the answer holds only what was found before. */
  get exhausted(): boolean {
    return this.exhaustedFlag;
  }

  /** Whether the budget ran out because the question was cancelled (nobody wants the answer). */
  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  /** Counts `steps` more steps; true while the budget lasts, false once it has run out. */
  spend(steps = 1): boolean {
    if (this.exhaustedFlag) return false;
    this.steps += steps;
    const { maxSteps, deadline } = this.limits;
    if (maxSteps !== undefined && this.steps > maxSteps) {
      this.exhaustedFlag = true;
    } else if (this.steps >= this.nextClockCheck) {
      this.nextClockCheck = this.steps + STEPS_PER_CLOCK_CHECK;
      if (deadline !== undefined && performance.now() >= deadline) this.exhaustedFlag = true;
      this.lookForCancellation();
    }
    return !this.exhaustedFlag;
  }

  private lookForCancellation(): void {
    const cancelled = this.limits.cancelled;
    if (cancelled !== undefined && Atomics.load(cancelled.flags, cancelled.index) !== 0) {
      this.cancelledFlag = true;
      this.exhaustedFlag = true;
    }
  }
}

/** `spend` on an optional budget: no budget never runs out. */
export function withinBudget(budget: SearchBudget | undefined, steps: number): boolean {
  return budget === undefined || budget.spend(steps);
}
