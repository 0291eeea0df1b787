// GET /api/regions: the regions under a jurisdiction flag at a date, for the dashboard's map.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { configWith, createApp, shippedStore } from './api-support.ts';

describe('GET /api/regions', () => {
  it('lists Crimea with its EU and US rows on 1 Jan 2015, each with regime, start and source', async () => {
    const response = await request(createApp(await shippedStore(), configWith())).get('/api/regions').query({ asOf: '2015-01-01' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ asOf: '2015-01-01', regime: 'all' });
    expect(response.body.regions.map((region: { code: string }) => region.code)).toEqual(['UA-40', 'UA-43']);
    const crimea = response.body.regions[1];
    expect(crimea).toMatchObject({ code: 'UA-43', name: 'Avtonomna Respublika Krym', country: 'UA' });
    expect(crimea.flags).toEqual([
      expect.objectContaining({ flag: 'comprehensive_sanctions', regime: 'EU', from: '2014-06-23', unverified: false, source: expect.stringContaining('692/2014') }),
      expect.objectContaining({ flag: 'comprehensive_sanctions', regime: 'US', from: '2014-12-19', unverified: false, source: expect.stringContaining('Executive Order 13685'), verified: '2026-12-02' }),
    ]);
  });

  it('lists the countries flagged in themselves: the UAE as a human-rights risk and a transshipment hub on 30 Jun 2011, with sources', async () => {
    const response = await request(createApp(await shippedStore(), configWith())).get('/api/regions').query({ asOf: '2011-06-30' });
    expect(response.status).toBe(200);
    const codes = response.body.countries.map((country: { code: string }) => country.code);
    expect(codes).toContain('SY');
    expect(codes.every((code: string) => /^[A-Z]{2}$/.test(code))).toBe(true);
    const uae = response.body.countries.find((country: { code: string }) => country.code === 'AE');
    expect(uae).toMatchObject({ code: 'AE', name: 'United Arab Emirates', country: 'AE' });
    expect(uae.flags).toEqual([
      expect.objectContaining({ flag: 'hr_risk', regime: 'US', source: expect.stringContaining('Ahmed Mansoor') }),
      expect.objectContaining({ flag: 'transshipment_hub', regime: 'US', from: '2006-06-05', source: expect.stringContaining('General Order No. 3') }),
    ]);
  });

  it("answers under the server's regime unless the query names one", async () => {
    const app = createApp(await shippedStore(), configWith({ regime: 'us' }));
    const underUs = await request(app).get('/api/regions').query({ asOf: '2023-01-01' });
    expect(underUs.body.regime).toBe('us');
    expect(underUs.body.regions.map((region: { code: string }) => region.code)).toEqual(['UA-09', 'UA-14', 'UA-40', 'UA-43']);
    const underEu = await request(app).get('/api/regions').query({ asOf: '2023-01-01', regime: 'EU' });
    expect(underEu.body.regime).toBe('eu');
    expect(underEu.body.regions.map((region: { code: string }) => region.code)).toEqual(['UA-09', 'UA-14', 'UA-23', 'UA-40', 'UA-43', 'UA-65']);
  });

  it('rejects a bad date or regime with a 400 naming the field, and no stack trace', async () => {
    const app = createApp(await shippedStore(), configWith());
    for (const [query, field] of [
      [{ asOf: 'yesterday' }, 'asOf'],
      [{ regime: 'mars' }, 'regime'],
    ] as const) {
      const response = await request(app).get('/api/regions').query(query);
      expect(response.status).toBe(400);
      expect(response.body.error.issues).toEqual([expect.objectContaining({ field: expect.stringContaining(field), message: expect.stringMatching(/give (YYYY-MM-DD|one of all, us, eu)/) })]);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
