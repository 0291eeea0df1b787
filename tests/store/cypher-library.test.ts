// The Cypher library (cypher/*.cypher) on a real Neo4j: tiny graphs with exact answers for each question.
import { expect, it } from 'vitest';
import { NotFoundError } from '../../src/domain/errors.ts';
import { shippedOwnershipRules } from '../../src/load/read-ownership-rules.ts';
import { cypherExposure, cypherFlags, cypherNeighbourhood, cypherRoutes } from '../../src/store/neo4j/cypher-library.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { buildDataset, entity, supplies, type InlineDataset } from '../support/build-dataset.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';

describeNeo4j('Cypher library', () => {
  withNeo4jDatabase();

  async function storeWith(inline: InlineDataset): Promise<Neo4jStore> {
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    await store.driver.executeQuery('MATCH (n) DETACH DELETE n');
    await store.load(buildDataset(inline));
    return store;
  }

  async function routesOf(inline: InlineDataset, from: string, options: { asOf: string; product?: string; maxHops?: number }) {
    const store = await storeWith(inline);
    try {
      const flagged = (await cypherFlags(store, options.asOf, shippedOwnershipRules())).map((flag) => flag.id);
      return (await cypherRoutes(store, from, { maxHops: 6, ...options, flagged })).map((route) => [route.target, route.hops, route.path.join(' ')]);
    } finally {
      await store.close();
    }
  }

  const syria = (id: string) => entity(id, { kind: 'end_user', country: 'SY' });
  const sanctions = [{ code: 'SY', flag: 'comprehensive_sanctions' }];

  it('finds the fewest-hop route to each flagged entity', async () => {
    const graph = { entities: [entity('a'), entity('b'), entity('c'), syria('s')], relationships: [supplies('a', 'b'), supplies('b', 'c'), supplies('c', 's'), supplies('b', 's')], jurisdictions: sanctions };
    expect(await routesOf(graph, 'a', { asOf: '2011-01-01' })).toEqual([['s', 2, 'a b s']]);
  });

  it('respects time: an edge that ends before the goods arrive is not crossed', async () => {
    const late = { entities: [entity('a'), entity('b'), syria('s')], relationships: [supplies('a', 'b', { start: '2011' }), supplies('b', 's', { end: '2010' })], jurisdictions: sanctions };
    expect(await routesOf(late, 'a', { asOf: '2012-01-01' })).toEqual([]);
    const inOrder = { ...late, relationships: [supplies('a', 'b', { end: '2010' }), supplies('b', 's', { start: '2011' })] };
    expect(await routesOf(inOrder, 'a', { asOf: '2012-01-01' })).toEqual([['s', 2, 'a b s']]);
    expect(await routesOf(inOrder, 'a', { asOf: '2010-06-30' })).toEqual([]);
  });

  it('takes a longer route when the shorter one is too late, as the TypeScript search does', async () => {
    const graph = {
      entities: [entity('a'), entity('b'), entity('c'), entity('d'), syria('s')],
      relationships: [supplies('a', 'b', { start: '2011' }), supplies('b', 's', { end: '2010' }), supplies('a', 'c'), supplies('c', 'd'), supplies('d', 's')],
      jurisdictions: sanctions,
    };
    expect(await routesOf(graph, 'a', { asOf: '2012-01-01' })).toEqual([['s', 3, 'a c d s']]);
  });

  it('keeps to the product, and stops at the first flagged entity', async () => {
    const graph = {
      entities: [entity('a'), entity('b'), syria('s1'), syria('s2')],
      relationships: [supplies('a', 'b', { product: 'DPI' }), supplies('b', 's1', { product: 'proxy' }), supplies('a', 's2'), supplies('s2', 's1')],
      jurisdictions: sanctions,
    };
    expect(await routesOf(graph, 'a', { asOf: '2011-01-01', product: 'proxy' })).toEqual([['s2', 1, 'a s2']]);
    expect(await routesOf(graph, 'a', { asOf: '2011-01-01', product: ' dpi ' })).toEqual([['s2', 1, 'a s2']]);
    expect(await routesOf(graph, 'a', { asOf: '2011-01-01' })).toEqual([['s2', 1, 'a s2'], ['s1', 2, 'a b s1']]);
    expect(await routesOf(graph, 'a', { asOf: '2011-01-01', maxHops: 1 })).toEqual([['s2', 1, 'a s2']]);
  });

  it('throws NotFoundError for an unknown source', async () => {
    const store = await storeWith({ entities: [entity('a')] });
    try {
      await expect(cypherRoutes(store, 'nobody', { asOf: '2011-01-01', maxHops: 6, flagged: [] })).rejects.toThrow(NotFoundError);
      await expect(cypherNeighbourhood(store, 'nobody')).rejects.toThrow(NotFoundError);
    } finally {
      await store.close();
    }
  });

  it('runs the 50% rule to its fixed point, adding holdings of different blocked owners', async () => {
    const store = await storeWith({
      entities: [entity('sdn'), entity('x'), entity('y'), entity('z'), entity('minor')],
      relationships: [
        { source: 'sdn', target: 'x', type: 'OWNS', share: 50 },
        { source: 'x', target: 'y', type: 'OWNS', share: 30 },
        { source: 'sdn', target: 'y', type: 'OWNS', share: 20 },
        { source: 'y', target: 'z', type: 'OWNS', share: 60, end: '2010' },
        { source: 'sdn', target: 'minor', type: 'OWNS', share: 49.9 },
      ],
      listings: [{ entity_id: 'sdn', list: 'OFAC_SDN' }],
    });
    try {
      const flags = await cypherFlags(store, '2015-01-01', shippedOwnershipRules());
      expect(flags).toEqual([
        { id: 'sdn', reasons: ['LISTED'] },
        { id: 'x', reasons: ['OWNED_50_BY_BLOCKED'] },
        { id: 'y', reasons: ['OWNED_50_BY_BLOCKED'] },
      ]);
      // The law changed (issue 15): before OFAC's guidance of 13 Aug 2014 holdings of different
      // blocked owners were not added up (2008 guidance), so y (30% + 20%) and z through it are not blocked.
      expect((await cypherFlags(store, '2009-01-01', shippedOwnershipRules())).map((flag) => flag.id)).toEqual(['sdn', 'x']);
    } finally {
      await store.close();
    }
  });

  it('flags by jurisdiction: sanctioned countries, and state end users in human-rights-risk countries', async () => {
    const store = await storeWith({
      entities: [syria('s'), entity('ir-gov', { country: 'IR', sector: 'police' }), entity('ir-shop', { country: 'IR', sector: 'commercial' })],
      jurisdictions: [...sanctions, { code: 'IR', flag: 'hr_risk', from: '2009' }],
    });
    try {
      expect(await cypherFlags(store, '2010-01-01', [])).toEqual([
        { id: 'ir-gov', reasons: ['HR_RISK_GOVERNMENT_END_USER'] },
        { id: 's', reasons: ['SANCTIONED_JURISDICTION'] },
      ]);
      expect((await cypherFlags(store, '2008-01-01', [])).map((flag) => flag.id)).toEqual(['s']);
    } finally {
      await store.close();
    }
  });

  it('flags an entity in a region by the region\'s rows and its country\'s, never by an unverified row', async () => {
    const store = await storeWith({
      entities: [entity('crimea', { country: 'UA-43' }), entity('kyiv', { country: 'UA' }), entity('cu-region', { country: 'CU-03' })],
      jurisdictions: [
        { code: 'UA-43', flag: 'comprehensive_sanctions', from: '2014-12-19', regime: 'US' },
        { code: 'CU', flag: 'comprehensive_sanctions', from: '1962-02-07', regime: 'US' },
        { code: 'UA', flag: 'comprehensive_sanctions', from: '2020-01-01', unverified: 'yes' },
      ],
    });
    try {
      expect(await cypherFlags(store, '2021-01-01', [])).toEqual([
        { id: 'crimea', reasons: ['SANCTIONED_JURISDICTION'] },
        { id: 'cu-region', reasons: ['SANCTIONED_JURISDICTION'] },
      ]);
      expect((await cypherFlags(store, '2014-12-18', [])).map((flag) => flag.id)).toEqual(['cu-region']);
    } finally {
      await store.close();
    }
  });

  it('gives exposure to flagged jurisdictions by country, with the fewest hops', async () => {
    const store = await storeWith({
      entities: [entity('a'), entity('hub', { country: 'AE' }), entity('hub2', { country: 'AE' }), syria('s'), entity('beyond', { country: 'SY' })],
      relationships: [supplies('a', 'hub'), supplies('hub', 'hub2'), supplies('hub2', 's'), supplies('s', 'beyond')],
      jurisdictions: [...sanctions, { code: 'AE', flag: 'transshipment_hub' }],
    });
    try {
      const flagged = (await cypherFlags(store, '2011-01-01', [])).map((flag) => flag.id);
      expect(await cypherExposure(store, 'a', { asOf: '2011-01-01', maxHops: 6, flagged })).toEqual([
        { country: 'AE', flags: ['transshipment_hub'], reachable: 2, fewestHops: 1, entities: ['hub', 'hub2'] },
        { country: 'SY', flags: ['comprehensive_sanctions'], reachable: 1, fewestHops: 3, entities: ['s'] },
      ]);
    } finally {
      await store.close();
    }
  });

  it('lists the neighbourhood of an entity: relationships both ways and listings', async () => {
    const store = await storeWith({
      entities: [entity('a'), entity('b'), entity('c')],
      relationships: [supplies('a', 'b', { product: 'dpi' }), { source: 'c', target: 'b', type: 'OWNS', share: 100 }],
      listings: [{ entity_id: 'b', list: 'BIS_ENTITY', from: '2011' }],
    });
    try {
      const rows = await cypherNeighbourhood(store, 'b');
      expect(rows.map((row) => [row.direction, row.type, row.other, row.otherName])).toEqual([
        ['out', 'LISTED_ON', 'BIS_ENTITY', 'Entity List'],
        ['in', 'OWNS', 'c', 'C'],
        ['in', 'SUPPLIES', 'a', 'A'],
      ]);
      expect(rows[1]?.properties).toMatchObject({ share: 100 });
    } finally {
      await store.close();
    }
  });
});
