// The order rows are stored in (a file's, or Neo4j's ORDER BY id) must not show in any answer:
// the same data read from Neo4j named another "strongest reason" in a route's score than read
// from its files, because two equally strong listings came back in the other order.
import { describe, expect, it } from 'vitest';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { rankedFlaggedRoutes } from '../../src/analysis/ranked-routes.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { entity, supplies, viewOf, type InlineDataset } from '../support/build-dataset.ts';
import { randomDataset } from '../support/random-dataset.ts';

const freeTradeZones = readFreeTradeZones();
const reversed = (inline: InlineDataset): InlineDataset => ({
  entities: [...inline.entities].reverse(),
  relationships: [...(inline.relationships ?? [])].reverse(),
  listings: [...(inline.listings ?? [])].reverse(),
  jurisdictions: [...(inline.jurisdictions ?? [])].reverse(),
});

describe('answers do not depend on the order rows are stored in', () => {
  it('two equally strong listings of one target: the same reasons in the same order, the same score wording', async () => {
    const inline: InlineDataset = {
      entities: [entity('maker'), entity('reseller', { country: 'AE' }), entity('end-user', { country: 'SY' })],
      relationships: [supplies('maker', 'reseller', { start: '2010-01-01' }), supplies('reseller', 'end-user', { start: '2010-06-01' })],
      listings: [
        { entity_id: 'end-user', list: 'BIS_ENTITY', from: '2007-01-01', source: 'listing one' },
        { entity_id: 'end-user', list: 'BIS_ENTITY', from: '2006-07-10', source: 'listing two' },
        { entity_id: 'end-user', list: 'OFAC_SDN', from: '2011-05-18', source: 'listing three' },
      ],
    };
    const asOf = '2012-01-01';
    const [asGiven, inReverse] = await Promise.all([viewOf(inline), viewOf(reversed(inline))]);
    const reasons = flaggedEntities(asGiven, asOf).get('end-user')!;
    expect(reasons.map((reason) => reason.code === 'LISTED' && `${reason.list} ${reason.from}`)).toEqual(['BIS_ENTITY 2006-07-10', 'BIS_ENTITY 2007-01-01', 'OFAC_SDN 2011-05-18']);
    expect(flaggedEntities(inReverse, asOf).get('end-user')).toEqual(reasons);
    const routes = (view: typeof asGiven) => JSON.stringify(rankedFlaggedRoutes(view, 'maker', { asOf, freeTradeZones }));
    expect(routes(inReverse)).toBe(routes(asGiven));
  });

  it('property: random datasets and their reversal give the same routes and exposure', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = randomDataset(seed, 30, 80);
      // Listed entities listed twice more, on the other list and on the same one from another day: reasons of equal strength.
      const again = (random.listings ?? []).flatMap((listing) => [
        { ...listing, list: listing.list === 'OFAC_SDN' ? 'BIS_ENTITY' : 'OFAC_SDN', source: `again ${String(listing.entity_id)}` },
        { entity_id: listing.entity_id, list: listing.list, from: '2001-02-03', source: `earlier ${String(listing.entity_id)}` },
      ]);
      const inline: InlineDataset = { ...random, listings: [...(random.listings ?? []), ...again] };
      const [asGiven, inReverse] = await Promise.all([viewOf(inline), viewOf(reversed(inline))]);
      const asOf = '2012-06-30';
      const from = String(inline.entities[0]!.id);
      const question = { asOf, maxHops: 5, freeTradeZones };
      expect(JSON.stringify(rankedFlaggedRoutes(inReverse, from, question)), `seed ${seed}`).toBe(JSON.stringify(rankedFlaggedRoutes(asGiven, from, question)));
      expect(JSON.stringify(computeExposure(inReverse, from, { ...question, limit: 20 })), `seed ${seed}`).toBe(JSON.stringify(computeExposure(asGiven, from, { ...question, limit: 20 })));
    }
  });
});
