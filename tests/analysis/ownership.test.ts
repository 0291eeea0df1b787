import { describe, expect, it } from 'vitest';
import { entitiesOwned50ByBlocked } from '../../src/analysis/ownership.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { entity, viewOf } from '../support/build-dataset.ts';

const owns = (source: string, target: string, share: number, fields: Record<string, unknown> = {}) => ({ source, target, type: 'OWNS', share, ...fields });
const sdn = (id: string, fields: Record<string, unknown> = {}) => ({ entity_id: id, list: 'OFAC_SDN', ...fields });

describe('the 50% rule', () => {
  it('chains: blocked A owns 50% of B, B owns 60% of C', async () => {
    const view = await viewOf({
      entities: ['a', 'b', 'c'].map((id) => entity(id)),
      relationships: [owns('a', 'b', 50), owns('b', 'c', 60)],
      listings: [sdn('a')],
    });
    const blocked = entitiesOwned50ByBlocked(view, '2020-01-01');
    expect([...blocked.keys()].sort()).toEqual(['b', 'c']);
    expect(blocked.get('b')).toMatchObject({ total: 50, owners: [{ id: 'a', share: 50, blockedBecause: 'listed' }] });
    expect(blocked.get('c')).toMatchObject({ total: 60, owners: [{ id: 'b', share: 60, blockedBecause: 'owned' }] });
  });

  it('adds two blocked owners together: 30% + 25%', async () => {
    const view = await viewOf({
      entities: ['x', 'y', 'z', 'free'].map((id) => entity(id)),
      relationships: [owns('x', 'z', 30), owns('y', 'z', 25), owns('free', 'z', 45)],
      listings: [sdn('x'), sdn('y')],
    });
    const reason = flaggedEntities(view, '2020-01-01').get('z')?.find((r) => r.code === 'OWNED_50_BY_BLOCKED');
    expect(reason).toMatchObject({ total: 55, owners: [{ id: 'x', share: 30 }, { id: 'y', share: 25 }] });
  });

  it('sums parallel share classes of one owner', async () => {
    const view = await viewOf({
      entities: ['x', 'z'].map((id) => entity(id)),
      relationships: [owns('x', 'z', 20), owns('x', 'z', 30)],
      listings: [sdn('x')],
    });
    expect(entitiesOwned50ByBlocked(view, '2020-01-01').get('z')?.total).toBe(50);
  });

  it('does not block below 50%, nor through control, nor through a non-blocking list', async () => {
    const view = await viewOf({
      entities: ['x', 'e', 'z', 'w'].map((id) => entity(id)),
      relationships: [owns('x', 'z', 49.9), { source: 'x', target: 'w', type: 'CONTROLS' }, owns('e', 'w', 100)],
      listings: [sdn('x'), { entity_id: 'e', list: 'BIS_ENTITY' }],
    });
    expect(entitiesOwned50ByBlocked(view, '2020-01-01').size).toBe(0);
  });

  it('counts only ownership and listings in force at the date', async () => {
    const view = await viewOf({
      entities: ['x', 'z'].map((id) => entity(id)),
      relationships: [owns('x', 'z', 100, { start: '2015', end: '2018-06' })],
      listings: [sdn('x', { from: '2016-03-01' })],
    });
    expect(entitiesOwned50ByBlocked(view, '2016-02-29').has('z')).toBe(false);
    expect(entitiesOwned50ByBlocked(view, '2016-03-01').has('z')).toBe(true);
    expect(entitiesOwned50ByBlocked(view, '2018-06-30').has('z')).toBe(true);
    expect(entitiesOwned50ByBlocked(view, '2018-07-01').has('z')).toBe(false);
  });

  it('reaches a fixed point through ownership cycles', async () => {
    const view = await viewOf({
      entities: ['x', 'p', 'q'].map((id) => entity(id)),
      relationships: [owns('x', 'p', 50), owns('p', 'q', 50), owns('q', 'p', 50)],
      listings: [sdn('x')],
    });
    const blocked = entitiesOwned50ByBlocked(view, '2020-01-01');
    expect(blocked.get('p')?.total).toBe(100);
    expect(blocked.get('q')?.total).toBe(50);
  });
});

describe('flags', () => {
  it('gives each reason with its evidence', async () => {
    const view = await viewOf({
      entities: [
        entity('ste', { country: 'SY', sector: 'government' }),
        entity('ministry', { country: 'CN', sector: 'police' }),
        entity('shop', { country: 'CN', sector: 'commercial' }),
        entity('listed', { country: 'AE' }),
      ],
      listings: [{ entity_id: 'listed', list: 'BIS_ENTITY', from: '2011-12-15', source: 'BIS rule' }],
      jurisdictions: [
        { code: 'SY', flag: 'comprehensive_sanctions', from: '2004-05', source: 'EO 13338' },
        { code: 'CN', flag: 'hr_risk', from: '2019', source: 'State Dept' },
      ],
    });
    const flags = flaggedEntities(view, '2020-01-01');
    expect([...flags.keys()].sort()).toEqual(['listed', 'ministry', 'ste']);
    expect(flags.get('ste')).toEqual([{ code: 'SANCTIONED_JURISDICTION', country: 'SY', flag: 'comprehensive_sanctions', from: '2004-05-01', source: 'EO 13338' }]);
    expect(flags.get('ministry')).toEqual([{ code: 'HR_RISK_GOVERNMENT_END_USER', country: 'CN', sector: 'police', flag: 'hr_risk', from: '2019-01-01', source: 'State Dept' }]);
    expect(flags.get('listed')).toMatchObject([{ code: 'LISTED', list: 'BIS_ENTITY', from: '2011-12-15', source: 'BIS rule', blocking: false }]);
    expect(flaggedEntities(view, '2011-12-14').has('listed')).toBe(false);
    expect(flaggedEntities(view, '2018-12-31').has('ministry')).toBe(false);
  });
});
