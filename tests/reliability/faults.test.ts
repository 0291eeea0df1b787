// Faults: Neo4j going away in the middle of a load and while the API serves (a real server behind
// a TCP proxy that is cut and restored), and SIGTERM during a request to a real `enduse serve`.
import { request as httpRequest } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { configWith, createApp } from '../api/api-support.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { tempDataset, VALID_ENTITIES, VALID_LISTINGS, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { freePort, startServe } from '../support/serve-process.ts';

/** A JSON dataset of `size` companies in a supply chain. */
function chainDataset(size: number): string {
  const ids = Array.from({ length: size }, (_, index) => `chain-${index}`);
  const file = join(mkdtempSync(join(tmpdir(), 'enduse-fault-')), 'chain.json');
  writeFileSync(
    file,
    JSON.stringify({
      entities: ids.map((id, index) => ({ id, name: `Chain company ${index}`, kind: 'distributor', country: 'AE', address: `Jebel Ali Free Zone, plot ${index}` })),
      relationships: ids.slice(1).map((id, index) => ({ source: ids[index], target: id, type: 'SUPPLIES', product: 'routers', start: '2020-01-01' })),
    }),
  );
  return file;
}

describeNeo4j('Neo4j goes away', () => {
  const database = withNeo4jDatabase();
  let proxy: TcpProxy;
  beforeEach(async () => {
    proxy = await startTcpProxy(neo4jTestUri()!);
  });
  afterEach(async () => {
    await proxy.close();
  });
  const count = async (query: string) => (await database.driver.executeQuery(query)).records[0]!.get(0).toNumber() as number;

  it('in the middle of a load: exit 2 with one line saying what was written, whole batches only, and a rerun completes it', async () => {
    const size = 3000;
    const batchSize = 200;
    const file = chainDataset(size);
    const auditPath = join(mkdtempSync(join(tmpdir(), 'enduse-audit-')), 'audit.jsonl');
    const previousAuditPath = process.env.ENDUSE_AUDIT_LOG;
    process.env.ENDUSE_AUDIT_LOG = auditPath;
    try {
      const load = () => runCliCaptured(['load', '--data', file, '--batch-size', String(batchSize), '--format', 'json', '--backend', 'neo4j', '--neo4j-uri', proxy.uri]);
      // Cut once about a quarter of the entities have gone through (connecting and the schema take a few kB).
      proxy.onBytesToServer(150_000, () => void proxy.cut());
      const interrupted = await load();
      expect(interrupted.code).toBe(2);
      const lines = interrupted.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(1);
      const said = /written: (.*); not written: (.*?);/.exec(lines[0]!);
      expect(said, lines[0]).not.toBeNull();
      const writtenEntities = Number(/(\d+) of \d+ entities/.exec(said![1]!)?.[1] ?? 0);
      expect(writtenEntities).toBeGreaterThan(0);
      expect(writtenEntities).toBeLessThan(size);
      expect(said![2]).toMatch(/\d+ entities/);

      // Each batch is one transaction: whole batches are stored, and the batch whose commit was
      // in flight when the connection dropped may have landed or not.
      const stored = await count('MATCH (e:Entity) RETURN count(e)');
      expect(stored % batchSize).toBe(0);
      expect([writtenEntities, writtenEntities + batchSize]).toContain(stored);
      expect(await count('MATCH ()-[r:SUPPLIES]->() RETURN count(r)')).toBe(0);

      await proxy.restore();
      const rerun = await load();
      expect(rerun.code).toBe(0);
      const report = JSON.parse(rerun.stdout);
      expect(report.created.entities).toBe(size - stored);
      expect(report.created.relationships).toBe(size - 1);
      expect([await count('MATCH (e:Entity) RETURN count(e)'), await count('MATCH ()-[r:SUPPLIES]->() RETURN count(r)')]).toEqual([size, size - 1]);

      // Both attempts are in the audit log, newest first.
      const { entries } = await new AuditLog(auditPath).entries();
      expect(entries.map((entry) => [entry.via, entry.backend, entry.outcome])).toEqual([
        ['cli', 'neo4j', 'loaded'],
        ['cli', 'neo4j', 'failed'],
      ]);
      expect(entries[0]!.who).toMatch(/^cli:/);
      expect(entries[0]!.dataset).toMatchObject({ entities: size, relationships: size - 1 });
      expect(entries[1]!.dataset?.sha256).toBe(entries[0]!.dataset?.sha256);
    } finally {
      if (previousAuditPath === undefined) delete process.env.ENDUSE_AUDIT_LOG;
      else process.env.ENDUSE_AUDIT_LOG = previousAuditPath;
    }
  }, 120_000);

  it('while the API serves: answers keep coming from the last good data, a refresh answers 503 and health says stale, then service resumes', async () => {
    const store = await Neo4jStore.connect({ uri: proxy.uri });
    try {
      const app = createApp(store, configWith({ limits: { timeBudgetMs: 10_000 } }));
      await request(app).post('/api/datasets').send({ files: { 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS, 'listings.csv': VALID_LISTINGS } }).expect(201);
      const healthy = await request(app).get('/api/health');
      expect(healthy.body).toMatchObject({ status: 'ok', backend: 'neo4j', entities: 3, relationships: 2, projection: { status: 'current' } });
      const routesBefore = await request(app).get('/api/entities/bluecoat/routes?asOf=2012-01-01');

      await proxy.cut();
      // Reads answer from the projection held in memory: the same data, saying when it was read.
      for (const path of ['/api/entities/bluecoat/routes?asOf=2012-01-01', '/api/flags?asOf=2012-01-01']) {
        const served = await request(app).get(path);
        expect(served.status, path).toBe(200);
        expect(served.body.dataAsOf, path).toBe(healthy.body.dataAsOf);
      }
      expect((await request(app).get('/api/entities/bluecoat/routes?asOf=2012-01-01')).body).toEqual(routesBefore.body);
      const refused = await request(app).post('/api/refresh');
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('STORE_UNAVAILABLE');
      const stale = await request(app).get('/api/health');
      expect(stale.status).toBe(200);
      expect(stale.body).toMatchObject({ status: 'stale', entities: 3, projection: { status: 'stale', serving: { version: healthy.body.dataVersion }, lastError: { message: expect.stringContaining('cannot use Neo4j') } } });

      await proxy.restore();
      // Same app, same store, same driver: the driver opens new connections on its own.
      const refreshed = await request(app).post('/api/refresh');
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.serving.version).toBe(healthy.body.dataVersion + 1);
      const up = await request(app).get('/api/health');
      expect(up.body).toMatchObject({ status: 'ok', entities: 3, projection: { status: 'current' } });
      const routes = await request(app).get('/api/entities/bluecoat/routes?asOf=2012-01-01');
      expect(routes.status).toBe(200);
      expect(routes.body.routes.map((route: { path: string[] }) => route.path)).toEqual([['bluecoat', 'cl', 'ste']]);
      expect(routes.body.dataVersion).toBe(healthy.body.dataVersion + 1);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('SIGTERM during a request', () => {
  it('lets the in-flight request finish, refuses new connections, then exits 0', async () => {
    const port = await freePort();
    const server = await startServe(['--port', String(port), '--data', tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS })]);
    try {
      const body = Buffer.from(JSON.stringify({ entities: [{ id: 'late-co', name: 'Late Co', kind: 'company', country: 'FR' }] }));
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const sent = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/api/datasets', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
          (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode!, body: text }));
          },
        );
        sent.on('error', reject);
        // Half the body now: the request is in flight when the signal comes.
        sent.write(body.subarray(0, 10));
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => sent.end(body.subarray(10)), 1000);
        }, 500);
      });

      // After the signal, and while the request is still open, new connections are refused.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');

      const finished = await answer;
      expect(finished.status, finished.body).toBe(201);
      expect(JSON.parse(finished.body).loaded.entities).toBe(1);
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 90_000);
});
