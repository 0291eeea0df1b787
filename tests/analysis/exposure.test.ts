// Exposure: a tiny graph with the exact answer, and reachability against brute force on random graphs.
import { describe, expect, it } from 'vitest';
import { computeExposure, reachableWithin } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { bestRankedRoutes, rankRoutes } from '../../src/analysis/ranked-routes.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';
import { forEachValidWalk } from '../support/brute-force-routes.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';

describe('computeExposure', () => {
  it('counts an entity once under a reason it has several times (listed on two lists)', async () => {
    const view = await viewOf({
      entities: [entity('s'), entity('x', { country: 'AE' }), entity('y', { country: 'AE' })],
      relationships: [supplies('s', 'x'), supplies('s', 'y')],
      listings: [
        { entity_id: 'x', list: 'BIS_ENTITY' },
        { entity_id: 'x', list: 'OFAC_SDN' },
        { entity_id: 'y', list: 'BIS_ENTITY' },
      ],
    });
    const exposure = computeExposure(view, 's', { asOf: '2012-01-01', freeTradeZones: [] });
    expect(exposure.flagged.find(({ target }) => target === 'x')!.route.reasons.map((reason) => reason.code)).toEqual(['LISTED', 'LISTED']);
    expect(exposure.byReason).toEqual([{ code: 'LISTED', count: 2 }]);
  });

  it('counts what is reachable by country and reason, stops at flagged entities, and routes to each flagged one', async () => {
    const view = await viewOf({
      entities: [
        entity('s'),
        entity('a', { country: 'AE' }),
        entity('t1', { kind: 'end_user', country: 'SY', sector: 'government' }),
        entity('u', { kind: 'end_user', country: 'DE' }),
        { id: 'b', name: 'B', kind: 'company' },
        entity('f', { country: 'RU' }),
        entity('beyond', { kind: 'end_user', country: 'RU' }),
        entity('late', { kind: 'end_user', country: 'DE' }),
      ],
      relationships: [
        supplies('s', 'a'),
        supplies('a', 't1'),
        supplies('a', 'u'),
        supplies('s', 'b'),
        supplies('b', 'f'),
        supplies('f', 'beyond'),
        supplies('s', 'late', { start: '2030' }),
      ],
      listings: [{ entity_id: 'f', list: 'BIS_ENTITY' }],
      jurisdictions: [
        { code: 'SY', flag: 'comprehensive_sanctions', from: '2000', source: 'sy' },
        { code: 'AE', flag: 'transshipment_hub', from: '2006', source: 'hub' },
      ],
    });
    const exposure = computeExposure(view, 's', { asOf: '2012-01-01', freeTradeZones: [] });
    expect(exposure.reachable).toEqual({ entities: 5, endUsers: 2, flaggedEndUsers: 1, flaggedShare: 0.5 });
    expect(exposure.byJurisdiction).toEqual([
      { country: 'AE', reachable: 1, flagged: 0, endUsers: 0, flaggedEndUsers: 0, flags: [{ flag: 'transshipment_hub', from: '2006-01-01', source: 'hub' }] },
      { country: 'DE', reachable: 1, flagged: 0, endUsers: 1, flaggedEndUsers: 0, flags: [] },
      { country: 'RU', reachable: 1, flagged: 1, endUsers: 0, flaggedEndUsers: 0, flags: [] },
      { country: 'SY', reachable: 1, flagged: 1, endUsers: 1, flaggedEndUsers: 1, flags: [{ flag: 'comprehensive_sanctions', from: '2000-01-01', source: 'sy' }] },
      { country: null, reachable: 1, flagged: 0, endUsers: 0, flaggedEndUsers: 0, flags: [] },
    ]);
    expect(exposure.byReason).toEqual([
      { code: 'LISTED', count: 1 },
      { code: 'SANCTIONED_JURISDICTION', count: 1 },
    ]);
    expect(exposure.flagged.map(({ target, route }) => [target, route.path.join(' '), route.score.total])).toEqual([
      ['t1', 's a t1', 56],
      ['f', 's b f', 46],
    ]);
    expect(exposure.flagged[0]!.route.redFlags.map((flag) => flag.code)).toContain('TRANSSHIPMENT_HUB');
  });

  it('gives a null share when no end user is reached, and within one hop only the first ring', async () => {
    const view = await viewOf({ entities: [entity('s'), entity('a'), entity('b')], relationships: [supplies('s', 'a'), supplies('a', 'b')] });
    const exposure = computeExposure(view, 's', { asOf: '2012-01-01', maxHops: 1, freeTradeZones: [] });
    expect(exposure.reachable).toEqual({ entities: 1, endUsers: 0, flaggedEndUsers: 0, flaggedShare: null });
    expect(exposure.flagged).toEqual([]);
  });

  it('throws NotFoundError for an unknown source', async () => {
    const view = await viewOf({ entities: [entity('s')] });
    expect(() => computeExposure(view, 'nobody', { asOf: '2012-01-01', freeTradeZones: [] })).toThrow(NotFoundError);
  });
});

/** Every entity at the end of some valid simple walk. */
function bruteReachable(view: GraphView, from: string, asOf: string, maxHops: number, product?: string): Set<string> {
  const reached = new Set<string>();
  forEachValidWalk(view, from, { asOf, maxHops, product, flags: flaggedEntities(view, asOf) }, (path) => reached.add(path.at(-1)!));
  return reached;
}

describe('exposure with a limit', () => {
  it('lists exactly the first routes of the full answer, with the same evidence and ranks, and counts the same, on 120 random graphs', async () => {
    const freeTradeZones = readFreeTradeZones();
    let cut = 0;
    for (let seed = 1; seed <= 120; seed++) {
      // Dense enough that many flagged entities are reached, so a small limit cuts the list.
      const view = await viewOf(randomDataset(seed, 30, 120));
      const options = { asOf: seed % 2 === 0 ? '2011-06-30' : '2030-01-01', maxHops: 2 + (seed % 5), freeTradeZones };
      const full = computeExposure(view, 'n0', options);
      for (const limit of [0, 1, 3, 10]) {
        const limited = computeExposure(view, 'n0', { ...options, limit });
        expect(limited, `seed ${seed}, limit ${limit}`).toEqual({ ...full, flagged: full.flagged.slice(0, limit) });
        if (full.flagged.length > limit) cut++;
      }
    }
    expect(cut).toBeGreaterThan(200);
  });

  it('assesses a route whose score bound only equals the best score so far: it may tie and win on hops', async () => {
    // Both routes reach their cap of red-flag points (25), so their score is their ceiling: 84.
    // B (first in the list, 3 hops, weakest evidence press) and A (2 hops, allegation) tie on
    // score; A wins on hops though B, first in the list, is assessed first.
    const consignee = { kind: 'freight_forwarder', name: 'Gulf Trading FZE', address: 'Jebel Ali Free Zone', country: 'AE' };
    const view = await viewOf({
      entities: [entity('s'), entity('ff', consignee), entity('fc', { kind: 'front_company', country: 'TR' }), entity('t1', { kind: 'end_user' }), entity('t2', { kind: 'end_user' }), entity('x')],
      listings: [{ entity_id: 't1', list: 'OFAC_SDN' }, { entity_id: 't2', list: 'OFAC_SDN' }],
    });
    const asOf = '2030-01-01';
    const flags = flaggedEntities(view, asOf);
    const hop = (id: string, source: string, target: string, fields: Record<string, unknown> = {}) => ({ id, source, target, type: 'SUPPLIES' as const, stated_end_user: 'x', evidence: 'court' as const, ...fields });
    const b = { target: 't1', path: ['s', 'ff', 'fc', 't1'], hops: 3, reasons: flags.get('t1')!, edges: [hop('b1', 's', 'ff'), hop('b2', 'ff', 'fc', { evidence: 'press' }), hop('b3', 'fc', 't1')] };
    const a = { target: 't2', path: ['s', 'ff', 't2'], hops: 2, reasons: flags.get('t2')!, edges: [hop('a1', 's', 'ff', { evidence: 'allegation' }), { ...hop('a2', 'ff', 't2'), type: 'FRONT_FOR' as const }] };
    const freeTradeZones = readFreeTradeZones();
    const all = rankRoutes(view, [b, a], { asOf, sort: 'score', freeTradeZones });
    expect(all.map((route) => [route.target, route.score.total, route.score.terms.find((term) => term.name === 'red_flags')!.points])).toEqual([
      ['t2', 84, 25],
      ['t1', 84, 25],
    ]);
    expect(bestRankedRoutes(view, [b, a], { asOf, freeTradeZones, limit: 1 })).toEqual(all.slice(0, 1));
  });

  it('gives bestRankedRoutes the first routes of rankRoutes when many routes tie on score, hops and target', async () => {
    const freeTradeZones = readFreeTradeZones();
    for (let seed = 1; seed <= 40; seed++) {
      const view = await viewOf(randomDataset(seed, 25, 100));
      const asOf = '2030-01-01';
      // k alternatives repeat targets, and their scores tie often: the order must still be rankRoutes'.
      const routes = kShortestFlaggedRoutes(view, 'n0', { asOf, flags: flaggedEntities(view, asOf), k: 3 });
      const all = rankRoutes(view, routes, { asOf, sort: 'score', freeTradeZones });
      for (const limit of [1, 2, 5, 20, routes.length, routes.length + 1]) {
        expect(bestRankedRoutes(view, routes, { asOf, freeTradeZones, limit }), `seed ${seed}, limit ${limit}`).toEqual(all.slice(0, limit));
      }
    }
  });
});

describe('reachableWithin against brute force', () => {
  it('reaches exactly what some valid path reaches, and its flagged part is what findFlaggedRoutes routes to, on 300 random graphs', async () => {
    const random = seededRandom(2026);
    let reachedTotal = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const view = await viewOf(randomDataset(seed, 6 + (seed % 5), 10 + (seed % 15)));
      const asOf = pick(random, ['2009-06-30', '2010-12-31', '2012-06-30']);
      const product = pick(random, [undefined, 'dpi']);
      const maxHops = pick(random, [1, 2, 3, 6]);
      const from = `n${seed % 6}`;
      const flags = flaggedEntities(view, asOf);
      const reached = reachableWithin(view, from, { asOf, maxHops, product, flags });
      expect(reached, `seed ${seed}`).toEqual(bruteReachable(view, from, asOf, maxHops, product));
      const routed = new Set(findFlaggedRoutes(view, from, { asOf, maxHops, product, flags }).map((route) => route.target));
      expect(new Set([...reached].filter((id) => flags.has(id))), `flagged, seed ${seed}`).toEqual(routed);
      reachedTotal += reached.size;
    }
    expect(reachedTotal).toBeGreaterThan(300);
  });
});
