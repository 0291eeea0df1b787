// The API's part of issue 16: the products a filter can match, the filters an answer was worked
// out under, and a new counterparty screened by name, country and address in plain sentences.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp, configWith, shippedStore } from './api-support.ts';

describe('products, filters and new counterparties', async () => {
  const app = createApp(await shippedStore(), configWith());

  it('lists the products of the data, most used first', async () => {
    const response = await request(app).get('/api/products');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(response.body.products.length);
    expect(response.body.products.map((entry: { product: string }) => entry.product)).toContain('ProxySG');
    const counts = response.body.products.map((entry: { relationships: number }) => entry.relationships);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('says which filters a route and an exposure answer applied, and that a product is not in the data', async () => {
    const routes = await request(app).get('/api/entities/bluecoat/routes').query({ asOf: '2011-06-30', product: 'Proxy' });
    expect(routes.status).toBe(200);
    expect(routes.body.total).toBe(0);
    expect(routes.body.filters).toEqual([
      { name: 'asOf', value: '2011-06-30', says: 'as of 2011-06-30' },
      { name: 'regime', value: 'all', says: 'under every regime' },
      { name: 'maxHops', value: '6', says: 'within 6 hops' },
      { name: 'product', value: 'Proxy', says: "only supplies of product 'Proxy' (or naming none)", known: false, suggestions: ['ProxySG'] },
    ]);
    const exposure = await request(app).get('/api/entities/bluecoat/exposure').query({ asOf: '2011-06-30', product: 'proxysg', maxHops: 1 });
    expect(exposure.body.filters.at(-1)).toEqual({ name: 'product', value: 'proxysg', says: "only supplies of product 'proxysg' (or naming none)", known: true });
    expect(exposure.body.filters[2].says).toBe('within 1 hop');
  });

  it('screens a new counterparty by name, country and address: a plain-sentence verdict with its rule and source', async () => {
    const response = await request(app)
      .post('/api/screenings')
      .send({ seller: 'bluecoat', buyer: { name: 'Gulf Secure Networks FZE', country: 'AE', address: 'DSO Building, Dubai Silicon Oasis' }, product: 'ProxySG', date: '2011-06-30' });
    expect(response.status).toBe(200);
    expect(response.body.buyer).toMatchObject({ name: 'Gulf Secure Networks FZE', country: 'AE', inGraph: false });
    expect(response.body.verdict.decision).toBe('review');
    expect(response.body.verdict.summary).toBe('Review, not stop: the buyer is not flagged, but the proposed hop carries a red flag; each calls for review before the sale.');
    const redFlag = response.body.verdict.reasons.find((reason: { rule: string }) => reason.rule === 'RED_FLAG');
    expect(redFlag.message).toMatch(/^The proposed hop itself carries 3 red flags: consignee Gulf Secure Networks FZE .*its address contains 'Dubai Silicon Oasis'.*\(FREE_TRADE_ZONE_ADDRESS; source: Dubai Silicon Oasis Authority/);
  });

  it('answers 400 naming the field for an empty address', async () => {
    const response = await request(app).post('/api/screenings').send({ seller: 'bluecoat', buyer: { name: 'X', country: 'AE', address: ' ' }, date: '2011-06-30' });
    expect(response.status).toBe(400);
    expect(response.body.error.issues.map((issue: { field: string }) => issue.field)).toContain('body.buyer.address');
  });
});
