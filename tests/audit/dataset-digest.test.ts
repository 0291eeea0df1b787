// The digest naming a dataset: the same rows give the same digest whatever order a reader built
// their fields in, and a version a server kept in its data folder under the earlier digest (fields
// as built) is still recognised as unaltered, while any changed row is not.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { datasetDigest, matchesRecordedDigest } from '../../src/audit/audit-log.ts';

const rows = {
  entities: [{ id: 'acme', name: 'Acme Ltd', kind: 'manufacturer', country: 'US' }],
  relationships: [{ source: 'acme', target: 'gulf', type: 'SUPPLIES', product: 'ProxySG', start: '2010-06-01', id: 'r1' }],
  listings: [],
  jurisdictions: [],
};

/** The same rows, each with its fields in reverse order (as another reader might build them). */
const reordered = {
  ...rows,
  entities: rows.entities.map((row) => Object.fromEntries(Object.entries(row).reverse())),
  relationships: rows.relationships.map((row) => Object.fromEntries(Object.entries(row).reverse())),
};

/** The digest as enduse computed it before 2026-12-03: each row as JSON in the order it was built. */
function digestAsBuilt(dataset: { [name in 'entities' | 'relationships' | 'listings' | 'jurisdictions']: readonly object[] }): string {
  const hash = createHash('sha256');
  for (const name of ['entities', 'relationships', 'listings', 'jurisdictions'] as const) {
    hash.update(name);
    for (const row of dataset[name]) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

describe('dataset digests', () => {
  it('are the same for the same rows whatever the order of their fields', () => {
    expect(datasetDigest(reordered as never)).toBe(datasetDigest(rows as never));
    expect(digestAsBuilt(reordered)).not.toBe(digestAsBuilt(rows));
  });

  it('recognise a version recorded under the earlier digest, and no altered one', () => {
    const recordedEarlier = digestAsBuilt(reordered);
    expect(recordedEarlier).not.toBe(datasetDigest(reordered as never));
    expect(matchesRecordedDigest(reordered as never, recordedEarlier)).toBe(true);
    expect(matchesRecordedDigest(reordered as never, datasetDigest(rows as never))).toBe(true);
    const altered = { ...reordered, entities: [{ ...reordered.entities[0]!, country: 'CH' }] };
    expect(matchesRecordedDigest(altered as never, recordedEarlier)).toBe(false);
    expect(matchesRecordedDigest(altered as never, datasetDigest(rows as never))).toBe(false);
  });
});
