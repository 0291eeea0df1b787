// The GraphStore contract: one suite of cases, run against every store (memory-store.test.ts,
// compact-store.test.ts, neo4j-store.test.ts), so that every store gives analysis the same graph.
import { expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import type { Dataset } from '../../src/domain/schema.ts';
import type { GraphStore } from '../../src/store/graph-store.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';

export type StoreFactory = () => Promise<GraphStore>;

/** Names of the cases; a store may skip one only with its reason. */
export const CONTRACT_CASES = [
  'starts empty',
  'round-trips every entity field',
  'round-trips every relationship field, keeping parallel edges apart',
  'round-trips listings, list definitions and jurisdiction flags',
  'filters edges by type in both directions',
  'changes nothing when the same dataset is loaded twice',
  'replaces an entity loaded again under the same id',
  'adds a second dataset to the first',
  'answers flags and routes on the stored graph',
  'leaves the store as it was when a load fails',
] as const;
export type ContractCase = (typeof CONTRACT_CASES)[number];

const RICH = {
  entities: [
    entity('maker', { kind: 'manufacturer', sector: 'commercial', aliases: 'Maker Inc;Maker', address: 'Sunnyvale', source: 'registry', identifiers: 'lei:5493001KJTIIGC8Y1R12' }),
    entity('forwarder', { kind: 'freight_forwarder', country: 'AE' }),
    entity('ministry', { kind: 'end_user', country: 'SY', sector: 'government' }),
    entity('holding', { kind: 'company', country: 'DE' }),
  ],
  relationships: [
    supplies('maker', 'forwarder', { product: 'ProxySG', start: '2010-10', end: '2011', stated_end_user: 'holding', evidence: 'settlement', source_ref: 'BIS order' }),
    supplies('maker', 'forwarder', { product: 'ProxySG', start: '2010-10', end: '2011', stated_end_user: 'holding', evidence: 'settlement', source_ref: 'BIS order' }),
    supplies('forwarder', 'ministry', { start: '2011-03-01' }),
    { source: 'holding', target: 'forwarder', type: 'OWNS', share: 33.33 },
    { source: 'holding', target: 'forwarder', type: 'CONTROLS', evidence: 'press' },
    { source: 'forwarder', target: 'ministry', type: 'FRONT_FOR' },
  ],
  listings: [{ entity_id: 'forwarder', list: 'BIS_ENTITY', from: '2011-12-15', source: 'Federal Register' }],
  jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions', from: '2004', source: 'EO 13338' }],
};

/**
 * Runs every contract case against the stores `open` makes; `skip` names the cases this store
 * does not meet, each with the reason (printed in the test name).
 */
export function graphStoreContract(open: StoreFactory, skip: Partial<Record<ContractCase, string>> = {}): void {
  const contractCase = (name: ContractCase, body: (store: GraphStore) => Promise<void>) => {
    const reason = skip[name];
    if (reason !== undefined) {
      it.skip(`${name} (skipped: ${reason})`, () => {});
      return;
    }
    it(name, async () => {
      const store = await open();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    });
  };

  contractCase('starts empty', async (store) => {
    const view = await store.view();
    expect([view.entityCount(), view.relationshipCount(), [...view.listings()].length, [...view.jurisdictions()].length]).toEqual([0, 0, 0, 0]);
  });

  contractCase('round-trips every entity field', async (store) => {
    const dataset = buildDataset(RICH);
    await store.load(dataset);
    const view = await store.view();
    expect(view.entityCount()).toBe(4);
    expect(view.entity('maker')).toEqual({
      id: 'maker', name: 'MAKER', kind: 'manufacturer', country: 'US', sector: 'commercial', aliases: ['Maker Inc', 'Maker'],
      address: 'Sunnyvale', source: 'registry', identifiers: ['lei:5493001KJTIIGC8Y1R12'],
    });
    expect(view.entity('forwarder')).toEqual({ id: 'forwarder', name: 'FORWARDER', kind: 'freight_forwarder', country: 'AE', aliases: [] });
    expect(view.entity('nobody')).toBeUndefined();
    expect(sortedById([...view.entities()])).toEqual(sortedById(dataset.entities));
  });

  contractCase('round-trips every relationship field, keeping parallel edges apart', async (store) => {
    const dataset = buildDataset(RICH);
    await store.load(dataset);
    const view = await store.view();
    expect(view.relationshipCount()).toBe(6);
    expect(sortedById([...view.relationships()])).toEqual(sortedById(dataset.relationships));
    const orders = view.outEdges('maker');
    expect(orders).toHaveLength(2);
    expect(new Set(orders.map((edge) => edge.id)).size).toBe(2);
    expect(orders[0]).toMatchObject({ source: 'maker', target: 'forwarder', type: 'SUPPLIES', product: 'ProxySG', start: '2010-10-01', end: '2011-12-31', stated_end_user: 'holding', evidence: 'settlement', source_ref: 'BIS order' });
    expect(view.outEdges('holding', ['OWNS'])[0]?.share).toBe(33.33);
  });

  contractCase('round-trips listings, list definitions and jurisdiction flags', async (store) => {
    await store.load(buildDataset(RICH));
    const view = await store.view();
    expect(view.listingsOf('forwarder')).toEqual([{ entity_id: 'forwarder', list: 'BIS_ENTITY', from: '2011-12-15', source: 'Federal Register' }]);
    expect(view.listingsOf('maker')).toEqual([]);
    expect(view.list('BIS_ENTITY')).toEqual({ code: 'BIS_ENTITY', name: 'Entity List', authority: 'US Commerce BIS', regime: 'US', measures: ['licence_requirement'] });
    expect([...view.lists()].map((list) => list.code).sort()).toEqual(['BIS_ENTITY', 'EU_CONSOLIDATED', 'OFAC_SDN']);
    expect(view.jurisdictionFlags('SY')).toEqual([{ code: 'SY', flag: 'comprehensive_sanctions', from: '2004-01-01', source: 'EO 13338' }]);
    expect(view.jurisdictionFlags('AE')).toEqual([]);
  });

  contractCase('filters edges by type in both directions', async (store) => {
    await store.load(buildDataset(RICH));
    const view = await store.view();
    expect(view.inEdges('forwarder').map((edge) => edge.type).sort()).toEqual(['CONTROLS', 'OWNS', 'SUPPLIES', 'SUPPLIES']);
    expect(view.inEdges('forwarder', ['OWNS', 'CONTROLS']).map((edge) => edge.source)).toEqual(['holding', 'holding']);
    expect(view.outEdges('forwarder', ['FRONT_FOR']).map((edge) => edge.target)).toEqual(['ministry']);
    expect(view.outEdges('ministry')).toEqual([]);
  });

  contractCase('changes nothing when the same dataset is loaded twice', async (store) => {
    await store.load(buildDataset(RICH));
    await store.load(buildDataset(RICH));
    const view = await store.view();
    expect([view.entityCount(), view.relationshipCount(), [...view.listings()].length, [...view.jurisdictions()].length]).toEqual([4, 6, 1, 1]);
  });

  contractCase('replaces an entity loaded again under the same id', async (store) => {
    await store.load(buildDataset({ entities: [entity('a', { kind: 'reseller', country: 'AE' })] }));
    await store.load(buildDataset({ entities: [entity('a', { kind: 'front_company', name: 'A Trading', country: 'TR' })] }));
    const view = await store.view();
    expect(view.entityCount()).toBe(1);
    expect(view.entity('a')).toMatchObject({ kind: 'front_company', name: 'A Trading', country: 'TR' });
  });

  contractCase('adds a second dataset to the first', async (store) => {
    await store.load(buildDataset({ entities: [entity('a'), entity('b')], relationships: [supplies('a', 'b')] }));
    await store.load(buildDataset({ entities: [entity('b'), entity('c')], relationships: [supplies('b', 'c')] }));
    const view = await store.view();
    expect([...view.entities()].map((each) => each.id).sort()).toEqual(['a', 'b', 'c']);
    expect(view.outEdges('b').map((edge) => edge.target)).toEqual(['c']);
  });

  contractCase('answers flags and routes on the stored graph', async (store) => {
    await store.load(buildDataset(RICH));
    const view = await store.view();
    expect([...flaggedEntities(view, '2011-06-30').keys()].sort()).toEqual(['ministry']);
    expect([...flaggedEntities(view, '2012-01-01').keys()].sort()).toEqual(['forwarder', 'ministry']);
    expect(findFlaggedRoutes(view, 'maker', { asOf: '2011-06-30' }).map((route) => [route.path, route.hops])).toEqual([[['maker', 'forwarder', 'ministry'], 2]]);
    expect(findFlaggedRoutes(view, 'maker', { asOf: '2012-01-01' }).map((route) => [route.path, route.hops])).toEqual([[['maker', 'forwarder'], 1]]);
  });

  contractCase('leaves the store as it was when a load fails', async (store) => {
    await store.load(buildDataset({ entities: [entity('a'), entity('b')], relationships: [supplies('a', 'b')] }));
    // Not from validation: an edge to an entity that is nowhere, which no store can add.
    const broken: Dataset = { ...buildDataset({ entities: [entity('c')] }), relationships: [{ id: 'r-broken', source: 'c', target: 'nowhere', type: 'SUPPLIES' }] };
    await expect(store.load(broken)).rejects.toThrow(Error);
    const view = await store.view();
    expect([...view.entities()].map((each) => each.id).sort()).toEqual(['a', 'b']);
    expect(view.relationshipCount()).toBe(1);
  });
}

function sortedById<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id));
}
