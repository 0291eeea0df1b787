// Record identity is declared once (src/domain/record-identity.ts) and every store merges on it:
// the same rows loaded twice add nothing, whichever store holds them.
import { describe, expect, it } from 'vitest';
import { flagPeriodKey, listingKey, relationshipContent, relationshipIdOf } from '../../src/domain/record-identity.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';
import { tempDataset, VALID_ENTITIES, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

const dataset = () =>
  buildDataset({
    entities: [entity('a'), entity('b')],
    // Two identical orders: one id each, the second with its occurrence suffix.
    relationships: [supplies('a', 'b', { product: 'dpi' }), supplies('a', 'b', { product: 'dpi' })],
    listings: [{ entity_id: 'b', list: 'OFAC_SDN', from: '2020-01-01' }],
    jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions', from: '2011-08-18' }],
  });

describe('record identity', () => {
  it('gives a relationship the id validation gives it, from its content, with a suffix for identical rows', async () => {
    const [first, second] = dataset().relationships;
    const content = relationshipContent(first!);
    expect(first!.id).toBe(relationshipIdOf(content, 0));
    expect(second!.id).toBe(`${relationshipIdOf(content, 0)}-2`);
    // The compact index streamed from files derives the same ids, which the reader never gave it.
    const folder = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': `${VALID_RELATIONSHIPS}bluecoat,cl,SUPPLIES,ProxySG,2010-10-29,2010-10-29,settlement\n` });
    const store = new CompactStore();
    await store.loadState(await compactStateFromFiles([folder]));
    const streamed = [...(await store.view()).relationships()].map((relationship) => relationship.id).sort();
    expect(streamed).toEqual(readDatasets([folder]).relationships.map((relationship) => relationship.id).sort());
    expect(streamed.filter((id) => id.endsWith('-2'))).toHaveLength(1);
  });

  it('keys listings and flag periods on every field', () => {
    const listing = { entity_id: 'b', list: 'OFAC_SDN', from: '2020-01-01' };
    expect(listingKey(listing)).toBe(listingKey({ ...listing }));
    expect(listingKey(listing)).not.toBe(listingKey({ ...listing, to: '2021-01-01' }));
    const period = { code: 'SY', flag: 'comprehensive_sanctions' as const, from: '2011-08-18' };
    expect(flagPeriodKey(period)).not.toBe(flagPeriodKey({ ...period, source: 'another' }));
  });

  for (const [name, makeStore] of [['compact', () => new CompactStore()], ['reference', () => new MemoryStore()]] as const) {
    it(`loads the same rows twice into the ${name} store without doubling any`, async () => {
      const store = makeStore();
      await store.load(dataset());
      await store.load(dataset());
      const view = await store.view();
      expect([view.entityCount(), view.relationshipCount(), [...view.listings()].length, [...view.jurisdictions()].length]).toEqual([2, 2, 1, 1]);
    });
  }
});
