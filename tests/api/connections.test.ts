// /api/connections and analysis/connection.ts: the shortest chain of ties of any type between two
// entities, bounded by hops and a work budget, with every bad input named.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { connection } from '../../src/analysis/connection.ts';
import { SearchBudget } from '../../src/analysis/search-budget.ts';
import { configWith, createApp, shippedStore, storeOf } from './api-support.ts';
import { entity, supplies, viewOf } from '../support/build-dataset.ts';

/** x and y share an owner; x supplies z; a chain c0 → … → c4 hangs off z. */
const TIES = {
  entities: [entity('holding'), entity('x'), entity('y'), entity('z'), ...[0, 1, 2, 3, 4].map((index) => entity(`c${index}`)), entity('alone')],
  relationships: [
    { source: 'holding', target: 'x', type: 'OWNS', share: 60, start: '2010-01-01', end: '2012-12-31', evidence: 'registry', source_ref: 'registry 2010' },
    { source: 'holding', target: 'y', type: 'CONTROLS' },
    supplies('x', 'z', { product: 'routers' }),
    supplies('z', 'c0'),
    ...[0, 1, 2, 3].map((index) => supplies(`c${index}`, `c${index + 1}`)),
  ],
};

describe('connection (analysis)', () => {
  it('finds the shortest chain whatever the direction of each relationship', async () => {
    const view = await viewOf(TIES);
    const found = connection(view, 'y', 'z', { maxHops: 6 });
    expect(found.path).toEqual(['y', 'holding', 'x', 'z']);
    expect(found.relationships.map((edge) => edge.type)).toEqual(['CONTROLS', 'OWNS', 'SUPPLIES']);
    expect(found.truncated).toBe(false);
  });

  it('stops when its work budget runs out, and says so', async () => {
    const view = await viewOf(TIES);
    const budget = new SearchBudget({ maxSteps: 3 });
    const found = connection(view, 'y', 'c4', { maxHops: 12, budget });
    expect(found).toMatchObject({ path: [], truncated: true });
    expect(connection(view, 'y', 'c4', { maxHops: 12, budget: new SearchBudget({ maxSteps: 1000 }) }).path).toEqual(['y', 'holding', 'x', 'z', 'c0', 'c1', 'c2', 'c3', 'c4']);
  });
});

describe('GET /api/connections', () => {
  it('answers the chain with each relationship as stored: dates, evidence and source', async () => {
    const app = createApp(await storeOf(TIES), configWith());
    const response = await request(app).get('/api/connections').query({ from: 'x', to: 'y' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from: 'x', to: 'y', found: true, hops: 2, asOf: null, truncated: false });
    expect(response.body.path.map((step: { id: string }) => step.id)).toEqual(['x', 'holding', 'y']);
    expect(response.body.relationships[0]).toMatchObject({ source: 'holding', target: 'x', type: 'OWNS', share: 60, start: '2010-01-01', end: '2012-12-31', evidence: 'registry', source_ref: 'registry 2010' });
  });

  it('follows only the types asked, and only relationships in force on asOf when given', async () => {
    const app = createApp(await storeOf(TIES), configWith());
    const supplyOnly = await request(app).get('/api/connections').query({ from: 'x', to: 'y', types: 'supplies' });
    expect(supplyOnly.body).toMatchObject({ found: false, hops: null, path: [], types: ['SUPPLIES'] });
    const ownership = await request(app).get('/api/connections').query({ from: 'x', to: 'y', types: 'OWNS,CONTROLS' });
    expect(ownership.body.found).toBe(true);
    // The OWNS tie ended in 2012.
    const later = await request(app).get('/api/connections').query({ from: 'x', to: 'y', asOf: '2015-01-01' });
    expect(later.body).toMatchObject({ found: false, asOf: '2015-01-01' });
    const during = await request(app).get('/api/connections').query({ from: 'x', to: 'y', asOf: '2011-06-30' });
    expect(during.body.found).toBe(true);
  });

  it('is bounded by maxHops: a longer chain is not found, and no more than the configured limit may be asked', async () => {
    const app = createApp(await storeOf(TIES), configWith({ limits: { maxHops: 8 } }));
    const short = await request(app).get('/api/connections').query({ from: 'x', to: 'c4', maxHops: 5 });
    expect(short.body).toMatchObject({ found: false, maxHops: 5 });
    const enough = await request(app).get('/api/connections').query({ from: 'x', to: 'c4', maxHops: 6 });
    expect(enough.body).toMatchObject({ found: true, hops: 6 });
    const tooMany = await request(app).get('/api/connections').query({ from: 'x', to: 'c4', maxHops: 9 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues).toEqual([{ field: 'query.maxHops', message: "'9' is not allowed; give a whole number from 1 to 8" }]);
  });

  it('answers 400 naming each bad field, and 404 for an unknown entity', async () => {
    const app = createApp(await storeOf(TIES), configWith());
    const missing = await request(app).get('/api/connections').query({ from: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((issue: { field: string }) => issue.field)).toEqual(['query.to']);
    const bad = await request(app).get('/api/connections').query({ from: 'x', to: 'y', types: 'OWNS,SELLS', asOf: '2011-13-45' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['query.asOf', 'query.types']);
    expect(bad.body.error.issues.find((issue: { field: string }) => issue.field === 'query.types').message).toContain("'SELLS' is not a relationship type");
    const same = await request(app).get('/api/connections').query({ from: 'x', to: 'x' });
    expect(same.status).toBe(400);
    expect(same.body.error.issues).toEqual([{ field: 'query.to', message: "is the same entity as query.from ('x'); give two different entities" }]);
    const unknown = await request(app).get('/api/connections').query({ from: 'x', to: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("'nobody'");
    expect(JSON.stringify(unknown.body)).not.toMatch(/at .*\.ts/);
  });

  it('answers on the shipped cases and is in the OpenAPI document', async () => {
    const app = createApp(await shippedStore(), configWith());
    const response = await request(app).get('/api/connections').query({ from: 'bluecoat', to: 'ste-syria' });
    expect(response.status).toBe(200);
    expect(response.body.found).toBe(true);
    expect(response.body.path[0].id).toBe('bluecoat');
    expect(response.body.path.at(-1).id).toBe('ste-syria');
    const document = await request(app).get('/api/openapi.json');
    const operation = document.body.paths['/api/connections'].get;
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['from', 'to', 'maxHops', 'types', 'asOf']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '503']));
  });
});
