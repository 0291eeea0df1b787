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
    expect(Object.keys(response.body.entities).sort()).toEqual(['bluecoat', 'computerlinks-fzco', 'liwalnet', 'ste-syria']);
    expect(response.body).toMatchObject({ from: 'bluecoat', asOf: '2011-06-30', k: 1, total: 1, more: 0 });
    expect(response.body.routes[0].redFlags.map((flag: { code: string }) => flag.code)).toContain('STATED_END_USER_MISMATCH');
    expect(response.body.routes[0].score.total).toBeGreaterThan(0);
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
      expect.arrayContaining(['/api/entities', '/api/entities/{id}', '/api/entities/{id}/routes', '/api/entities/{id}/exposure', '/api/entities/{id}/chokepoints', '/api/entities/{id}/ownership', '/api/entities/{id}/changes', '/api/screenings', '/api/flags', '/api/datasets', '/api/cases']),
    );
    const routes = response.body.paths['/api/entities/{id}/routes'].get;
    expect(routes.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(
      expect.arrayContaining(['path:id', 'query:asOf', 'query:maxHops', 'query:k', 'query:product']),
    );
    expect(routes.responses['404']).toEqual({ $ref: '#/components/responses/E404' });
    expect(response.body.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
  });
});

describe('exposure, chokepoints and screening on the Blue Coat case', () => {
  it('GET /exposure counts Syria as the one jurisdiction with a flagged end user', async () => {
    const response = await request(createApp(await shippedStore(), configWith())).get('/api/entities/bluecoat/exposure').query({ asOf: '2011-06-30' });
    expect(response.status).toBe(200);
    expect(response.body.reachable).toEqual({ entities: 4, endUsers: 1, flaggedEndUsers: 1, flaggedShare: 1 });
    expect(response.body.byJurisdiction.filter((entry: { flagged: number }) => entry.flagged > 0).map((entry: { country: string }) => entry.country)).toEqual(['SY']);
    expect(response.body.flagged.map((entry: { route: { path: string[] } }) => entry.route.path)).toEqual([['bluecoat', 'computerlinks-fzco', 'ste-syria']]);
    expect(response.body.entities['computerlinks-fzco'].name).toBe('Computerlinks FZCO');
  });

  it('GET /exposure lists the best `limit` flagged routes, counts every flagged entity, and says how many routes it left out', async () => {
    const store = await storeOf({
      entities: [entity('s'), entity('hub', { country: 'AE' }), entity('t1', { country: 'SY' }), entity('t2', { country: 'SY' }), entity('t3', { country: 'IR' })],
      relationships: [supplies('s', 'hub'), supplies('hub', 't1'), supplies('hub', 't2'), supplies('s', 't3')],
      jurisdictions: [
        { code: 'SY', flag: 'comprehensive_sanctions' },
        { code: 'IR', flag: 'comprehensive_sanctions' },
      ],
    });
    const app = createApp(store, configWith());
    const all = await request(app).get('/api/entities/s/exposure').query({ asOf: '2020-01-01' });
    expect(all.body.flagged).toHaveLength(3);
    expect(all.body.more).toBe(0);
    const cut = await request(app).get('/api/entities/s/exposure').query({ asOf: '2020-01-01', limit: 2 });
    expect(cut.status).toBe(200);
    expect(cut.body.flagged).toEqual(all.body.flagged.slice(0, 2));
    expect(cut.body.more).toBe(1);
    expect(cut.body.reachable).toEqual(all.body.reachable);
    expect(cut.body.byJurisdiction).toEqual(all.body.byJurisdiction);
    const listed = new Set(cut.body.flagged.flatMap((entry: { route: { path: string[] } }) => entry.route.path));
    expect(new Set(Object.keys(cut.body.entities))).toEqual(new Set(['s', ...listed]));
    const refused = await request(app).get('/api/entities/s/exposure').query({ asOf: '2020-01-01', limit: 0 });
    expect(refused.status).toBe(400);
  });

  it('GET /chokepoints names Computerlinks FZCO as the one-member cut', async () => {
    const response = await request(createApp(await shippedStore(), configWith())).get('/api/entities/bluecoat/chokepoints').query({ asOf: '2011-06-30' });
    expect(response.status).toBe(200);
    expect(response.body.cut).toMatchObject({ members: [{ id: 'computerlinks-fzco' }], size: 1, status: 'minimum', verified: true });
  });

  it('POST /screenings answers review for a sale to Computerlinks FZCO, naming the rules', async () => {
    const app = createApp(await shippedStore(), configWith());
    const response = await request(app).post('/api/screenings').send({ seller: 'bluecoat', buyer: { id: 'computerlinks-fzco' }, product: 'ProxySG', date: '2011-06-30' });
    expect(response.status).toBe(200);
    expect(response.body.verdict.decision).toBe('review');
    expect(response.body.verdict.reasons.map((reason: { rule: string }) => reason.rule)).toEqual(['FLAGGED_ROUTE', 'RED_FLAG']);
    const stop = await request(app).post('/api/screenings').send({ seller: 'bluecoat', buyer: { id: 'ste-syria' }, date: '2011-06-30' });
    expect(stop.body.verdict.decision).toBe('stop');
  });

  it('POST /screenings answers 400 naming bad fields, 404 for an unknown seller', async () => {
    const app = createApp(await shippedStore(), configWith());
    const bad = await request(app).post('/api/screenings').send({ seller: 'bluecoat', buyer: { id: 'ste-syria' }, date: '30/06/2011', maxHops: 99 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['body.date', 'body.maxHops']);
    const unknown = await request(app).post('/api/screenings').send({ seller: 'nobody', buyer: { id: 'ste-syria' }, date: '2011-06-30' });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /api/entities/{id}/changes', () => {
  it('explains the Infotec route that appeared when Infotec was listed (15 Dec 2011)', async () => {
    const app = createApp(await shippedStore(), configWith());
    const response = await request(app).get('/api/entities/bluecoat/changes').query({ before: '2011-06-30', after: '2012-01-01' });
    expect(response.status).toBe(200);
    expect(response.body.routes.appeared.map((route: { target: string }) => route.target)).toEqual(['infotech-uae']);
    expect(response.body.routes.appeared[0].why.map((why: { event: string; entity: string }) => [why.event, why.entity])).toEqual([['flag_started', 'infotech-uae']]);
    expect(response.body.flags.added.map((flag: { id: string }) => flag.id)).toEqual(['infotech-uae', 'waseem-jawad']);
  });

  it('answers 400 naming a missing date', async () => {
    const response = await request(createApp(await shippedStore(), configWith())).get('/api/entities/bluecoat/changes').query({ before: '2011-06-30' });
    expect(response.status).toBe(400);
    expect(response.body.error.issues.map((issue: { field: string }) => issue.field)).toEqual(['query.after']);
  });
});
