// POST /api/datasets/check: an upload validated as the load would validate it, nothing loaded,
// every problem with its file, line and field, and every check in the audit log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { entity, supplies } from '../support/build-dataset.ts';
import { configWith, createApp, storeOf } from './api-support.ts';

const WRITE_KEY = 'check-writer-0123456789abcdef';
const READ_KEY = 'check-reader-0123456789abcdef';
const keys = [
  { name: 'reader', scope: 'read' as const, key: READ_KEY },
  { name: 'loader', scope: 'write' as const, key: WRITE_KEY },
];

async function setUp() {
  const audit = new AuditLog(join(mkdtempSync(join(tmpdir(), 'enduse-check-')), 'audit.jsonl'));
  const store = await storeOf({ entities: [entity('a'), entity('b')], relationships: [supplies('a', 'b')] });
  return { audit, store, app: createApp(store, configWith({ apiKeys: keys, audit })) };
}

const counts = async (store: Awaited<ReturnType<typeof storeOf>>) => {
  const view = await store.view();
  return [view.entityCount(), view.relationshipCount()];
};

describe('POST /api/datasets/check', () => {
  it('answers the rows a valid CSV upload would load, over the stored entities, and loads nothing', async () => {
    const { app, store, audit } = await setUp();
    const files = { 'entities.csv': 'id,name,kind,country\nc,C Trading,company,AE\n', 'relationships.csv': 'source,target,type,start\na,c,SUPPLIES,2020-01-01\n' };
    const answer = await request(app).post('/api/datasets/check').set('Authorization', `Bearer ${WRITE_KEY}`).send({ files });
    expect(answer.status).toBe(200);
    expect(answer.body.valid).toBe(true);
    expect(answer.body.rows).toMatchObject({ entities: 1, relationships: 1 });
    expect(await counts(store)).toEqual([2, 1]);
    const { entries } = await audit.entries();
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.who])).toEqual([['check', 'checked', 'loader']]);
  });

  it('answers 400 with every problem, each with its file, line and column name, and loads nothing', async () => {
    const { app, store, audit } = await setUp();
    const files = {
      'entities.csv': 'id,name,kind,country\nc,C Trading,spaceship,AE\nd,,company,AE\n',
      'relationships.csv': 'source,target,type,start\na,b,SUPPLIES,2020-13-01\n',
    };
    const answer = await request(app).post('/api/datasets/check').set('Authorization', `Bearer ${WRITE_KEY}`).send({ files });
    expect(answer.status).toBe(400);
    const issues = answer.body.error.issues as { file?: string; line?: number; field?: string; message: string }[];
    expect(issues.map(({ file, line, field }) => `${file}:${line}:${field}`)).toEqual(['entities.csv:2:kind', 'entities.csv:3:name', 'relationships.csv:2:start']);
    expect(answer.body.error.message).toContain('nothing loaded');
    expect(await counts(store)).toEqual([2, 1]);
    const { entries } = await audit.entries();
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.status])).toEqual([['check', 'rejected', 400]]);
  });

  it('is a write: a read key is refused 403, and the refusal is audited', async () => {
    const { app, audit } = await setUp();
    const answer = await request(app).post('/api/datasets/check').set('Authorization', `Bearer ${READ_KEY}`).send({ entities: [entity('x')] });
    expect(answer.status).toBe(403);
    const { entries } = await audit.entries();
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.status])).toEqual([['check', 'rejected', 403]]);
  });
});
