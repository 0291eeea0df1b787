// Reads and validates every reference file of a folder into one snapshot: what `npm run build`
// keeps in dist/reference-cache.json (reference-cache.ts).
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { readFreeTradeZones } from './free-trade-zones.ts';
import { readReference } from './load-datasets.ts';
import { readOwnershipRules } from './read-ownership-rules.ts';
import type { ReferenceSnapshot } from './reference-cache.ts';

/** The validated rows of `directory`; throws InvalidInputError as the readers do. */
export function readReferenceSnapshot(directory: string): ReferenceSnapshot {
  const reference = readReference(directory);
  return {
    lists: [...reference.lists.values()],
    jurisdictions: reference.jurisdictions,
    ownershipRules: readOwnershipRules(join(directory, 'ownership-rules.csv'), new Set(reference.lists.keys())),
    freeTradeZones: readFreeTradeZones(directory),
  };
}

/**
 * Throws unless `snapshot` comes back from JSON as it is: a field that JSON cannot hold (a Date,
 * a Map, an undefined value) would otherwise reach a command changed by the cache.
 */
export function assertJsonFaithful(snapshot: ReferenceSnapshot): void {
  const parts = Object.keys(snapshot) as (keyof ReferenceSnapshot)[];
  const changed = parts.filter((part) => !isDeepStrictEqual(JSON.parse(JSON.stringify(snapshot[part])), snapshot[part]));
  if (changed.length > 0) throw new Error(`reference cache: ${changed.join(', ')} would not come back from JSON as read; keep such fields out of the cache`);
}
