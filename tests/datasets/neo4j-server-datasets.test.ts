// Dataset versions on a server over a real Neo4j: uploads go through enduse load's plan and record
// path in one transaction, versions (the CLI's too) are listed from the database, and removing one
// leaves the answers of a store that never had it: compared with the embedded store's catalog
// given the same versions. A refused or failed upload or removal leaves the database as it was.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { expect, it } from 'vitest';
import { DatasetCatalog } from '../../src/datasets/dataset-catalog.ts';
import { VersionFolder } from '../../src/datasets/version-folder.ts';
import { readReference, readValidatedDatasets } from '../../src/load/load-datasets.ts';
import { flagPeriodKey } from '../../src/domain/record-identity.ts';
import { relationshipContent, relationshipIdOf } from '../../src/domain/record-identity.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { transactionRun } from '../../src/store/neo4j/dataset-versions.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { removeVersion } from '../../src/store/neo4j/remove-version.ts';
import { ServingStore } from '../../src/store/serving-store.ts';
import { configWith, createApp } from '../api/api-support.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { withoutDataStamp } from '../support/data-stamp.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase, type Neo4jTestDatabase } from '../support/neo4j.ts';
import { freePort, startServe, type ServeProcess } from '../support/serve-process.ts';

const CASE = join(import.meta.dirname, '..', '..', 'data', 'cases', 'blue-coat-syria');
const AS_OF = '2011-06-30';
/** Each test loads the case with the CLI and builds embedded twins: tens of seconds on a busy 2-core machine. */
const SLOW = 120_000;
/** The answers compared must be answers, not 503s of a request past its budget on a busy machine. */
const config = () => configWith({ limits: { timeBudgetMs: 60_000 } });

/** A front company, a route through it to STE, its listing and a flag period: rows only this upload states. */
const EXTRA = {
  name: 'extra',
  entities: [{ id: 'shell-x', name: 'Shell X Trading', kind: 'front_company', country: 'AE' }],
  relationships: [
    { source: 'computerlinks-fzco', target: 'shell-x', type: 'SUPPLIES', product: 'ProxySG', start: '2011-01-10' },
    { source: 'shell-x', target: 'ste-syria', type: 'SUPPLIES', product: 'ProxySG', start: '2011-02-01' },
  ],
  listings: [{ entity_id: 'shell-x', list: 'BIS_ENTITY', from: '2011-03-01', source: 'test' }],
  jurisdictions: [{ code: 'AE', flag: 'transshipment_hub', from: '2010-01-01', source: 'test' }],
};
/** Changes STE (mode merge) and states one of EXTRA's relationships again: it then points at shell-x, which only EXTRA states. */
const FIX = {
  name: 'fix',
  mode: 'merge',
  entities: [{ id: 'ste-syria', name: 'Swiss Telecom Establishment', kind: 'end_user', country: 'CH', aliases: ['STE-CH'] }],
  relationships: [{ source: 'shell-x', target: 'ste-syria', type: 'SUPPLIES', product: 'ProxySG', start: '2011-02-01' }],
};
const ANSWERS = [`/api/entities/bluecoat/routes?asOf=${AS_OF}&k=5`, `/api/entities/ste-syria?asOf=${AS_OF}`, `/api/entities/computerlinks-fzco/routes?asOf=${AS_OF}`];

/** The embedded store's catalog over the same case, given `uploads` in order: what the answers must equal. */
async function embeddedWith(uploads: readonly object[]) {
  const store = new CompactStore();
  const catalog = new DatasetCatalog(store, { folder: new VersionFolder(mkdtempSync(join(tmpdir(), 'enduse-neo4j-twin-'))) });
  await catalog.start({ name: 'blue-coat-syria', who: 'cli:test', at: new Date(0).toISOString(), dataset: readValidatedDatasets([CASE]) });
  const app = createApp(store, configWith({ datasets: catalog, limits: { timeBudgetMs: 60_000 } }));
  for (const upload of uploads) expect((await request(app).post('/api/datasets').send(upload)).status).toBe(201);
  return app;
}

async function answersOf(app: ReturnType<typeof createApp>): Promise<string[]> {
  const answers: string[] = [];
  for (const path of ANSWERS) {
    const response = await request(app).get(path);
    answers.push(`${response.status} ${withoutDataStamp(response.text)}`);
  }
  return answers;
}

/** Every node and relationship with all its properties: equal snapshots mean nothing was written. */
async function snapshot(database: Neo4jTestDatabase): Promise<string[]> {
  const nodes = await database.driver.executeQuery('MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties');
  const relationships = await database.driver.executeQuery('MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.code) AS a, type(r) AS type, coalesce(b.id, b.code) AS b, properties(r) AS properties');
  return [...nodes.records, ...relationships.records].map((record) => JSON.stringify(record.toObject(), (_key, value) => (typeof value === 'bigint' ? String(value) : value))).sort();
}

describeNeo4j('dataset versions on a server over Neo4j', () => {
  const database = withNeo4jDatabase();

  async function neo4jServer() {
    await loadCaseWithCli();
    const served = new ServingStore(await Neo4jStore.connect({ uri: neo4jTestUri()! }));
    return { served, app: createApp(served, config()) };
  }

  async function loadCaseWithCli() {
    const loaded = await runCliCaptured(['load', '--data', CASE, '--name', 'blue-coat-syria', '--backend', 'neo4j', '--neo4j-uri', neo4jTestUri()!]);
    expect(loaded.code, loaded.stderr).toBe(0);
  }

  it('lists the versions the database records, uploads them as enduse load does, and refuses a conflicting upload changing nothing', { timeout: SLOW }, async () => {
    const { served, app } = await neo4jServer();
    try {
      const extra = await request(app).post('/api/datasets').send(EXTRA);
      expect(extra.status, extra.text).toBe(201);
      expect(extra.body.version).toMatchObject({ id: 'extra@1', via: 'api', who: 'local', persisted: true, changed: 0, counts: { entities: 1, relationships: 2, listings: 1, jurisdictions: 1 } });
      expect(extra.body.version.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(extra.body.store.entities).toBeGreaterThan(1);

      const before = await snapshot(database);
      const refused = await request(app).post('/api/datasets').send({ ...FIX, mode: undefined });
      expect(refused.status).toBe(409);
      expect(refused.body.error.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['entities[0].aliases', 'entities[0].country', 'entities[0].name']);
      expect(refused.body.error.issues[0].message).toContain('blue-coat-syria@1');
      expect(await snapshot(database)).toEqual(before);

      const fix = await request(app).post('/api/datasets').send(FIX);
      expect(fix.status, fix.text).toBe(201);
      expect(fix.body.version).toMatchObject({ id: 'fix@1', mode: 'merge', changed: 1 });
      expect(fix.body.changes.map((change: { field: string }) => change.field)).toEqual(['name', 'country', 'aliases']);

      const listed = await request(app).get('/api/datasets');
      expect(listed.body.versions.map((version: { id: string; via: string }) => `${version.id} ${version.via}`)).toEqual(['blue-coat-syria@1 cli', 'extra@1 api', 'fix@1 api']);
      const side = await request(app).get('/api/datasets').query({ entity: 'ste-syria' });
      expect(side.body.versions.map((version: { id: string; entity: { name: string } }) => `${version.id} ${version.entity.name}`)).toEqual([
        'blue-coat-syria@1 Syrian Telecommunications Establishment',
        'fix@1 Swiss Telecom Establishment',
      ]);
      expect(await answersOf(app)).toEqual(await answersOf(await embeddedWith([EXTRA, FIX])));
    } finally {
      await served.close();
    }
  });

  it('removes a version and the rows only it held, leaving the answers of a store that never had it, as the embedded store does', { timeout: SLOW }, async () => {
    const { served, app } = await neo4jServer();
    try {
      for (const upload of [EXTRA, FIX]) expect((await request(app).post('/api/datasets').send(upload)).status).toBe(201);
      const embedded = await embeddedWith([EXTRA, FIX]);

      // FIX states a relationship to shell-x, which only EXTRA states: refused while FIX is there, as on the embedded store.
      const before = await snapshot(database);
      const dangling = await request(app).delete('/api/datasets/extra@1');
      expect(dangling.status).toBe(409);
      expect(dangling.body.error.issues.map((issue: { message: string }) => issue.message).join('\n')).toContain("points at 'shell-x', which only extra@1 states");
      expect((await request(embedded).delete('/api/datasets/extra@1')).status).toBe(409);
      expect(await snapshot(database)).toEqual(before);
      const fix = await request(app).delete('/api/datasets/fix@1');
      expect(fix.status, fix.text).toBe(200);
      const fixOnEmbedded = await request(embedded).delete('/api/datasets/fix@1');
      expect({ rows: fix.body.rows, changes: fix.body.changes }).toEqual({ rows: fixOnEmbedded.body.rows, changes: fixOnEmbedded.body.changes });
      expect(fix.body.changes.map((change: { entity: string; field: string; to: unknown }) => `${change.entity}.${change.field} ${JSON.stringify(change.to)}`)).toContain('ste-syria.name "Syrian Telecommunications Establishment"');
      expect(await answersOf(app)).toEqual(await answersOf(await embeddedWith([EXTRA])));
      expect(await database.driver.executeQuery('MATCH (e:Entity {id: "ste-syria"}) RETURN e.datasets AS datasets, e.statements AS statements').then(({ records }) => records[0]!.toObject())).toEqual({ datasets: ['blue-coat-syria@1'], statements: null });

      const extra = await request(app).delete('/api/datasets/extra@1');
      expect(extra.status, extra.text).toBe(200);
      expect(extra.body.rows).toEqual({ entities: 1, relationships: 2, listings: 1, jurisdictions: 1 });
      expect(extra.body.rows).toEqual((await request(embedded).delete('/api/datasets/extra@1')).body.rows);
      expect(await answersOf(app)).toEqual(await answersOf(await embeddedWith([])));
      expect((await request(app).get('/api/datasets')).body.versions.map((version: { id: string }) => version.id)).toEqual(['blue-coat-syria@1']);
      expect((await request(app).delete('/api/datasets/extra@1')).status).toBe(404);
      // The shipped reference flags stay whoever stated them.
      const flags = await database.driver.executeQuery('MATCH (f:JurisdictionFlag) RETURN f.id AS id');
      expect(new Set(flags.records.map((record) => record.get('id')))).toEqual(new Set(readReference().jurisdictions.map(flagPeriodKey)));
    } finally {
      await served.close();
    }
  });

  it('leaves the database as it was when an upload fails half-way through its transaction', { timeout: SLOW }, async () => {
    const { served, app } = await neo4jServer();
    try {
      // A relationship stored between other entities under the id EXTRA's first relationship takes: writing it breaks the uniqueness constraint.
      const [first] = EXTRA.relationships;
      const id = relationshipIdOf(relationshipContent({ ...first!, type: 'SUPPLIES' } as Parameters<typeof relationshipContent>[0]), 0);
      await database.driver.executeQuery('MATCH (a:Entity {id: "bluecoat"}), (b:Entity {id: "bluecoat-nl"}) CREATE (a)-[:SUPPLIES {id: $id}]->(b)', { id });
      const before = await snapshot(database);
      const failed = await request(app).post('/api/datasets').send(EXTRA);
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(failed.text).not.toContain('    at ');
      expect(await snapshot(database)).toEqual(before);
      expect((await request(app).get('/api/datasets')).body.versions.map((version: { id: string }) => version.id)).toEqual(['blue-coat-syria@1']);
    } finally {
      await served.close();
    }
  });

  it('leaves the database as it was when a removal fails after it began writing', { timeout: SLOW }, async () => {
    const { served, app } = await neo4jServer();
    try {
      for (const upload of [EXTRA, FIX]) expect((await request(app).post('/api/datasets').send(upload)).status).toBe(201);
      const before = await snapshot(database);
      const store = (served.store as Neo4jStore);
      const session = store.driver.session({ defaultAccessMode: 'WRITE' });
      const statements: string[] = [];
      try {
        await expect(
          session.executeWrite((tx) => {
            const run = transactionRun(tx);
            // The connection is lost as the version node is about to go: every row was already changed in this transaction.
            return removeVersion(async (statement, parameters) => {
              statements.push(statement);
              if (/DELETE v$/.test(statement)) throw new Error('connection lost');
              return run(statement, parameters);
            }, 'fix@1', new Set());
          }),
        ).rejects.toThrow('connection lost');
      } finally {
        await session.close();
      }
      expect(statements.some((statement) => statement.includes('SET e.datasets'))).toBe(true);
      expect(await snapshot(database)).toEqual(before);
    } finally {
      await served.close();
    }
  });

  it('keeps what a real enduse serve --backend neo4j accepted across a restart, and a removal through the next server restores the answers', { timeout: 3 * SLOW }, async () => {
    await loadCaseWithCli();
    const neo4j = ['--backend', 'neo4j', '--neo4j-uri', neo4jTestUri()!];
    const serve = async () => {
      const port = await freePort();
      const server = await startServe([...neo4j, '--port', String(port), '--change-poll', '0'], 90_000);
      const call = async (method: string, path: string, body?: object) => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
        return { status: response.status, text: await response.text() };
      };
      const answers = async () => Promise.all(ANSWERS.map(async (path) => withoutDataStamp((await call('GET', path)).text)));
      return { server, call, answers };
    };
    const stop = async (server: ServeProcess) => {
      server.child.kill('SIGTERM');
      await server.exited;
    };

    const first = await serve();
    let second: Awaited<ReturnType<typeof serve>> | undefined;
    try {
      const withoutExtra = await first.answers();
      const uploaded = await first.call('POST', '/api/datasets', EXTRA);
      expect(uploaded.status, uploaded.text).toBe(201);
      const withExtra = await first.answers();
      expect(withExtra).not.toEqual(withoutExtra);
      await stop(first.server);

      second = await serve();
      expect(second.server.output()).toContain('dataset versions are kept in Neo4j with their rows: 2 recorded');
      const listed = JSON.parse((await second.call('GET', '/api/datasets')).text);
      expect(listed.versions.map((version: { id: string; via: string; who: string }) => `${version.id} ${version.via}`)).toEqual(['blue-coat-syria@1 cli', 'extra@1 api']);
      expect(await second.answers()).toEqual(withExtra);

      const removed = await second.call('DELETE', '/api/datasets/extra@1');
      expect(removed.status, removed.text).toBe(200);
      expect(await second.answers()).toEqual(withoutExtra);
      expect(JSON.parse((await second.call('GET', '/api/datasets')).text).versions.map((version: { id: string }) => version.id)).toEqual(['blue-coat-syria@1']);
    } finally {
      first.server.child.kill('SIGTERM');
      if (second !== undefined) await stop(second.server);
    }
  });
});
