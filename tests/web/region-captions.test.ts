// The words the map shows for a region: each flag with its regime, dates and source.
import { describe, expect, it } from 'vitest';
import { countryName, rememberRegionNames } from '../../src/web/format.ts';
import { flagSummary, regionCaption, regionLabel, regionWithoutFlags } from '../../src/web/region-captions.ts';

const crimea = {
  code: 'UA-43',
  name: 'Avtonomna Respublika Krym',
  country: 'UA',
  flags: [
    { flag: 'comprehensive_sanctions' as const, regime: 'EU', from: '2014-06-23', source: 'Council Regulation (EU) No 692/2014', unverified: false },
    { flag: 'comprehensive_sanctions' as const, regime: 'US', from: '2014-12-19', source: 'Executive Order 13685', unverified: false },
  ],
};

describe('region captions', () => {
  it('says the flag, the regime and the start of each row', () => {
    expect(flagSummary(crimea.flags[1]!)).toBe('comprehensive sanctions under US law since 19 Dec 2014');
    expect(flagSummary({ flag: 'arms_embargo', regime: 'UN', from: '2010-06-09', to: '2020-10-18', unverified: false })).toBe('arms embargo under UN law since 9 Jun 2010 until 18 Oct 2020');
    expect(flagSummary({ flag: 'hr_risk', from: '2008', unverified: false })).toBe('human-rights risk (a finding, under every regime) since 2008');
    expect(flagSummary({ flag: 'arms_embargo', regime: 'UK', unverified: true, verified: '2026-11-30' })).toBe('arms embargo under UK law (unverified: not confirmed, source last checked 30 Nov 2026)');
  });

  it('names the region with its code and country, and puts every source in the caption', () => {
    expect(regionLabel(crimea)).toBe('Avtonomna Respublika Krym (UA-43, Ukraine): comprehensive sanctions under EU law since 23 Jun 2014; comprehensive sanctions under US law since 19 Dec 2014');
    const caption = regionCaption(crimea, ['CRIMEA-CO']);
    expect(caption.title).toBe('Avtonomna Respublika Krym (UA-43, Ukraine)');
    expect(caption.flags).toEqual([
      'comprehensive sanctions under EU law since 23 Jun 2014. Source: Council Regulation (EU) No 692/2014',
      'comprehensive sanctions under US law since 19 Dec 2014. Source: Executive Order 13685',
    ]);
    expect(caption.reached).toBe('1 flagged party reachable here: CRIMEA-CO');
    expect(regionCaption(crimea).reached).toBeUndefined();
  });

  it('names a region the server named, and any other by its country and code', () => {
    expect(countryName('UA-63')).toBe('Ukraine, region UA-63');
    expect(regionLabel(regionWithoutFlags('UA-63'))).toBe("Ukraine, region UA-63: no flag of its own on this date (its country's rows still apply)");
    rememberRegionNames([{ code: 'UA-63', name: 'Kharkivska oblast' }]);
    expect(countryName('UA-63')).toBe('Kharkivska oblast');
    expect(countryName('UA')).toBe('Ukraine');
  });
});
