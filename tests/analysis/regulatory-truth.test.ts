// The corrected reference data of issue 15, each fact pinned at dates on both sides of its
// change, read through the shipped files: Syria, the OFAC and EU ownership tests, regions,
// regimes, measures per designation and the FinCEN/BIS hubs bound for Russia and Belarus.
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { routeRedFlags } from '../../src/analysis/red-flags.ts';
import { screenSale } from '../../src/analysis/screening.ts';
import { readReference, withReferenceJurisdictions } from '../../src/load/load-datasets.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import type { RegimeSelection } from '../../src/domain/regimes.ts';
import { buildDataset, entity, supplies, type InlineDataset } from '../support/build-dataset.ts';

const reference = readReference();
const freeTradeZones = readFreeTradeZones();

/** A view of the inline dataset with the shipped lists and jurisdiction rows. */
async function shippedView(inline: InlineDataset): Promise<GraphView> {
  const store = new MemoryStore();
  await store.load(withReferenceJurisdictions(buildDataset(inline, [...reference.lists.values()]), reference));
  return store.view();
}

const reasonsOf = (view: GraphView, id: string, asOf: string, regime?: RegimeSelection) => flaggedEntities(view, asOf, undefined, { regime }).get(id) ?? [];
const codesOf = (view: GraphView, id: string, asOf: string, regime?: RegimeSelection) => reasonsOf(view, id, asOf, regime).map((reason) => `${reason.code}:${reason.regime ?? '-'}`);
const owns = (source: string, target: string, share: number) => ({ source, target, type: 'OWNS', share });

describe('Syria after Executive Order 14312', () => {
  const syria = () =>
    shippedView({
      entities: [entity('exporter'), entity('dist', { country: 'AE' }), entity('syrian-co', { country: 'SY' })],
      relationships: [supplies('exporter', 'syrian-co', { start: '2025-06-30', evidence: 'court' }), supplies('exporter', 'syrian-co', { start: '2025-09-10', evidence: 'court' })],
    });

  it('flags a Syrian party SANCTIONED_JURISDICTION (US) on 30 Jun 2025 and not on 1 Jul 2025', async () => {
    const view = await syria();
    expect(codesOf(view, 'syrian-co', '2025-06-30')).toEqual(['SANCTIONED_JURISDICTION:US']);
    expect(reasonsOf(view, 'syrian-co', '2025-06-30')[0]).toMatchObject({ to: '2025-06-30', source: expect.stringContaining('Executive Order 14312'), verified: '2026-12-02' });
    expect(codesOf(view, 'syrian-co', '2025-07-01')).toEqual([]);
    expect(codesOf(view, 'syrian-co', '2026-12-01')).toEqual([]);
  });

  it('keeps what remains as dated licence-requirement rows: all EAR items until 1 Sep 2025, Commerce Control List items from 2 Sep 2025', async () => {
    const view = await syria();
    const hopInto = (date: string) =>
      routeRedFlags(view, { path: ['exporter', 'syrian-co'], edges: [{ id: 'r', source: 'exporter', target: 'syrian-co', type: 'SUPPLIES', start: date, at: date, evidence: 'court' }] }, { asOf: date, freeTradeZones }).filter(
        (flag) => flag.code === 'LICENCE_REQUIRED_JURISDICTION',
      );
    expect(hopInto('2025-06-30')).toEqual([]);
    expect(hopInto('2025-07-01')[0]).toMatchObject({ entity: 'syrian-co', source: expect.stringContaining('except food and medicine') });
    expect(hopInto('2025-09-01')[0]?.source).toContain('except food and medicine');
    expect(hopInto('2025-09-02')[0]).toMatchObject({ message: expect.stringContaining('under US law'), source: expect.stringContaining('Syria Peace and Prosperity') });
    expect(hopInto('2025-09-02')[0]?.source).toContain('items on the Commerce Control List still need a licence');
  });

  it('a person still designated stays flagged after the programme ends (its own listing row)', async () => {
    const view = await shippedView({
      entities: [entity('assad-associate', { kind: 'person', country: 'SY' })],
      listings: [{ entity_id: 'assad-associate', list: 'OFAC_SDN', from: '2011-05-18', source: 'designated under EO 13894 as amended by EO 14312' }],
    });
    expect(codesOf(view, 'assad-associate', '2025-07-01')).toEqual(['LISTED:US']);
    expect(reasonsOf(view, 'assad-associate', '2025-07-01')[0]).toMatchObject({ blocking: true, measures: ['asset_freeze'] });
  });
});

describe('the OFAC 50 Percent Rule: one blocked owner from the 2008 guidance, aggregation from 13 Aug 2014', () => {
  // a and b, both on the SDN list, own 30% and 25% of target: 55% together, neither alone.
  const owned = () =>
    shippedView({
      entities: ['a', 'b', 'target', 'single'].map((id) => entity(id)),
      relationships: [owns('a', 'target', 30), owns('b', 'target', 25), owns('a', 'single', 50)],
      listings: [{ entity_id: 'a', list: 'OFAC_SDN' }, { entity_id: 'b', list: 'OFAC_SDN' }],
    });

  it('does not add holdings of different blocked owners on 12 Aug 2014, and does on 13 Aug 2014', async () => {
    const view = await owned();
    expect(codesOf(view, 'target', '2014-08-12')).toEqual([]);
    expect(reasonsOf(view, 'target', '2014-08-13')).toMatchObject([{ code: 'OWNED_50_BY_BLOCKED', total: 55, rule: 'OFAC 50 Percent Rule (2014 guidance: aggregate)', regime: 'US' }]);
  });

  it('blocks an entity one blocked owner holds 50% of under the 2008 guidance, and not before it', async () => {
    const view = await owned();
    expect(reasonsOf(view, 'single', '2010-01-01')).toMatchObject([{ code: 'OWNED_50_BY_BLOCKED', total: 50, rule: 'OFAC 50 Percent Rule (2008 guidance: one blocked owner)' }]);
    expect(codesOf(view, 'single', '2008-02-13')).toEqual([]);
  });

  it('counts blocking designations only: an SDN listing whose measures name no asset freeze seeds nothing', async () => {
    const view = await shippedView({
      entities: ['owner', 'held'].map((id) => entity(id)),
      relationships: [owns('owner', 'held', 100)],
      listings: [{ entity_id: 'owner', list: 'OFAC_SDN', measures: 'travel_ban' }],
    });
    expect(reasonsOf(view, 'owner', '2024-01-01')).toMatchObject([{ code: 'LISTED', blocking: false, measures: ['travel_ban'] }]);
    expect(codesOf(view, 'held', '2024-01-01')).toEqual([]);
  });
});

describe("the EU 'owned or controlled' test: more than 50% until 2 Jul 2024, 50% or more from 3 Jul 2024", () => {
  it('catches a 50% holding only from 3 Jul 2024', async () => {
    const view = await shippedView({
      entities: ['listed', 'half'].map((id) => entity(id, { country: 'DE' })),
      relationships: [owns('listed', 'half', 50)],
      listings: [{ entity_id: 'listed', list: 'EU_CONSOLIDATED' }],
    });
    expect(codesOf(view, 'half', '2024-07-02')).toEqual([]);
    expect(reasonsOf(view, 'half', '2024-07-03')).toMatchObject([{ code: 'OWNED_OR_CONTROLLED_BY_LISTED', rule: 'EU_OWNED_OR_CONTROLLED', total: 50, regime: 'EU' }]);
  });
});

describe('UK lists: the OFSI Consolidated List closed on 28 Jan 2026, and designations carry their own measures', () => {
  it('the UK ownership test counts asset-freeze designations on the UK Sanctions List, not trade-only ones', async () => {
    const view = await shippedView({
      entities: ['frozen', 'trade-only', 'a', 'b'].map((id) => entity(id, { country: 'GB' })),
      relationships: [owns('frozen', 'a', 60), owns('trade-only', 'b', 60)],
      listings: [
        { entity_id: 'frozen', list: 'UK_SANCTIONS_LIST', from: '2026-02-01', measures: 'asset_freeze;travel_ban' },
        { entity_id: 'trade-only', list: 'UK_SANCTIONS_LIST', from: '2026-02-01', measures: 'trade_ban' },
      ],
    });
    expect(codesOf(view, 'a', '2026-03-01')).toEqual(['OWNED_OR_CONTROLLED_BY_LISTED:UK']);
    expect(codesOf(view, 'b', '2026-03-01')).toEqual([]);
    expect(reasonsOf(view, 'trade-only', '2026-03-01')).toMatchObject([{ code: 'LISTED', blocking: false, measures: ['trade_ban'], regime: 'UK' }]);
    expect(reference.lists.get('UK_CONSOLIDATED')?.name).toContain('closed 28 Jan 2026');
  });

  it('a UN listing names its own measures and does not block in the US by itself', async () => {
    const view = await shippedView({ entities: [entity('un-only')], listings: [{ entity_id: 'un-only', list: 'UN_SC', measures: 'travel_ban' }] });
    expect(codesOf(view, 'un-only', '2024-01-01', 'us')).toEqual([]);
    expect(reasonsOf(view, 'un-only', '2024-01-01', 'un')).toMatchObject([{ code: 'LISTED', regime: 'UN', blocking: false, measures: ['travel_ban'] }]);
  });
});

describe('whose law: --regime selects the rows that apply, and every reason names its regime', () => {
  it('an EU-only listing flags under eu and all, not under us', async () => {
    const view = await shippedView({ entities: [entity('eu-listed', { country: 'RU' })], listings: [{ entity_id: 'eu-listed', list: 'EU_CONSOLIDATED', from: '2022-03-01' }] });
    expect(codesOf(view, 'eu-listed', '2023-01-01')).toEqual(['LISTED:EU']);
    expect(codesOf(view, 'eu-listed', '2023-01-01', 'eu')).toEqual(['LISTED:EU']);
    expect(codesOf(view, 'eu-listed', '2023-01-01', 'us')).toEqual([]);
  });

  it('a US and an EU exporter screening the same sale get different verdicts, each saying its regime', async () => {
    const view = await shippedView({
      entities: [entity('seller', { country: 'DE' }), entity('buyer', { country: 'RU' })],
      listings: [{ entity_id: 'buyer', list: 'EU_CONSOLIDATED', from: '2022-03-01' }],
    });
    const eu = screenSale(view, { seller: 'seller', buyer: { id: 'buyer' }, date: '2023-01-01' }, { freeTradeZones, regime: 'eu' });
    const us = screenSale(view, { seller: 'seller', buyer: { id: 'buyer' }, date: '2023-01-01' }, { freeTradeZones, regime: 'us' });
    expect(eu.verdict).toMatchObject({ decision: 'stop', regime: 'eu', reasons: [{ rule: 'BUYER_FLAGGED', regimes: ['EU'] }, { rule: 'FLAGGED_ROUTE', regimes: ['EU'] }, { rule: 'RED_FLAG', message: expect.stringContaining('ARMS_EMBARGO_JURISDICTION') }] });
    expect(us.verdict).toMatchObject({ decision: 'clear', regime: 'us', reasons: [] });
  });

  it('hr_risk rows are findings, not law: they hold under every regime', async () => {
    const view = await shippedView({ entities: [entity('mukhabarat', { country: 'SY', sector: 'intelligence' })] });
    expect(codesOf(view, 'mukhabarat', '2011-06-30', 'eu')).toEqual(['HR_RISK_GOVERNMENT_END_USER:US']);
    expect(codesOf(view, 'mukhabarat', '2011-06-30', 'us')).toEqual(['SANCTIONED_JURISDICTION:US', 'HR_RISK_GOVERNMENT_END_USER:US']);
  });
});

describe('regions: an entity in a subdivision is flagged by its rows and by its country\'s', () => {
  it('Crimea (UA-43): EU from 23 Jun 2014, US from 19 Dec 2014 (EO 13685); mainland Ukraine is not flagged', async () => {
    const view = await shippedView({ entities: [entity('crimea-co', { country: 'UA-43' }), entity('kyiv-co', { country: 'UA' })] });
    expect(codesOf(view, 'crimea-co', '2014-06-22')).toEqual([]);
    expect(codesOf(view, 'crimea-co', '2014-06-23')).toEqual(['SANCTIONED_JURISDICTION:EU']);
    expect(codesOf(view, 'crimea-co', '2014-12-19')).toEqual(['SANCTIONED_JURISDICTION:EU', 'SANCTIONED_JURISDICTION:US']);
    expect(reasonsOf(view, 'crimea-co', '2014-12-19', 'us')).toMatchObject([{ country: 'UA-43', source: expect.stringContaining('Executive Order 13685') }]);
    expect(codesOf(view, 'kyiv-co', '2024-01-01')).toEqual([]);
  });

  it('Zaporizhzhia (UA-23) from 6 Oct 2022 under the EU only; Donetsk (UA-14) from 21 Feb 2022 (US) and 23 Feb 2022 (EU)', async () => {
    const view = await shippedView({ entities: [entity('zap', { country: 'UA-23' }), entity('don', { country: 'ua-14' })] });
    expect(codesOf(view, 'zap', '2022-10-05')).toEqual([]);
    expect(codesOf(view, 'zap', '2022-10-06')).toEqual(['SANCTIONED_JURISDICTION:EU']);
    expect(codesOf(view, 'zap', '2022-10-06', 'us')).toEqual([]);
    expect(codesOf(view, 'don', '2022-02-20')).toEqual([]);
    expect(codesOf(view, 'don', '2022-02-21')).toEqual(['SANCTIONED_JURISDICTION:US']);
    expect(codesOf(view, 'don', '2022-02-23')).toEqual(['SANCTIONED_JURISDICTION:EU', 'SANCTIONED_JURISDICTION:US']);
  });

  it('a region inherits its country\'s rows: a state end user in UA-43 gets no Ukrainian hr flag, a Russian region gets Russia\'s', async () => {
    const view = await shippedView({ entities: [entity('moscow-police', { country: 'RU-MOW', sector: 'police' })] });
    expect(reasonsOf(view, 'moscow-police', '2013-01-01')).toMatchObject([{ code: 'HR_RISK_GOVERNMENT_END_USER', country: 'RU' }]);
  });

  it('rejects a subdivision code that does not exist, naming the field', async () => {
    const error = await shippedView({ entities: [entity('x', { country: 'UA-99' })] }).catch((caught: unknown) => caught);
    expect((error as { problems: { field?: string; message: string }[] }).problems).toEqual([expect.objectContaining({ field: expect.stringContaining('country'), message: expect.stringContaining('ISO 3166-2 subdivision code such as UA-43') })]);
  });
});

describe('jurisdiction rows corrected', () => {
  const hubRoute = (view: GraphView, end: string) =>
    routeRedFlags(
      view,
      {
        path: ['maker', 'hub', end],
        edges: [
          { id: 'h1', source: 'maker', target: 'hub', type: 'SUPPLIES', start: '2023-06-01', at: '2023-06-01', evidence: 'court' },
          { id: 'h2', source: 'hub', target: end, type: 'SUPPLIES', start: '2023-06-02', at: '2023-06-02', evidence: 'court' },
        ],
      },
      { asOf: '2023-07-01', freeTradeZones },
    ).filter((flag) => flag.code === 'TRANSSHIPMENT_HUB');

  it('a FinCEN/BIS hub (Armenia) is a red flag for goods bound to Russia, not for goods bound to France', async () => {
    const view = await shippedView({ entities: [entity('maker'), entity('hub', { country: 'AM' }), entity('ru', { country: 'RU' }), entity('fr', { country: 'FR' })] });
    expect(hubRoute(view, 'ru')).toMatchObject([{ entity: 'hub', message: expect.stringContaining('for goods bound to RU, BY') }]);
    expect(hubRoute(view, 'fr')).toEqual([]);
  });

  it('Hong Kong is a hub from the Tri-Seal note of 2 Mar 2023, not before', async () => {
    const hk = reference.jurisdictions.filter((row) => row.code === 'HK' && row.flag === 'transshipment_hub');
    expect(hk).toMatchObject([{ from: '2023-03-02', destinations: ['RU', 'BY'] }]);
  });

  it('the EU arms embargo on Sudan dates from 15 Mar 1994; South Sudan has the UN embargo of UNSCR 2428 (13 Jul 2018)', async () => {
    const view = await shippedView({ entities: [entity('maker'), entity('sd', { country: 'SD' }), entity('ss', { country: 'SS' })] });
    const embargo = (target: string, date: string, regime: RegimeSelection) =>
      routeRedFlags(view, { path: ['maker', target], edges: [{ id: 'e', source: 'maker', target, type: 'SUPPLIES', start: date, at: date, evidence: 'court' }] }, { asOf: date, freeTradeZones, regime }).filter(
        (flag) => flag.code === 'ARMS_EMBARGO_JURISDICTION',
      );
    expect(embargo('sd', '1994-03-14', 'eu')).toEqual([]);
    expect(embargo('sd', '1994-03-15', 'eu')).toHaveLength(1);
    expect(embargo('ss', '2018-07-12', 'un')).toEqual([]);
    expect(embargo('ss', '2018-07-13', 'un')[0]?.source).toContain('2428');
  });

  it('US ITAR 126.1 denial-policy countries are arms-embargo rows under US law', () => {
    const itar = reference.jurisdictions.filter((row) => row.source?.includes('22 CFR 126.1')).map((row) => row.code).sort();
    expect(itar).toEqual(['BY', 'CN', 'CU', 'IR', 'KP', 'MM', 'SY', 'VE']);
    expect(reference.jurisdictions.filter((row) => row.source?.includes('22 CFR 126.1')).every((row) => row.regime === 'US' && row.flag === 'arms_embargo')).toBe(true);
  });
});
