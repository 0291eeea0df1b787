// Turns FollowTheMoney Ownership claims into OWNS periods, resolving claims that overlap for
// the same owner and asset (registries re-state a holding each time it changes, and
// OpenSanctions keeps every statement with the first start date it saw).
import { parsePartialDate, dayNumber, dayFromNumber, type IsoDay } from '../domain/dates.ts';

const OPEN = '9999-12-31';

export interface OwnershipClaim {
  id: string;
  line: number;
  owner: string;
  asset: string;
  share: number;
  start?: IsoDay;
  end?: IsoDay;
}

export interface OwnershipPeriod extends OwnershipClaim {
  /** Set when the claim's period was cut because a later claim supersedes it. */
  trimmedFrom?: IsoDay;
}

/**
 * One owner cannot hold 50%, 48% and 51% of the same company on the same day. When claims
 * for one owner→asset pair overlap, the claim that ends later supersedes: sorted by end date
 * (open last), each claim starts the day after the previous one ends. Claims that vanish
 * entirely (ending before the previous one ends) are returned in `superseded`.
 *
 * @example resolveOverlappingClaims([{share: 50, start: '2015-11-25', end: '2023-03-02'}, {share: 48, start: '2015-11-25', end: '2023-12-21'}, …])
 *   // 50% to 2023-03-02, 48% 2023-03-03..2023-12-21, 51% from 2023-12-22
 */
export function resolveOverlappingClaims(claims: readonly OwnershipClaim[]): { periods: OwnershipPeriod[]; superseded: OwnershipClaim[] } {
  const byPair = new Map<string, OwnershipClaim[]>();
  for (const claim of claims) {
    const key = `${claim.owner}\u0000${claim.asset}`;
    const group = byPair.get(key) ?? [];
    group.push(claim);
    byPair.set(key, group);
  }
  const periods: OwnershipPeriod[] = [];
  const superseded: OwnershipClaim[] = [];
  for (const group of byPair.values()) {
    const ordered = [...group].sort((a, b) => (a.end ?? OPEN).localeCompare(b.end ?? OPEN) || (a.start ?? '').localeCompare(b.start ?? '') || a.line - b.line);
    let previousEnd: IsoDay | undefined;
    for (const claim of ordered) {
      if (previousEnd !== undefined && (previousEnd === OPEN || (claim.end !== undefined && claim.end <= previousEnd))) {
        superseded.push(claim);
        continue;
      }
      const dayAfter = previousEnd === undefined ? undefined : dayFromNumber(dayNumber(previousEnd) + 1);
      if (dayAfter !== undefined && (claim.start === undefined || claim.start < dayAfter)) periods.push({ ...claim, start: dayAfter, trimmedFrom: claim.start ?? 'open' });
      else periods.push({ ...claim });
      previousEnd = claim.end ?? OPEN;
    }
  }
  return { periods, superseded };
}

/** Reads an FtM percentage ("50", "50.5", "50 %", "50,5"); undefined when absent or unreadable. */
export function parsePercentage(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const cleaned = value.trim().replace(/%$/, '').trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** First day of an FtM date (`2015`, `2015-11`, `2015-11-25`, or a timestamp). */
export function ftmDate(value: string | undefined, edge: 'start' | 'end'): IsoDay | undefined {
  if (value === undefined) return undefined;
  return parsePartialDate(value.slice(0, 10), edge);
}
