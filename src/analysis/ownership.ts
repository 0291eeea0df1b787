// The OFAC 50 Percent Rule as a fixed point over OWNS edges in force at a date.
// Source: OFAC, "Revised Guidance on Entities Owned by Persons Whose Property and Interests in
// Property Are Blocked", 13 Aug 2014, and OFAC FAQs 398-401: holdings of different blocked
// persons are added together, and an entity blocked by ownership blocks what it owns in turn.
import { inForce, type IsoDay } from '../domain/dates.ts';
import type { BlockedOwner } from '../domain/reasons.ts';
import type { GraphView } from '../store/graph-view.ts';

/** Shares are summed in floating point; 33.33 + 16.67 must still reach 50. */
const THRESHOLD = 50 - 1e-9;

export interface OwnershipBlock {
  /** Sum of the shares held by blocked owners, in percent. */
  total: number;
  owners: BlockedOwner[];
}

/**
 * Entities whose blocked owners together hold at least 50% at `asOf`, with the owners and
 * their shares. Blocked starts as the entities listed in force on a blocking list; each
 * entity reaching the threshold joins it, until nothing changes (a worklist, so each OWNS
 * edge is read at most once).
 *
 * @example entitiesOwned50ByBlocked(view, '2024-03-01').get('llc-cst')?.total // 100
 */
export function entitiesOwned50ByBlocked(view: GraphView, asOf: IsoDay): Map<string, OwnershipBlock> {
  const blockedBecause = new Map<string, 'listed' | 'owned'>();
  for (const listing of view.listings()) {
    if (view.list(listing.list)?.blocking && inForce(listing, asOf)) blockedBecause.set(listing.entity_id, 'listed');
  }
  const sharesByOwned = new Map<string, Map<string, { share: number; relationships: string[] }>>();
  const worklist = [...blockedBecause.keys()];
  while (worklist.length > 0) {
    const owner = worklist.pop()!;
    for (const edge of view.outEdges(owner, ['OWNS'])) {
      if (!inForce({ from: edge.start, to: edge.end }, asOf)) continue;
      const holdings = sharesByOwned.get(edge.target) ?? new Map();
      sharesByOwned.set(edge.target, holdings);
      const holding = holdings.get(owner) ?? { share: 0, relationships: [] };
      holding.share += edge.share ?? 0;
      holding.relationships.push(edge.id);
      holdings.set(owner, holding);
      if (!blockedBecause.has(edge.target) && sumShares(holdings) >= THRESHOLD) {
        blockedBecause.set(edge.target, 'owned');
        worklist.push(edge.target);
      }
    }
  }
  const result = new Map<string, OwnershipBlock>();
  for (const [owned, holdings] of sharesByOwned) {
    const total = sumShares(holdings);
    if (total < THRESHOLD) continue;
    const owners = [...holdings].map(([id, holding]) => ({
      id,
      name: view.entity(id)?.name ?? id,
      share: roundShare(holding.share),
      relationships: holding.relationships,
      blockedBecause: blockedBecause.get(id)!,
    }));
    owners.sort((a, b) => b.share - a.share || a.id.localeCompare(b.id));
    result.set(owned, { total: roundShare(total), owners });
  }
  return result;
}

function sumShares(holdings: Map<string, { share: number }>): number {
  let total = 0;
  for (const holding of holdings.values()) total += holding.share;
  return total;
}

function roundShare(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
