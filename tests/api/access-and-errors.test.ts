// Auth, limits and the one error shape: every status the API promises, in-process.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiConfigFromEnv } from '../../src/api/config.ts';
import { keyForToken } from '../../src/api/auth.ts';
import { InvalidInputError, StoreUnavailableError } from '../../src/domain/errors.ts';
import type { GraphStore } from '../../src/store/graph-store.ts';
import { entity } from '../support/build-dataset.ts';
import { capturingLogger, configWith, createApp, storeOf } from './api-support.ts';

const READ_KEY = 'read-key-0123456789abcdef';
const WRITE_KEY = 'write-key-0123456789abcdef';
const keys = [
  { name: 'analyst', scope: 'read' as const, key: READ_KEY },
  { name: 'loader', scope: 'write' as const, key: WRITE_KEY },
];
const tinyDataset = { entities: [{ id: 'new-co', name: 'New Co', kind: 'company', country: 'FR' }] };

/** A store whose view fails the way a store can fail. */
function failingStore(view: () => Promise<never>): GraphStore {
  return { backend: 'neo4j', load: async () => ({ entities: 0, relationships: 0, listings: 0, jurisdictions: 0 }), view, close: async () => {} };
}

describe('API keys', () => {
  it('answers 401 without a key or with an unknown one, and serves a read key', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ apiKeys: keys }));
    const missing = await request(app).get('/api/entities/a');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('UNAUTHORIZED');
    const wrong = await request(app).get('/api/entities/a').set('Authorization', 'Bearer not-a-key-0123456789');
    expect(wrong.status).toBe(401);
    const read = await request(app).get('/api/entities/a').set('Authorization', `Bearer ${READ_KEY}`);
    expect(read.status).toBe(200);
  });

  it('needs a write key to load data: 403 for a read key, 201 for a write key', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ apiKeys: keys }));
    const readOnly = await request(app).post('/api/datasets').set('Authorization', `Bearer ${READ_KEY}`).send(tinyDataset);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.code).toBe('FORBIDDEN');
    const written = await request(app).post('/api/datasets').set('Authorization', `Bearer ${WRITE_KEY}`).send(tinyDataset);
    expect(written.status).toBe(201);
    const found = await request(app).get('/api/entities/new-co').set('Authorization', `Bearer ${READ_KEY}`);
    expect(found.status).toBe(200);
  });

  it('without keys, answers only requests addressed to a local host name (DNS rebinding)', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith());
    expect((await request(app).get('/api/health').set('Host', 'localhost:8080')).status).toBe(200);
    const rebound = await request(app).get('/api/health').set('Host', 'attacker.example');
    expect(rebound.status).toBe(403);
    expect(rebound.body.error.code).toBe('FORBIDDEN');
    const withKeys = createApp(await storeOf({ entities: [entity('a')] }), configWith({ apiKeys: keys }));
    expect((await request(withKeys).get('/api/health').set('Host', 'enduse.example.org').set('Authorization', `Bearer ${READ_KEY}`)).status).toBe(200);
  });

  it('keeps the OpenAPI document and the dashboard page public', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ apiKeys: keys }));
    expect((await request(app).get('/api/openapi.json')).status).toBe(200);
    expect((await request(app).get('/')).status).toBe(200);
  });

  it('matches tokens to keys by digest, whatever their length', () => {
    expect(keyForToken(keys, WRITE_KEY)?.name).toBe('loader');
    expect(keyForToken(keys, WRITE_KEY.slice(0, -1))).toBeUndefined();
    expect(keyForToken(keys, '')).toBeUndefined();
  });

  it('reads keys from ENDUSE_API_KEYS and rejects malformed entries naming them', () => {
    expect(apiConfigFromEnv({ ENDUSE_API_KEYS: `analyst:read:${READ_KEY}, loader:write:${WRITE_KEY}` }).apiKeys.map((key) => [key.name, key.scope])).toEqual([
      ['analyst', 'read'],
      ['loader', 'write'],
    ]);
    expect(() => apiConfigFromEnv({ ENDUSE_API_KEYS: `analyst:admin:${READ_KEY}` })).toThrow(InvalidInputError);
    expect(() => apiConfigFromEnv({ ENDUSE_API_KEYS: 'analyst:read:short' })).toThrow(InvalidInputError);
    expect(() => apiConfigFromEnv({ ENDUSE_RATE_LIMIT: 'lots' })).toThrow(InvalidInputError);
  });
});

describe('limits', () => {
  it('answers 429 past the per-key rate', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ apiKeys: keys, limits: { requestsPerMinute: 2 } }));
    const get = () => request(app).get('/api/entities/a').set('Authorization', `Bearer ${READ_KEY}`);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const third = await get();
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
    // Another key has its own allowance.
    expect((await request(app).get('/api/entities/a').set('Authorization', `Bearer ${WRITE_KEY}`)).status).toBe(200);
  });

  it('answers 413 for a body over the limit', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ limits: { bodyBytes: 200 } }));
    const big = { entities: Array.from({ length: 20 }, (_, index) => ({ id: `e${index}`, name: `Entity ${index}`, kind: 'company' })) };
    const response = await request(app).post('/api/datasets').send(big);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 naming the field for hops over the cap', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ limits: { maxHops: 8 } }));
    const response = await request(app).get('/api/entities/a/routes').query({ maxHops: 9, k: 0 });
    expect(response.status).toBe(400);
    expect(response.body.error.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['query.k', 'query.maxHops']);
  });

  it('answers 400 for an unknown query parameter, naming it', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith());
    const response = await request(app).get('/api/entities/a/routes').query({ maxhops: 3 });
    expect(response.status).toBe(400);
    expect(response.body.error.issues.map((issue: { field: string }) => issue.field)).toEqual(['query.maxhops']);
  });

  it('answers 503 TIMEOUT when the store does not answer within the time budget', async () => {
    const app = createApp(failingStore(() => new Promise<never>(() => {})), configWith({ limits: { timeBudgetMs: 50 } }));
    const response = await request(app).get('/api/flags');
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('TIMEOUT');
  });
});

describe('errors', () => {
  it('answers 503 STORE_UNAVAILABLE when the store is down', async () => {
    const app = createApp(failingStore(() => Promise.reject(new StoreUnavailableError('connection refused to bolt://db:7687'))), configWith());
    const response = await request(app).get('/api/flags');
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('STORE_UNAVAILABLE');
  });

  it('answers 500 with a generic message and no stack for anything else', async () => {
    const app = createApp(failingStore(() => Promise.reject(new Error('secret detail'))), configWith());
    const response = await request(app).get('/api/flags');
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(response.body)).not.toMatch(/secret detail|at .*\.ts/);
  });

  it('answers 400 for a body that is not JSON and for a dataset with problems, each with its place', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith());
    const notJson = await request(app).post('/api/datasets').set('Content-Type', 'application/json').send('{"entities": [');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_INPUT');
    const badKind = await request(app).post('/api/datasets').send({ entities: [{ id: 'x', name: 'X', kind: 'spaceship' }] });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.issues.map((issue: { field: string }) => issue.field)).toEqual(['body.entities[0].kind']);
    const dangling = await request(app)
      .post('/api/datasets')
      .send({ entities: [{ id: 'x', name: 'X', kind: 'company' }], relationships: [{ source: 'x', target: 'ghost', type: 'SUPPLIES' }] });
    expect(dangling.status).toBe(400);
    expect(dangling.body.error.issues).toEqual([expect.objectContaining({ field: 'relationships[0].target' })]);
    // Nothing of a refused dataset is stored.
    expect((await request(app).get('/api/entities/x')).status).toBe(404);
  });

  it('loads CSV files sent as text, and reports a CSV problem with its file and line', async () => {
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith());
    const loaded = await request(app)
      .post('/api/datasets')
      .send({ files: { 'entities.csv': 'id,name,kind,country\nb,B Ltd,company,GB\nc,C Ltd,company,FR\n', 'relationships.csv': 'source,target,type\nb,c,SUPPLIES\n' } });
    expect(loaded.status).toBe(201);
    expect(loaded.body.loaded).toEqual({ entities: 2, relationships: 1, listings: 0, jurisdictions: 0 });
    expect(loaded.body.store.entities).toBe(3);
    const bad = await request(app).post('/api/datasets').send({ files: { 'entities.csv': 'id,name,kind\nd,D,planet\n' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]).toMatchObject({ file: 'entities.csv', line: 2, field: 'kind' });
  });

  it('answers 404 in the error shape for an unknown API path', async () => {
    const response = await request(createApp(await storeOf({ entities: [entity('a')] }), configWith())).get('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});

describe('headers and logs', () => {
  it('sends security headers and a request id, and no CORS header unless configured', async () => {
    const plain = await request(createApp(await storeOf({ entities: [entity('a')] }), configWith())).get('/api/health').set('Origin', 'https://elsewhere.example');
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['content-security-policy']).toContain("default-src 'self'");
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const withCors = await request(createApp(await storeOf({ entities: [entity('a')] }), configWith({ corsOrigin: 'https://notebook.example' })))
      .get('/api/health')
      .set('Origin', 'https://notebook.example');
    expect(withCors.headers['access-control-allow-origin']).toBe('https://notebook.example');
  });

  it('logs each request with its id and caller, never the key', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ apiKeys: keys, logger }));
    await request(app).get('/api/entities/a').set('Authorization', `Bearer ${READ_KEY}`).set('X-Request-Id', 'trace-123');
    const records = lines.map((line) => JSON.parse(line) as { caller?: string; req?: { id?: string; headers?: Record<string, string> } });
    const completed = records.find((record) => record.req?.id === 'trace-123');
    expect(completed?.caller).toBe('analyst');
    expect(completed?.req?.headers?.authorization).toBe('[redacted]');
    expect(lines.join('\n')).not.toContain(READ_KEY);
  });

  it('logs the headers that tell something about a request, secret ones as [redacted], none of the security headers every response carries', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(await storeOf({ entities: [entity('a')] }), configWith({ apiKeys: keys, logger }));
    const cookie = 'session=c00kie-Value-7Yq2';
    await request(app).get('/api/entities/a').set('Authorization', `Bearer ${READ_KEY}`).set('Cookie', cookie).set('X-Api-Key', READ_KEY).set('User-Agent', 'notebook/1.0').set('X-Request-Id', 'trace-456');
    type Logged = { req?: { headers?: Record<string, unknown> }; res?: { statusCode?: number; headers?: Record<string, unknown> } };
    const completed = lines.map((line) => JSON.parse(line) as Logged & { req?: { id?: string } }).find((record) => record.req?.id === 'trace-456');
    expect(completed?.req?.headers).toMatchObject({ 'user-agent': 'notebook/1.0', authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' });
    expect(completed?.res?.statusCode).toBe(200);
    expect(completed?.res?.headers?.['content-type']).toMatch(/application\/json/);
    expect(Number(completed?.res?.headers?.['content-length'])).toBeGreaterThan(0);
    expect(completed?.res?.headers?.['content-security-policy']).toBeUndefined();
    const log = lines.join('\n');
    expect(log).not.toContain(READ_KEY);
    expect(log).not.toContain('c00kie-Value');
    expect(log).not.toContain("default-src 'self'");
  });
});
