// Access: every endpoint needs a key, read keys write nothing, keys never reach the logs or the
// audit log, and the audit log records every load through the API, append-only.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiEndpoints } from '../../src/api/app.ts';
import { AuditLog, datasetDigest } from '../../src/audit/audit-log.ts';
import type { GraphStore } from '../../src/store/graph-store.ts';
import type { CompactStore } from '../../src/store/compact/compact-store.ts';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';
import { capturingLogger, configWith, createApp, storeOf } from '../api/api-support.ts';

const READ_KEY = 'rk-Zq8VJ3xN1pTw7LmC';
const WRITE_KEY = 'wk-Hd5sQ2uYb9EoK4Ra';
const keys = [
  { name: 'analyst', scope: 'read' as const, key: READ_KEY },
  { name: 'loader', scope: 'write' as const, key: WRITE_KEY },
];
const upload = {
  entities: [entity('seller'), entity('buyer', { kind: 'end_user', country: 'SY' })],
  relationships: [supplies('seller', 'buyer', { product: 'dpi' })],
};

let auditPath: string;
let audit: AuditLog;
let store: CompactStore;
beforeEach(async () => {
  auditPath = join(mkdtempSync(join(tmpdir(), 'enduse-audit-')), 'audit.jsonl');
  audit = new AuditLog(auditPath);
  store = await storeOf({ entities: [entity('a'), entity('b')], relationships: [supplies('a', 'b')] });
});

const counts = async (graphStore: GraphStore) => {
  const view = await graphStore.view();
  return [view.entityCount(), view.relationshipCount()];
};

describe('every endpoint needs a key; read keys write nothing', () => {
  it('answers 401 on every API endpoint without a key, and 401 with a near-miss key', async () => {
    // Four refused keys on every endpoint exceed the default allowance of failed authentications
    // per address (smaller-holes.test.ts checks that limit); here every answer must be the 401 itself.
    const config = configWith({ apiKeys: keys, audit, limits: { failedAuthPerMinute: 10_000 } });
    const app = createApp(store, config);
    const endpoints = apiEndpoints(config);
    expect(endpoints.length).toBeGreaterThan(10);
    for (const endpoint of endpoints) {
      const path = endpoint.path.replace(/\{\w+\}/g, 'a');
      const nearMiss = `${WRITE_KEY.slice(0, -1)}X`;
      for (const authorization of [undefined, `Bearer ${nearMiss}`, `Basic ${WRITE_KEY}`, WRITE_KEY]) {
        const call = request(app)[endpoint.method](path);
        if (authorization !== undefined) call.set('Authorization', authorization);
        const response = endpoint.method === 'post' ? await call.send(upload) : await call;
        expect(response.status, `${endpoint.method} ${path} with ${authorization ?? 'no key'}`).toBe(401);
      }
    }
    expect(await counts(store)).toEqual([2, 1]);
  });

  it('answers 403 to a read key on every write endpoint; the store stays as it was and the audit log records the refused load, check and removal', async () => {
    const config = configWith({ apiKeys: keys, audit });
    const app = createApp(store, config);
    const writeEndpoints = apiEndpoints(config).filter((endpoint) => endpoint.scope === 'write');
    expect(writeEndpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`).sort()).toEqual(['delete /api/datasets/{id}', 'get /api/audit', 'post /api/datasets', 'post /api/datasets/check', 'post /api/refresh']);
    for (const endpoint of writeEndpoints) {
      const call = request(app)[endpoint.method](endpoint.path).set('Authorization', `Bearer ${READ_KEY}`);
      const response = endpoint.method === 'post' ? await call.send(upload) : await call;
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect(await counts(store)).toEqual([2, 1]);
    // The refused load, check and removal are evidence (issue 14); reading the audit log is not a write and is not recorded.
    const { entries, total } = await audit.entries();
    expect(total).toBe(3);
    expect(entries.find((entry) => entry.action === 'check')).toMatchObject({ who: 'analyst', outcome: 'rejected', status: 403, request: 'POST /api/datasets/check' });
    const load = entries.find((entry) => entry.action === 'load');
    expect(load).toMatchObject({ who: 'analyst', action: 'load', outcome: 'rejected', status: 403, request: 'POST /api/datasets' });
    expect(load!.dataset).toBeUndefined();
    expect(entries.find((entry) => entry.action === 'delete')).toMatchObject({ who: 'analyst', outcome: 'rejected', status: 403, request: 'DELETE /api/datasets/%7Bid%7D' });
  });
});

describe('keys never logged', () => {
  it('no log line holds a key, whatever the request and its outcome', async () => {
    const { logger, lines } = capturingLogger();
    const failing: GraphStore = { backend: 'neo4j', load: () => Promise.reject(new Error('disk on fire')), view: () => Promise.reject(new StoreUnavailableError('down')), close: async () => {} };
    for (const target of [store, failing]) {
      const app = createApp(target, configWith({ apiKeys: keys, audit, logger }));
      for (const key of [READ_KEY, WRITE_KEY]) {
        await request(app).get('/api/health').set('Authorization', `Bearer ${key}`);
        await request(app).get('/api/entities/a/routes?asOf=2024-01-01').set('Authorization', `bearer   ${key}  `);
        await request(app).get('/api/entities/unknown').set('Authorization', `Bearer ${key}`);
        await request(app).get('/api/entities/a?depth=99').set('Authorization', `Bearer ${key}`);
        await request(app).post('/api/datasets').set('Authorization', `Bearer ${key}`).send(upload);
        await request(app).post('/api/datasets').set('Authorization', `Bearer ${key}`).send({ entities: [{ id: 'x' }] });
        await request(app).get('/api/audit').set('Authorization', `Bearer ${key}`);
        await request(app).get('/api/health').set('Authorization', `Bearer ${key}x`);
      }
    }
    const log = lines.join('');
    // The log is really being captured, with the key's name in it.
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('"caller":"loader"');
    for (const key of [READ_KEY, WRITE_KEY]) {
      expect(log).not.toContain(key);
      expect(readFileSync(auditPath, 'utf8')).not.toContain(key);
    }
  });
});

describe('the audit log', () => {
  it('records each load through the API: who (the key name), when, the dataset digest and counts, the outcome', async () => {
    const app = createApp(store, configWith({ apiKeys: keys, audit }));
    const before = Date.now();
    const loaded = await request(app).post('/api/datasets').set('Authorization', `Bearer ${WRITE_KEY}`).send(upload);
    expect(loaded.status).toBe(201);
    const rejected = await request(app).post('/api/datasets').set('Authorization', `Bearer ${WRITE_KEY}`).send({ entities: [{ id: 'bad id!', name: 'X', kind: 'spaceship' }] });
    expect(rejected.status).toBe(400);

    const { entries, total } = await audit.entries();
    expect(total).toBe(2);
    const [rejectedEntry, loadedEntry] = entries;
    expect(loadedEntry).toMatchObject({
      who: 'loader',
      via: 'api',
      action: 'load',
      backend: 'memory',
      outcome: 'loaded',
      dataset: { sha256: datasetDigest(buildDataset(upload)), entities: 2, relationships: 1, listings: 0, jurisdictions: 0 },
      written: { entities: 2, relationships: 1, listings: 0, jurisdictions: 0 },
    });
    expect(Date.parse(loadedEntry!.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(rejectedEntry).toMatchObject({ who: 'loader', outcome: 'rejected' });
    expect(rejectedEntry!.dataset?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records a load the store failed, and lists entries newest first for write keys only', async () => {
    const failing: GraphStore = { backend: 'neo4j', load: () => Promise.reject(new StoreUnavailableError('Neo4j went away')), view: () => store.view(), close: async () => {} };
    const app = createApp(failing, configWith({ apiKeys: keys, audit }));
    expect((await request(app).post('/api/datasets').set('Authorization', `Bearer ${WRITE_KEY}`).send(upload)).status).toBe(503);
    expect((await request(app).get('/api/audit').set('Authorization', `Bearer ${READ_KEY}`)).status).toBe(403);
    const listed = await request(app).get('/api/audit?limit=5').set('Authorization', `Bearer ${WRITE_KEY}`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.entries).toMatchObject([{ who: 'loader', backend: 'neo4j', outcome: 'failed' }]);
  });

  it('only ever appends: what was written stays a prefix of the file', async () => {
    const app = createApp(store, configWith({ apiKeys: keys, audit }));
    let previous = '';
    for (let round = 0; round < 4; round++) {
      await request(app).post('/api/datasets').set('Authorization', `Bearer ${WRITE_KEY}`).send(round % 2 === 0 ? upload : { entities: [] });
      // Another process appending to the same file meanwhile.
      await new AuditLog(auditPath).record({ who: 'cli:someone', via: 'cli', action: 'load', backend: 'neo4j', dataset: { sha256: 'f'.repeat(64) }, outcome: 'loaded' });
      const now = readFileSync(auditPath, 'utf8');
      expect(now.startsWith(previous)).toBe(true);
      expect(now.length).toBeGreaterThan(previous.length);
      previous = now;
    }
    expect((await audit.entries()).total).toBe(8);
  });
});
