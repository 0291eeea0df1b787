// Which regions the map draws: the ISO 3166-2 regions with shipped jurisdiction rows in force at
// a date under a regime, each with its rows (Crimea, Sevastopol, DNR/LNR, Zaporizhzhia, Kherson).
import { describe, expect, it } from 'vitest';
import { regionFlagsAt } from '../../src/analysis/region-flags.ts';
import { readReference, withReferenceJurisdictions } from '../../src/load/load-datasets.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { buildDataset, entity } from '../support/build-dataset.ts';

const reference = readReference();

async function viewWith(jurisdictions: Record<string, unknown>[] = []): Promise<GraphView> {
  const store = new MemoryStore();
  await store.load(withReferenceJurisdictions(buildDataset({ entities: [entity('a')], jurisdictions }, [...reference.lists.values()]), reference));
  return store.view();
}

const codes = (view: GraphView, asOf: string, regime?: 'all' | 'us' | 'eu' | 'uk') => regionFlagsAt(view, asOf, regime).map((region) => region.code);

describe('regionFlagsAt', () => {
  it('has no region before the EU Crimea measures of 23 Jun 2014, and Crimea and Sevastopol from that day', async () => {
    const view = await viewWith();
    expect(codes(view, '2014-06-22')).toEqual([]);
    expect(codes(view, '2014-06-23')).toEqual(['UA-40', 'UA-43']);
  });

  it('keeps only the rows of the regime asked: no EU-only Zaporizhzhia or Kherson under US law', async () => {
    const view = await viewWith();
    expect(codes(view, '2023-01-01')).toEqual(['UA-09', 'UA-14', 'UA-23', 'UA-40', 'UA-43', 'UA-65']);
    expect(codes(view, '2023-01-01', 'us')).toEqual(['UA-09', 'UA-14', 'UA-40', 'UA-43']);
    expect(codes(view, '2023-01-01', 'uk')).toEqual([]);
  });

  it('gives each region its ISO name, country and rows with regime, start and source, EU before US', async () => {
    const [crimea] = regionFlagsAt(await viewWith(), '2015-01-01').filter((region) => region.code === 'UA-43');
    expect(crimea).toMatchObject({ code: 'UA-43', name: 'Avtonomna Respublika Krym', country: 'UA' });
    expect(crimea!.rows.map((row) => [row.flag, row.regime, row.from])).toEqual([
      ['comprehensive_sanctions', 'EU', '2014-06-23'],
      ['comprehensive_sanctions', 'US', '2014-12-19'],
    ]);
    expect(crimea!.rows[1]!.source).toContain('Executive Order 13685');
  });

  it('leaves out country rows and rows out of force; keeps an unverified region row, marked', async () => {
    const view = await viewWith([
      { code: 'RU-MOW', flag: 'hr_risk', from: '2020-01-01', to: '2020-12-31', source: 'test finding' },
      { code: 'RU-SPE', flag: 'arms_embargo', regime: 'UK', from: '2020-01-01', unverified: 'yes', verified: '2026-11-30', source: 'test row' },
    ]);
    expect(codes(view, '2021-06-01', 'uk')).toEqual(['RU-SPE']);
    expect(codes(view, '2020-06-01', 'uk')).toEqual(['RU-MOW', 'RU-SPE']);
    const [spb] = regionFlagsAt(view, '2021-06-01', 'uk');
    expect(spb!.rows[0]).toMatchObject({ unverified: true, verified: '2026-11-30' });
  });
});
