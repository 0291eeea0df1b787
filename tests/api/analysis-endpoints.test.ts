// Routes and ownership over HTTP: the same answers as the analysis functions, in the API shape.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { entity, supplies } from '../support/build-dataset.ts';
import { configWith, createApp, shippedStore, storeOf } from './api-support.ts';

describe('GET /api/entities/{id}/routes', () => {
  it('finds the Blue Coat route to Syria in the shipped cases, with the entities on it', async () => {
    const app = createApp(await shippedStore(), configWith());
    const response = await request(app).get('/api/entities/bluecoat/routes').query({ asOf: '2011-06-30' });
    expect(response.status).toBe(200);
    expect(response.body.routes.map((route: { path: string[] }) => route.path)).toEqual([['bluecoat', 'computerlinks-fzco', 'ste-syria']]);
    expect(response.body.routes[0].edges.map((edge: { at: string }) => edge.at)).toEqual(['2010-12-31', '2010-12-31']);
    expect(Object.keys(response.body.entities).sort()).toEqual(['bluecoat', 'computerlinks-fzco', 'ste-syria']);
    expect(response.body).toMatchObject({ from: 'bluecoat', asOf: '2011-06-30', k: 1, total: 1, more: 0 });
  });

  it('gives k routes per target, cuts at limit and counts the rest', async () => {
    const store = await storeOf({
      entities: [entity('s'), entity('a'), entity('b'), entity('c'), entity('t', { country: 'SY' })],
      relationships: [supplies('s', 'a'), supplies('a', 't'), supplies('s', 'b'), supplies('b', 'c'), supplies('c', 't')],
      jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions' }],
    });
    const app = createApp(store, configWith());
    const two = await request(app).get('/api/entities/s/routes').query({ asOf: '2020-01-01', k: 2 });
    expect(two.body.routes.map((route: { path: string[] }) => route.path)).toEqual([
      ['s', 'a', 't'],
      ['s', 'b', 'c', 't'],
    ]);
    const cut = await request(app).get('/api/entities/s/routes').query({ asOf: '2020-01-01', k: 2, limit: 1 });
    expect(cut.body).toMatchObject({ total: 2, more: 1 });
    expect(cut.body.routes).toHaveLength(1);
    const short = await request(app).get('/api/entities/s/routes').query({ asOf: '2020-01-01', k: 2, maxHops: 2 });
    expect(short.body.routes).toHaveLength(1);
  });

  it('answers 404 for an unknown source', async () => {
    const response = await request(createApp(await storeOf({ entities: [entity('a')] }), configWith())).get('/api/entities/nobody/routes');
    expect(response.status).toBe(404);
  });
});

describe('GET /api/entities/{id}/ownership', () => {
  it('explains the OFAC 50% rule through the chain to the listed owner', async () => {
    const store = await storeOf({
      entities: [entity('a', { country: 'RU' }), entity('b', { country: 'AE' })],
      relationships: [{ source: 'a', target: 'b', type: 'OWNS', share: 60, start: '2020-01-01' }],
      listings: [{ entity_id: 'a', list: 'OFAC_SDN', from: '2015-01-01' }],
    });
    const response = await request(createApp(store, configWith())).get('/api/entities/b/ownership').query({ asOf: '2021-01-01' });
    expect(response.status).toBe(200);
    expect(response.body.chains.map((chain: { path: string[]; effectiveShare: number }) => [chain.path, chain.effectiveShare])).toEqual([[['b', 'a'], 60]]);
    expect(response.body.rules.find((rule: { rule: string }) => rule.rule === 'OFAC_50').status).toBe('applies');
    const before = await request(createApp(store, configWith())).get('/api/entities/b/ownership').query({ asOf: '2019-01-01' });
    expect(before.body.rules.find((rule: { rule: string }) => rule.rule === 'OFAC_50').status).toBe('does_not_apply');
  });

  it('answers 404 for an unknown entity', async () => {
    const response = await request(createApp(await storeOf({ entities: [entity('a')] }), configWith())).get('/api/entities/nobody/ownership');
    expect(response.status).toBe(404);
  });
});

describe('GET /api/openapi.json', () => {
  it('documents every endpoint with its parameters and the error shape', async () => {
    const response = await request(createApp(await storeOf({ entities: [entity('a')] }), configWith())).get('/api/openapi.json');
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/entities', '/api/entities/{id}', '/api/entities/{id}/routes', '/api/entities/{id}/ownership', '/api/flags', '/api/datasets', '/api/cases']),
    );
    const routes = response.body.paths['/api/entities/{id}/routes'].get;
    expect(routes.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(
      expect.arrayContaining(['path:id', 'query:asOf', 'query:maxHops', 'query:k', 'query:product']),
    );
    expect(routes.responses['404']).toEqual({ $ref: '#/components/responses/E404' });
    expect(response.body.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
  });
});
