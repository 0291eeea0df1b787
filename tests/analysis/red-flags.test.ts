// Red flags on route hops and the route score, on tiny graphs with exact answers.
import { describe, expect, it } from 'vitest';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { routeRedFlags } from '../../src/analysis/red-flags.ts';
import { scoreRoute } from '../../src/analysis/route-score.ts';
import type { FreeTradeZone } from '../../src/domain/red-flags.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';

const ZONES: FreeTradeZone[] = [
  { keyword: 'Jebel Ali', name: 'Jebel Ali Free Zone', country: 'AE', source: 'JAFZA' },
  { keyword: 'FZE', name: 'UAE Free Zone Establishment (legal form)', country: 'AE', source: 'UAE legal forms' },
];
const listed = (id: string, list = 'BIS_ENTITY') => ({ entity_id: id, list });
const codesByHop = (flags: { code: string; hop: number }[]) => flags.map((flag) => `${flag.hop} ${flag.code}`);

async function onlyRoute(inline: Parameters<typeof viewOf>[0], asOf: string, from = 's') {
  const view = await viewOf(inline);
  const routes = findFlaggedRoutes(view, from, { asOf });
  expect(routes).toHaveLength(1);
  return { view, route: routes[0]! };
}

describe('routeRedFlags', () => {
  it('flags forwarder, free zone, hub, stated end user, trading company, undated hop, evidence and embargo, each with its source', async () => {
    const { view, route } = await onlyRoute(
      {
        entities: [
          entity('s'),
          entity('fwd', { kind: 'freight_forwarder', country: 'AE', address: 'Plot 5, Jebel Ali Free Zone, Dubai', source: 'registry of fwd' }),
          entity('trader', { name: 'Gulf General Trading LLC', country: 'RU' }),
          entity('t', { kind: 'end_user', country: 'RU' }),
          entity('decl', { kind: 'end_user', country: 'IQ' }),
        ],
        relationships: [
          supplies('s', 'fwd', { start: '2012-03-01', end: '2012-03-01', evidence: 'settlement', stated_end_user: 'decl', source_ref: 'order 1' }),
          supplies('fwd', 'trader'),
          supplies('trader', 't', { start: '2015', evidence: 'press', source_ref: 'a newspaper' }),
        ],
        listings: [listed('t')],
        jurisdictions: [
          { code: 'AE', flag: 'transshipment_hub', from: '2010', source: 'hub alert' },
          { code: 'RU', flag: 'arms_embargo', from: '2014-07-31', source: 'embargo decision' },
        ],
      },
      '2016-01-01',
    );
    const flags = routeRedFlags(view, route, { asOf: '2016-01-01', freeTradeZones: ZONES });
    expect(codesByHop(flags)).toEqual([
      '0 FREIGHT_FORWARDER_CONSIGNEE',
      '0 FREE_TRADE_ZONE_ADDRESS',
      '0 TRANSSHIPMENT_HUB',
      '0 STATED_END_USER_MISMATCH',
      '1 TRADING_COMPANY_CONSIGNEE',
      '1 UNDATED_HOP',
      '1 UNGRADED_EVIDENCE',
      '2 ARMS_EMBARGO_JURISDICTION',
      '2 WEAK_EVIDENCE',
    ]);
    expect(flags.map((flag) => flag.source)).toEqual([
      'registry of fwd',
      'JAFZA',
      'hub alert',
      'order 1',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      'embargo decision',
      'a newspaper',
    ]);
    expect(flags.map((flag) => flag.entity)).toEqual(['fwd', 'fwd', 'fwd', 'decl', 'trader', undefined, undefined, 't', undefined]);
    expect(flags.filter((flag) => flag.date !== undefined).map((flag) => flag.date)).toEqual(['2012-03-01', '2015-01-01']);

    const score = scoreRoute(route, flags);
    expect(score.terms.map((term) => [term.name, term.points])).toEqual([
      ['target', 30],
      ['directness', 12],
      ['red_flags', 25],
      ['evidence', 0],
    ]);
    expect(score.total).toBe(67);
  });

  it('judges an undated hop against jurisdiction flags at the as-of date', async () => {
    const inline = {
      entities: [entity('s'), entity('hub', { country: 'AE' }), entity('t')],
      relationships: [supplies('s', 'hub', { evidence: 'court' }), supplies('hub', 't', { evidence: 'court' })],
      listings: [listed('t')],
      jurisdictions: [{ code: 'AE', flag: 'transshipment_hub', from: '2010', source: 'hub alert' }],
    };
    const before = await onlyRoute(inline, '2009-06-30');
    expect(codesByHop(routeRedFlags(before.view, before.route, { asOf: '2009-06-30', freeTradeZones: [] }))).toEqual(['0 UNDATED_HOP', '1 UNDATED_HOP']);
    const after = await onlyRoute(inline, '2011-06-30');
    const flags = routeRedFlags(after.view, after.route, { asOf: '2011-06-30', freeTradeZones: [] });
    expect(codesByHop(flags)).toEqual(['0 TRANSSHIPMENT_HUB', '0 UNDATED_HOP', '1 UNDATED_HOP']);
    expect(flags[0]!.date).toBe('2011-06-30');
  });

  it('compares the stated end user with the buyer and the end of the route only', async () => {
    const entities = ['s', 'a', 'b', 't', 'elsewhere'].map((id) => entity(id));
    const mismatches = async (stated: Record<string, string>) => {
      const { view, route } = await onlyRoute(
        {
          entities,
          relationships: [
            supplies('s', 'a', { evidence: 'court', start: '2010', ...(stated.a ? { stated_end_user: stated.a } : {}) }),
            supplies('a', 'b', { evidence: 'court', start: '2010', ...(stated.b ? { stated_end_user: stated.b } : {}) }),
            supplies('b', 't', { evidence: 'court', start: '2010' }),
          ],
          listings: [listed('t')],
        },
        '2011-01-01',
      );
      return codesByHop(routeRedFlags(view, route, { asOf: '2011-01-01', freeTradeZones: [] }));
    };
    expect(await mismatches({ a: 't' })).toEqual([]);
    expect(await mismatches({ a: 'a' })).toEqual([]);
    expect(await mismatches({ a: 'elsewhere' })).toEqual(['0 STATED_END_USER_MISMATCH']);
    expect(await mismatches({ a: 'b', b: 'b' })).toEqual(['0 STATED_END_USER_MISMATCH']);
  });

  it('leaves the stated end user alone and treats the last consignee as a hub on an open-ended route', async () => {
    const { view } = await onlyRoute(
      {
        entities: [entity('s'), entity('hub', { country: 'AE' }), entity('elsewhere'), entity('t')],
        relationships: [supplies('s', 'hub', { evidence: 'court', start: '2012', stated_end_user: 'elsewhere' }), supplies('hub', 't')],
        listings: [listed('t')],
        jurisdictions: [{ code: 'AE', flag: 'transshipment_hub', from: '2010', source: 'hub alert' }],
      },
      '2013-01-01',
    );
    const sale = view.outEdges('s')[0]!;
    const flags = routeRedFlags(view, { path: ['s', 'hub'], edges: [{ ...sale, at: '2012-01-01' }] }, { asOf: '2013-01-01', freeTradeZones: [], openEnded: true });
    expect(codesByHop(flags)).toEqual(['0 TRANSSHIPMENT_HUB']);
  });

  it('flags a front company once, whether by kind or by a FRONT_FOR hop', async () => {
    const { view, route } = await onlyRoute(
      {
        entities: [entity('s'), entity('front', { kind: 'front_company' }), entity('c'), entity('p')],
        relationships: [
          supplies('s', 'front', { evidence: 'court', start: '2010' }),
          { source: 'front', target: 'c', type: 'FRONT_FOR', evidence: 'court', start: '2010' },
          { source: 'c', target: 'p', type: 'FRONT_FOR', evidence: 'court', start: '2010', source_ref: 'c fronts for p' },
        ],
        listings: [listed('p')],
      },
      '2011-01-01',
    );
    const flags = routeRedFlags(view, route, { asOf: '2011-01-01', freeTradeZones: [] });
    expect(flags.map((flag) => [flag.hop, flag.code, flag.entity, flag.source])).toEqual([
      [0, 'FRONT_COMPANY', 'front', "entities row 'front' (no source given)"],
      [2, 'FRONT_COMPANY', 'c', 'c fronts for p'],
    ]);
  });

  it('matches trading words and free-zone keywords as whole words only, on name, alias and address', async () => {
    const consignees = [
      entity('tradewinds', { name: 'Tradewinds Ltd', address: 'Jebel Alimony Street 4' }),
      entity('alnoor', { name: 'Al Noor Co', aliases: 'Al-Noor Trade Co', address: 'JEBEL ALI, Dubai' }),
      entity('gulf', { name: 'Gulf Systems FZE' }),
    ];
    const view = await viewOf({
      entities: [entity('s'), ...consignees],
      relationships: consignees.map((consignee) => supplies('s', consignee.id as string, { evidence: 'court', start: '2010' })),
    });
    const flagsOf = (id: string) => {
      const edge = view.outEdges('s').find((candidate) => candidate.target === id)!;
      return routeRedFlags(view, { path: ['s', id], edges: [edge] }, { asOf: '2011-01-01', freeTradeZones: ZONES }).map((flag) => flag.code);
    };
    expect(flagsOf('tradewinds')).toEqual([]);
    expect(flagsOf('alnoor')).toEqual(['TRADING_COMPANY_CONSIGNEE', 'FREE_TRADE_ZONE_ADDRESS']);
    expect(flagsOf('gulf')).toEqual(['FREE_TRADE_ZONE_ADDRESS']);
  });
});

describe('scoreRoute', () => {
  it('adds the four terms: a one-hop route to a blocking-listed target on court evidence scores 75', async () => {
    const { route } = await onlyRoute(
      { entities: [entity('s'), entity('t')], relationships: [supplies('s', 't', { evidence: 'court', start: '2010' })], listings: [listed('t', 'OFAC_SDN')] },
      '2011-01-01',
    );
    const score = scoreRoute(route, []);
    expect(score.terms.map((term) => term.points)).toEqual([40, 20, 0, 15]);
    expect(score.total).toBe(75);
  });
});
