// Finds owned companies whose recorded shares add up to more than 100% on some date.
import type { IsoDay } from '../domain/dates.ts';

export interface ShareRecord<Place> {
  target: string;
  share: number;
  start?: IsoDay;
  end?: IsoDay;
  place: Place;
}

export interface OverAllocation<Place> {
  target: string;
  /** The first day the total exceeds 100%, or `undated` when the shares carry no dates. */
  date: IsoDay | 'undated';
  total: number;
  records: ShareRecord<Place>[];
}

/** Published percentages are rounded (33.34 + 33.33 + 33.34 = 100.01): only totals beyond 100.1% count. */
const ROUNDING_TOLERANCE = 0.1;

/**
 * Checks each owned entity at every date one of its shares starts (the total can only rise
 * there) and reports the first date it exceeds 100%, with the shares in force then.
 *
 * @example overAllocations([{target: 'b', share: 60, place: 2}, {target: 'b', share: 50, place: 3}]) // [{target: 'b', date: 'undated', total: 110, …}]
 */
export function overAllocations<Place>(records: readonly ShareRecord<Place>[]): OverAllocation<Place>[] {
  const byTarget = new Map<string, ShareRecord<Place>[]>();
  for (const record of records) {
    const group = byTarget.get(record.target);
    if (group) group.push(record);
    else byTarget.set(record.target, [record]);
  }
  const found: OverAllocation<Place>[] = [];
  for (const [target, group] of byTarget) {
    const startDates = [...new Set(group.map((record) => record.start ?? ''))].sort();
    for (const date of startDates) {
      const inForce = group.filter((record) => (record.start ?? '') <= date && (record.end === undefined || date <= record.end));
      const total = inForce.reduce((sum, record) => sum + record.share, 0);
      if (total > 100 + ROUNDING_TOLERANCE) {
        found.push({ target, date: date === '' ? 'undated' : date, total: Math.round(total * 1e6) / 1e6, records: inForce });
        break;
      }
    }
  }
  return found;
}
