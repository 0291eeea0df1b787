// --time-budget <ms> on the searching commands (routes, exposure, chokepoints): a deadline for the
// analysis, which then answers with what it found and says it was truncated.
import { SearchBudget } from '../analysis/search-budget.ts';
import { positiveIntegerOption } from './options.ts';

const MAX_TIME_BUDGET_MS = 24 * 3_600_000;

/** The flag and its help, for `.option(...TIME_BUDGET_OPTION)`. */
export const TIME_BUDGET_OPTION = ['--time-budget <ms>', 'stop searching after this many milliseconds and answer with what was found, marked truncated (default: no limit)'] as const;

/**
 * Checks the flag when the command starts; the clock starts with `start()`, right before the analysis.
 * @example const budget = timeBudgetOption(options.timeBudget); … routes(view, from, { budget: budget.start() })
 */
export function timeBudgetOption(value: string | undefined): { start(): SearchBudget | undefined; notice(budget: SearchBudget | undefined): string | undefined } {
  const ms = value === undefined ? undefined : positiveIntegerOption(value, '--time-budget', 1, MAX_TIME_BUDGET_MS);
  return {
    start: () => (ms === undefined ? undefined : new SearchBudget({ deadline: performance.now() + ms })),
    notice: (budget) => (budget?.exhausted ? `truncated: the search ran out of its time budget of ${ms} ms; this answer holds what was found before` : undefined),
  };
}
