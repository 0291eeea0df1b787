// The Blue Coat case through the investigation features: alternatives, red flags, score,
// exposure and screening, from the shipped files at the case's date.
import { describe, expect, it } from 'vitest';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { rankedFlaggedRoutes } from '../../src/analysis/ranked-routes.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { screenSale } from '../../src/analysis/screening.ts';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { runCliCaptured } from '../support/capture-output.ts';

async function blueCoat() {
  const shipped = shippedCases().find((entry) => entry.id === 'blue-coat-syria')!;
  const store = new MemoryStore();
  await store.load(readDatasets([shipped.directory]));
  return { asOf: shipped.asOf, directory: shipped.directory, view: await store.view(), freeTradeZones: readFreeTradeZones() };
}

describe('Blue Coat investigation (shipped case, as of its case.json date)', () => {
  it('gives the four routes to STE, shortest first, the first equal to findFlaggedRoutes', async () => {
    const { asOf, view, freeTradeZones } = await blueCoat();
    expect(asOf).toBe('2011-06-30');
    const routes = rankedFlaggedRoutes(view, 'bluecoat', { asOf, k: 5, freeTradeZones });
    expect(routes.map((route) => [route.rank, route.alternative, route.path.join(' ')])).toEqual([
      [1, 1, 'bluecoat computerlinks-fzco ste-syria'],
      [2, 2, 'bluecoat bluecoat-nl computerlinks-fzco ste-syria'],
      [3, 3, 'bluecoat computerlinks-fzco infotech-uae ste-syria'],
      [4, 4, 'bluecoat bluecoat-nl computerlinks-fzco infotech-uae ste-syria'],
    ]);
    const first = findFlaggedRoutes(view, 'bluecoat', { asOf })[0]!;
    expect(routes[0]).toMatchObject({ target: first.target, path: first.path, hops: first.hops, edges: first.edges });
  });

  it('shows the stated-versus-actual end user and the Dubai transshipment hub on the route, with sources', async () => {
    const { asOf, view, freeTradeZones } = await blueCoat();
    const [route] = rankedFlaggedRoutes(view, 'bluecoat', { asOf, freeTradeZones });
    const flag = (code: string) => route!.redFlags.find((candidate) => candidate.code === code);
    expect(flag('STATED_END_USER_MISMATCH')).toMatchObject({ hop: 0, entity: 'liwalnet' });
    expect(flag('STATED_END_USER_MISMATCH')?.source).toContain('Reuters');
    expect(flag('TRANSSHIPMENT_HUB')).toMatchObject({ hop: 0, entity: 'computerlinks-fzco', date: '2010-12-31' });
    expect(flag('TRANSSHIPMENT_HUB')?.source).toContain('BIS General Order No. 3');
    expect(route!.redFlags.filter((candidate) => candidate.code === 'FREE_TRADE_ZONE_ADDRESS').map((candidate) => candidate.message)).toHaveLength(2);
    // Scores rose by 6 with the data correction of issue 15 (not a change in the law): the US ITAR
    // 22 CFR 126.1 denial policy on Syria, missing before, now puts ARMS_EMBARGO_JURISDICTION (US) on
    // the hop into Syria in Dec 2010, before the EU embargo of May 2011.
    expect(flag('ARMS_EMBARGO_JURISDICTION')).toMatchObject({ hop: 1, entity: 'ste-syria', date: '2010-12-31' });
    expect(flag('ARMS_EMBARGO_JURISDICTION')?.message).toContain('under US law');
    expect(route!.score.terms.map((term) => [term.name, term.points])).toEqual([
      ['target', 40],
      ['directness', 16],
      ['red_flags', 25],
      ['evidence', 15],
    ]);
    expect(route!.score.total).toBe(96);
  });

  it('sorts by score: the Infotec route, resting on an allegation, comes last', async () => {
    const { asOf, view, freeTradeZones } = await blueCoat();
    const routes = rankedFlaggedRoutes(view, 'bluecoat', { asOf, k: 3, sort: 'score', freeTradeZones });
    expect(routes.map((route) => [route.score.total, route.path[2]])).toEqual([
      [96, 'ste-syria'],
      [92, 'computerlinks-fzco'],
      [80, 'infotech-uae'],
    ]);
  });

  it('exposure: four entities reachable in AE, NL and SY, the one end user flagged', async () => {
    const { asOf, view, freeTradeZones } = await blueCoat();
    const exposure = computeExposure(view, 'bluecoat', { asOf, freeTradeZones });
    expect(exposure.reachable).toEqual({ entities: 4, endUsers: 1, flaggedEndUsers: 1, flaggedShare: 1 });
    expect(exposure.byJurisdiction.map((group) => [group.country, group.reachable, group.flagged, group.flags.map((flag) => flag.flag)])).toEqual([
      ['AE', 2, 0, ['hr_risk', 'transshipment_hub']],
      ['NL', 1, 0, []],
      // Two arms embargoes on Syria: the EU's (2011) and, added by the issue-15 correction, US ITAR 126.1.
      ['SY', 1, 1, ['comprehensive_sanctions', 'arms_embargo', 'arms_embargo', 'hr_risk']],
    ]);
    expect(exposure.flagged.map((entry) => entry.target)).toEqual(['ste-syria']);
  });

  it('screening a new sale to Computerlinks FZCO after the Infotec listing: review, the route through Infotec is cut by the listing', async () => {
    const { view, freeTradeZones } = await blueCoat();
    const screening = screenSale(view, { seller: 'bluecoat', buyer: { name: 'COMPUTERLINKS F.Z.C.O.', country: 'AE' }, statedEndUser: 'liwalnet', product: 'ProxySG', date: '2011-12-20' }, { freeTradeZones });
    expect(screening.buyer).toMatchObject({ id: 'computerlinks-fzco', inGraph: true });
    expect(screening.owners.map((owner) => [owner.id, owner.share, owner.flagged])).toEqual([['computerlinks-ag', 100, false]]);
    expect(screening.routes).toEqual([]);
    expect(screening.redFlags.map((flag) => flag.code)).toEqual(['FREE_TRADE_ZONE_ADDRESS', 'FREE_TRADE_ZONE_ADDRESS', 'TRANSSHIPMENT_HUB']);
    expect(screening.verdict.decision).toBe('review');
  });

  it('CLI: routes --k 3 --sort score --format json keeps the routes contract and adds redFlags, score and rank', async () => {
    const { directory } = await blueCoat();
    const result = await runCliCaptured(['routes', '--data', directory, '--from', 'bluecoat', '--as-of', '2011-06-30', '--k', '3', '--sort', 'score', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ from: 'bluecoat', asOf: '2011-06-30', k: 3, sort: 'score' });
    expect(parsed.routes.map((route: { rank: number; score: { total: number } }) => [route.rank, route.score.total])).toEqual([
      [1, 96],
      [2, 92],
      [3, 80],
    ]);
    for (const key of ['target', 'path', 'hops', 'reasons', 'edges', 'redFlags', 'score', 'rank', 'alternative']) expect(parsed.routes[0]).toHaveProperty(key);
    expect(parsed.routes[0].redFlags.map((flag: { code: string }) => flag.code)).toContain('STATED_END_USER_MISMATCH');
  });
});
