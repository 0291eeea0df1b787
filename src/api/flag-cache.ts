// Flags at a date, computed once per store view and date: every endpoint reads them, and a view
// never changes (a load makes a new one), so the cache can never be stale.
import { flaggedEntities, type FlagIndex } from '../analysis/flags.ts';
import type { IsoDay } from '../domain/dates.ts';
import { DEFAULT_REGIME, type RegimeSelection } from '../domain/regimes.ts';
import type { GraphView } from '../store/graph-view.ts';
import type { SearchBudget } from '../analysis/search-budget.ts';
import type { Deadline } from './deadline.ts';

/** Dates kept per view; the oldest goes first. */
const DATES_PER_VIEW = 16;
/** Per view, flags by `regime|asOf`. */
const cache = new WeakMap<GraphView, Map<string, FlagIndex>>();

export function flagsAt(view: GraphView, asOf: IsoDay, regime: RegimeSelection = DEFAULT_REGIME): FlagIndex {
  const key = `${regime}|${asOf}`;
  let byDate = cache.get(view);
  if (byDate === undefined) {
    byDate = new Map();
    cache.set(view, byDate);
  }
  let flags = byDate.get(key);
  if (flags === undefined) {
    flags = flaggedEntities(view, asOf, undefined, { regime });
    if (byDate.size >= DATES_PER_VIEW) byDate.delete(byDate.keys().next().value!);
    byDate.set(key, flags);
  }
  return flags;
}

/**
 * What a route search needs before it starts: the flags at its date (cached), then a budget for the
 * rest of the request's time, checked in between so that slow flags answer TIMEOUT, not a search.
 */
export function searchInputs(view: GraphView, asOf: IsoDay, deadline: Deadline, regime: RegimeSelection = DEFAULT_REGIME): { flags: FlagIndex; budget: SearchBudget } {
  const flags = flagsAt(view, asOf, regime);
  deadline.check('reading the flags');
  return { flags, budget: deadline.searchBudget() };
}
