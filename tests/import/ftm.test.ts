import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { resolveOverlappingClaims } from '../../src/import/ftm-ownership.ts';
import { importFtm } from '../../src/import/ftm.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import type { Dataset } from '../../src/domain/schema.ts';
import { SHARED_DATA, hasSharedData, noteIfSharedDataMissing } from '../support/shared-data.ts';

const lists = readReference().lists;
const TINY = join(import.meta.dirname, '../fixtures/import/tiny.ftm.json');

describe('importFtm on a tiny file', () => {
  const { dataset, report } = importFtm(TINY, lists);

  it('imports parties with kinds, first country, sanitised ids and identifiers', () => {
    expect(dataset.entities.map((entity) => [entity.id, entity.kind, entity.country])).toEqual([
      ['owner-1', 'person', 'RU'],
      ['co-1', 'company', 'RU'],
      ['ship-1', 'company', 'PA'],
    ]);
    expect(dataset.entities[1]!.identifiers).toEqual(['inn:7701', 'referent:ofac-4242', 'ofac:4242']);
    expect(dataset.entities[1]!.source).toContain('countries: RU, BY');
    expect(dataset.entities[2]!.identifiers).toEqual(['imo:9123456', 'ftm:ship/1']);
    expect(dataset.entities[0]!.aliases).toEqual(['Иван Петров']);
  });

  it('turns overlapping claims of one pair into consecutive OWNS periods, and Directorship into CONTROLS', () => {
    const edges = dataset.relationships.map((edge) => [edge.type, edge.source, edge.target, edge.share, edge.start, edge.end]);
    expect(edges).toEqual([
      ['CONTROLS', 'owner-1', 'co-1', undefined, '2019-03-01', undefined],
      ['OWNS', 'owner-1', 'co-1', 60, '2020-01-01', '2021-06-30'],
      ['OWNS', 'owner-1', 'co-1', 40, '2021-07-01', undefined],
    ]);
  });

  it('keeps dated sanctions on known lists and reports every other row with its line', () => {
    expect(dataset.listings.map((listing) => [listing.entity_id, listing.list, listing.from])).toEqual([['owner-1', 'OFAC_SDN', '2021-01-15']]);
    expect(report.skipped.map((note) => [note.line, note.category])).toEqual([
      [13, 'not JSON'],
      [6, 'no percentage'],
      [9, 'link type not modelled'],
      [12, 'authority without a list code'],
      [11, 'undated duplicate listing'],
      [7, 'dangling reference'],
    ]);
    expect(report.summary.skipped['no percentage']).toBe(1);
  });

  it('flags the company by the 50% rule only while the 60% claim is in force', async () => {
    const store = new MemoryStore();
    await store.load(dataset);
    const view = await store.view();
    const owned = (day: string) => flaggedEntities(view, day).get('co-1')?.find((reason) => reason.code === 'OWNED_50_BY_BLOCKED');
    expect(owned('2021-01-14')).toBeUndefined();
    expect(owned('2021-06-30')).toMatchObject({ total: 60 });
    expect(owned('2021-07-01')).toBeUndefined();
  });
});

describe('resolveOverlappingClaims', () => {
  const claim = (line: number, share: number, start?: string, end?: string) => ({ id: `c${line}`, line, owner: 'o', asset: 'a', share, start, end });

  it('leaves claims of different pairs and non-overlapping claims alone', () => {
    const { periods, superseded } = resolveOverlappingClaims([claim(1, 50, '2010-01-01', '2010-12-31'), claim(2, 30, '2011-01-01'), { ...claim(3, 20, '2010-01-01'), owner: 'p' }]);
    expect(periods.map((period) => [period.line, period.start, period.end, period.trimmedFrom])).toEqual([
      [1, '2010-01-01', '2010-12-31', undefined],
      [2, '2011-01-01', undefined, undefined],
      [3, '2010-01-01', undefined, undefined],
    ]);
    expect(superseded).toEqual([]);
  });

  it('drops a second open claim for the same pair', () => {
    const { periods, superseded } = resolveOverlappingClaims([claim(1, 50, '2010-01-01'), claim(2, 30, '2012-01-01')]);
    expect(periods.map((period) => period.line)).toEqual([1]);
    expect(superseded.map((period) => period.line)).toEqual([2]);
  });
});

noteIfSharedDataMissing('the OpenSanctions zala_entities.ftm.json checks');
// Read only where the shared data is present: vitest still runs a skipped describe's body.
const zala = hasSharedData ? importFtm(join(SHARED_DATA, 'opensanctions-ftm/zala_entities.ftm.json'), lists) : undefined;
describe.skipIf(!zala)('zala_entities.ftm.json (real OpenSanctions data)', () => {
  const { dataset, report } = zala ?? ({} as NonNullable<typeof zala>);
  const CST = 'NK-abdzbEBkqyT29GyREbiURZ';
  const ZAKHAROV = 'NK-aU5ybkbRFJucf8YMwsJvDw';

  it('imports the parties and reports every skipped row by category', () => {
    expect(report.counts).toEqual({ entities: 17, relationships: 13, listings: 14, jurisdictions: 0 });
    expect(report.summary.skipped).toEqual({ 'no percentage': 4, 'authority without a list code': 15, 'link type not modelled': 4, 'duplicate listing': 5, 'undated duplicate listing': 7 });
    expect(report.summary.warnings).toEqual({ 'overlapping ownership claim trimmed': 2, 'over-allocated shares': 1 });
  });

  it("resolves Zakharov's three claims on LLC CST (50%, 48%, 51%, all recorded from 2015-11-25) into consecutive periods", () => {
    const claims = dataset.relationships.filter((edge) => edge.type === 'OWNS' && edge.source === ZAKHAROV && edge.target === CST).map((edge) => [edge.share, edge.start, edge.end]);
    expect(claims).toEqual([
      [50, '2015-11-25', '2023-03-02'],
      [48, '2023-03-03', '2023-12-21'],
      [51, '2023-12-22', undefined],
    ]);
  });

  async function ownedAt(extraListings: Dataset['listings'] = []) {
    const store = new MemoryStore();
    await store.load({ ...dataset, listings: [...dataset.listings, ...extraListings] });
    const view = await store.view();
    return (id: string, day: string) => flaggedEntities(view, day).get(id)?.find((reason) => reason.code === 'OWNED_50_BY_BLOCKED');
  }

  it('gives the OFAC 50% answer for LLC CST on either side of each change', async () => {
    const owned = await ownedAt();
    // Zakharov is on the SDN list from 2023-11-02 (the OFAC rule is seeded by OFAC_SDN only).
    expect(owned(CST, '2023-11-01')).toBeUndefined();
    // Listed, but the claim in force is 48%; summing the three overlapping claims would wrongly give 149%.
    expect(owned(CST, '2023-11-02')).toBeUndefined();
    expect(owned(CST, '2023-12-21')).toBeUndefined();
    // From 2023-12-22 the 51% claim is in force: blocked by ownership, total 51.
    expect(owned(CST, '2023-12-22')).toMatchObject({ total: 51, owners: [{ id: ZAKHAROV, share: 51 }] });
    // Aeroscan: 100% held from 2024-03-01 to 2024-03-24, after the listing.
    expect(owned('NK-iE6m5ryPeTAMZozfECVSL7', '2024-02-29')).toBeUndefined();
    expect(owned('NK-iE6m5ryPeTAMZozfECVSL7', '2024-03-24')).toMatchObject({ total: 100 });
    expect(owned('NK-iE6m5ryPeTAMZozfECVSL7', '2024-03-25')).toBeUndefined();
    // RTC: 100% until 2023-10-22, before the OFAC listing: never blocked by the OFAC rule.
    expect(owned('NK-ERScv7cLkkvZ3ejz7xiToj', '2023-10-22')).toBeUndefined();
  });

  it('with Zakharov listed throughout, the 50% → 48% change of 2023-03-03 lifts the block', async () => {
    const owned = await ownedAt([{ entity_id: ZAKHAROV, list: 'OFAC_SDN', from: '2015-01-01', source: 'test: listed throughout' }]);
    expect(owned(CST, '2015-11-24')).toBeUndefined();
    expect(owned(CST, '2015-11-25')).toMatchObject({ total: 50 });
    expect(owned(CST, '2023-03-02')).toMatchObject({ total: 50 });
    expect(owned(CST, '2023-03-03')).toBeUndefined();
    expect(owned(CST, '2023-12-22')).toMatchObject({ total: 51 });
  });
});
