// The founding cases end to end: from the shipped files to the flagged routes and their evidence.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { shippedCases, CASES_DIR } from '../../src/cases/shipped-cases.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { runCliCaptured } from '../support/capture-output.ts';

async function caseView(id: string) {
  const shipped = shippedCases().find((entry) => entry.id === id);
  if (!shipped) throw new Error(`case ${id} is not shipped`);
  const store = new MemoryStore();
  await store.load(readDatasets([shipped.directory]));
  return { shipped, view: await store.view() };
}

describe('shipped cases', () => {
  it('ships the three founding cases, each with a README', () => {
    expect(shippedCases().map((entry) => entry.id)).toEqual(['blue-coat-syria', 'huawei-skycom-canicula', 'qosmos-area-syria']);
    for (const entry of shippedCases()) expect(readdirSync(entry.directory)).toContain('README.md');
  });

  it('Blue Coat: the route through Computerlinks FZCO (Dubai) to the Syrian Telecommunications Establishment', async () => {
    const { shipped, view } = await caseView('blue-coat-syria');
    const routes = findFlaggedRoutes(view, 'bluecoat', { asOf: shipped.asOf });
    const toSte = routes.find((route) => route.target === 'ste-syria');
    expect(toSte?.path).toEqual(['bluecoat', 'computerlinks-fzco', 'ste-syria']);
    expect(toSte?.reasons.map((reason) => reason.code)).toContain('SANCTIONED_JURISDICTION');
    expect(toSte?.edges[0]?.stated_end_user).toBeDefined();
    expect(toSte?.edges[0]?.stated_end_user).not.toBe('ste-syria');
    expect(toSte?.edges.every((edge) => edge.evidence === 'settlement' && edge.source_ref)).toBe(true);
    expect(view.entity('computerlinks-fzco')?.country).toBe('AE');
  });

  it('Blue Coat: the Netherlands shipping point carries the first order', async () => {
    const { view } = await caseView('blue-coat-syria');
    const viaNetherlands = view.outEdges('bluecoat-nl', ['SUPPLIES']).map((edge) => [edge.target, edge.start]);
    expect(viaNetherlands).toContainEqual(['computerlinks-fzco', '2010-10-29']);
    expect(view.entity('bluecoat-nl')?.country).toBe('NL');
  });

  it('Blue Coat: the Entity List additions of 15 Dec 2011 flag their parties from that day', async () => {
    const { view } = await caseView('blue-coat-syria');
    const listedFrom = [...view.listings()].filter((listing) => listing.list === 'BIS_ENTITY').map((listing) => listing.from);
    expect(listedFrom.length).toBeGreaterThanOrEqual(1);
    expect(new Set(listedFrom)).toEqual(new Set(['2011-12-15']));
    const listedIds = [...view.listings()].filter((listing) => listing.list === 'BIS_ENTITY').map((listing) => listing.entity_id);
    for (const id of listedIds) {
      expect(flaggedEntities(view, '2011-12-14').get(id)?.some((reason) => reason.code === 'LISTED') ?? false).toBe(false);
      expect(flaggedEntities(view, '2011-12-15').get(id)?.some((reason) => reason.code === 'LISTED')).toBe(true);
    }
  });

  // Data corrections of issue 15 (not changes in the law): NetApp reached Area through its Italian
  // distributor, and Area's BIS settlement of 17 Sep 2014 adds a settlement-grade edge to STE.
  it('Qosmos: every supplier reaches Syrian intelligence and STE only through Area SpA (Italy), NetApp through its Italian distributor', async () => {
    const { shipped, view } = await caseView('qosmos-area-syria');
    for (const from of shipped.sources) {
      const paths = findFlaggedRoutes(view, from, { asOf: shipped.asOf }).map((route) => route.path);
      const before = from === 'netapp' ? [from, 'netapp-italian-distributor', 'area-spa'] : [from, 'area-spa'];
      expect(paths).toEqual([
        [...before, 'syria-intelligence'],
        [...before, 'syrian-telecom-establishment'],
      ]);
    }
    expect(view.entity('area-spa')?.country).toBe('IT');
    const settlement = view.outEdges('area-spa', ['SUPPLIES']).find((edge) => edge.target === 'syrian-telecom-establishment');
    expect(settlement).toMatchObject({ evidence: 'settlement', start: '2011-02-01', source_ref: expect.stringContaining('17 Sep 2014') });
    const complaint = view.outEdges('qosmos', ['SUPPLIES']).find((edge) => edge.evidence === 'allegation');
    expect(complaint?.source_ref).toContain('non-lieu) ordered on 31 Dec 2020');
  });

  it('Huawei: control, not ownership, and the route through Skycom to Iran', async () => {
    const { shipped, view } = await caseView('huawei-skycom-canicula');
    expect(view.outEdges('huawei', ['OWNS'])).toEqual([]);
    expect(view.outEdges('huawei', ['CONTROLS']).map((edge) => edge.target)).toContain('skycom');
    // Issue 15: the 2021 statement of facts in Meng Wanzhou's DPA grades Huawei's control of Skycom as settlement.
    expect(view.outEdges('huawei', ['CONTROLS']).filter((edge) => edge.target === 'skycom').map((edge) => edge.evidence).sort()).toEqual(['allegation', 'press', 'settlement']);
    expect(view.inEdges('skycom', ['OWNS']).map((edge) => edge.source)).toEqual(['canicula']);
    const routes = findFlaggedRoutes(view, 'huawei', { asOf: shipped.asOf });
    expect(routes.map((route) => route.path)).toEqual([['huawei', 'skycom', 'mci-iran']]);
    expect(view.entity('skycom')?.kind).toBe('front_company');
  });

  it('npm start\'s report covers every case with routes (JSON)', async () => {
    const result = await runCliCaptured(['report', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { cases: { id: string; sources: { routes: unknown[] }[] }[] };
    expect(report.cases.map((entry) => entry.id)).toEqual(['blue-coat-syria', 'huawei-skycom-canicula', 'qosmos-area-syria']);
    for (const entry of report.cases) expect(entry.sources.flatMap((source) => source.routes).length).toBeGreaterThan(0);
  });

  it('the case folders merge into one dataset without id clashes', () => {
    const folders = readdirSync(CASES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(CASES_DIR, entry.name));
    expect(() => readDatasets(folders)).not.toThrow();
  });
});
