// Exposure: a tiny graph with the exact answer, and reachability against brute force on random graphs.
import { describe, expect, it } from 'vitest';
import { computeExposure, reachableWithin } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';
import { forEachValidWalk } from '../support/brute-force-routes.ts';
import { randomDataset } from '../support/random-dataset.ts';
import { pick, seededRandom } from '../support/random.ts';

describe('computeExposure', () => {
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
