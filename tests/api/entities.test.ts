// /api/entities: search and one entity with its bounded neighbourhood.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp, configWith, shippedStore, storeOf } from './api-support.ts';
import { entity, supplies } from '../support/build-dataset.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';

describe('GET /api/entities?q=', () => {
  it('finds by name, alias or id without case or accents, best match first', async () => {
    const store = await storeOf({
      entities: [
        entity('sg', { name: 'Société Générale' }),
        entity('gen', { name: 'General Dynamics' }),
        entity('x', { name: 'Acme', aliases: ['Generale Acme'] }),
        entity('other', { name: 'Unrelated' }),
      ],
    });
    const response = await request(createApp(store, configWith())).get('/api/entities').query({ q: 'GENERALE' });
    expect(response.status).toBe(200);
    expect(response.body.hits.map((hit: { entity: { id: string } }) => hit.entity.id)).toEqual(['x', 'sg']);
    expect(response.body.hits[0]).toMatchObject({ matched: 'alias', rank: 1 });
    expect(response.body.hits[1]).toMatchObject({ matched: 'name', rank: 2 });
  });

  it('ranks an exact name before a prefix, and says whether a hit is flagged', async () => {
    const response = await request(createApp(await shippedStore(), configWith())).get('/api/entities').query({ q: 'computerlinks', asOf: '2011-06-30' });
    expect(response.status).toBe(200);
    expect(response.body.hits.map((hit: { entity: { id: string } }) => hit.entity.id).slice(0, 2).sort()).toEqual(['computerlinks-ag', 'computerlinks-fzco']);
    const syria = await request(createApp(await shippedStore(), configWith())).get('/api/entities').query({ q: 'syrian telecom', asOf: '2011-06-30' });
    expect(syria.body.hits[0]).toMatchObject({ entity: { id: 'ste-syria' }, flagged: true });
  });

  it('finds Huawei typed as Hauwei or in Chinese, and says "did you mean" only for the misspelling', async () => {
    const app = createApp(await shippedStore(), configWith());
    const typo = await request(app).get('/api/entities').query({ q: 'Hauwei', asOf: '2019-01-08' });
    expect(typo.status).toBe(200);
    expect(typo.body).toMatchObject({ didYouMean: 'Huawei Technologies Co., Ltd.', complete: true });
    expect(typo.body.hits[0]).toMatchObject({ entity: { id: 'huawei' }, rank: 4, edits: 1 });
    const chinese = await request(app).get('/api/entities').query({ q: '华为' });
    expect(chinese.body.hits[0]).toMatchObject({ entity: { id: 'huawei' }, edits: 0 });
    const written = await request(app).get('/api/entities').query({ q: 'huawei' });
    expect(written.body.didYouMean).toBeNull();
    expect(written.body.hits[0]).toMatchObject({ entity: { id: 'huawei' }, edits: 0 });
  });

  it('answers 400 naming query.q when the text is missing', async () => {
    const response = await request(createApp(await storeOf({ entities: [entity('a')] }), configWith())).get('/api/entities');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(response.body.error.issues.map((issue: { field: string }) => issue.field)).toEqual(['query.q']);
  });
});

describe('GET /api/entities/{id}', () => {
  it('returns the entity, its reasons and its neighbourhood with an "and N more" count', async () => {
    const store = await storeOf({
      entities: [entity('hub'), entity('a'), entity('b'), entity('c'), entity('d'), entity('far'), entity('sy', { country: 'SY' })],
      relationships: [supplies('hub', 'a'), supplies('hub', 'b'), supplies('c', 'hub'), supplies('d', 'hub'), supplies('a', 'far'), supplies('hub', 'sy')],
      jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions', from: '2004-05-11' }],
    });
    const app = createApp(store, configWith());
    const all = await request(app).get('/api/entities/hub').query({ asOf: '2011-06-30', depth: 1 });
    expect(all.status).toBe(200);
    expect(all.body.entity.id).toBe('hub');
    expect(all.body.flagged).toBe(false);
    expect(all.body.neighbourhood.relationships).toHaveLength(5);
    expect(all.body.neighbourhood.more).toBe(0);
    expect(all.body.neighbourhood.entities.find((neighbour: { id: string }) => neighbour.id === 'sy').flagged).toBe(true);

    const cut = await request(app).get('/api/entities/hub').query({ depth: 1, limit: 2 });
    expect(cut.body.neighbourhood.relationships).toHaveLength(2);
    expect(cut.body.neighbourhood.more).toBe(3);

    const deeper = await request(app).get('/api/entities/hub').query({ depth: 2 });
    expect(deeper.body.neighbourhood.entities.map((neighbour: { id: string }) => neighbour.id).sort()).toEqual(['a', 'b', 'c', 'd', 'far', 'hub', 'sy']);

    const flagged = await request(app).get('/api/entities/sy').query({ asOf: '2011-06-30' });
    expect(flagged.body.reasons.map((reason: { code: string }) => reason.code)).toEqual(['SANCTIONED_JURISDICTION']);
  });

  it('answers 404 for an unknown id and 400 for a malformed id or depth', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith());
    const unknown = await request(app).get('/api/entities/nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    const malformed = await request(app).get('/api/entities/bad%20id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].field).toBe('path.id');
    const tooDeep = await request(app).get('/api/entities/a').query({ depth: 99 });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.issues[0].field).toBe('query.depth');
  });
});

describe('POST /api/datasets then reading it back', () => {
  it('reads an upload with the shipped jurisdiction flags, as --data does: a Syrian state end user is flagged on a fresh store', async () => {
    const app = createApp(new MemoryStore(), configWith());
    const upload = {
      entities: [
        { id: 'seller', name: 'Seller', kind: 'distributor', country: 'AE' },
        { id: 'ministry', name: 'Ministry', kind: 'end_user', country: 'SY', sector: 'government' },
      ],
      relationships: [{ source: 'seller', target: 'ministry', type: 'SUPPLIES', start: '2011-01' }],
    };
    expect((await request(app).post('/api/datasets').send(upload)).status).toBe(201);
    const response = await request(app).get('/api/entities/ministry').query({ asOf: '2011-06-30' });
    expect(response.status).toBe(200);
    expect(response.body.reasons.map((reason: { code: string }) => reason.code)).toEqual(['SANCTIONED_JURISDICTION', 'HR_RISK_GOVERNMENT_END_USER']);
  });
});
