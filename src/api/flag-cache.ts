// Flags at a date, computed once per store view and date: every endpoint reads them, and a view
// never changes (a load makes a new one), so the cache can never be stale.
import { flaggedEntities, type FlagIndex } from '../analysis/flags.ts';
import type { IsoDay } from '../domain/dates.ts';
import type { GraphView } from '../store/graph-view.ts';

/** Dates kept per view; the oldest goes first. */
const DATES_PER_VIEW = 16;
const cache = new WeakMap<GraphView, Map<IsoDay, FlagIndex>>();

export function flagsAt(view: GraphView, asOf: IsoDay): FlagIndex {
  let byDate = cache.get(view);
  if (byDate === undefined) {
    byDate = new Map();
    cache.set(view, byDate);
  }
  let flags = byDate.get(asOf);
  if (flags === undefined) {
    flags = flaggedEntities(view, asOf);
    if (byDate.size >= DATES_PER_VIEW) byDate.delete(byDate.keys().next().value!);
    byDate.set(asOf, flags);
  }
  return flags;
}
