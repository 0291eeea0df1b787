// The serving holder: one projection answered from, rebuilt in the background and swapped whole
// when the data changes (an enduse load's change marker, the refresh interval, POST /api/refresh),
// the last good one kept while the store is down, a read cut short never served.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import type { GraphStore } from '../../src/store/graph-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { ServingStore } from '../../src/store/serving-store.ts';
import { configWith, createApp } from '../api/api-support.ts';
import { startTcpProxy, type TcpProxy } from '../reliability/support/tcp-proxy.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';

const WRITE_KEY = 'ops-write-key-0123456789';
const READ_KEY = 'ops-read-key-01234567890';
const keys = [
  { name: 'ops', scope: 'write' as const, key: WRITE_KEY },
  { name: 'viewer', scope: 'read' as const, key: READ_KEY },
];

/** A build that waits while `held` is set: a rebuild we can watch half-way. */
function gatedBuild(): { build: (store: GraphStore) => Promise<GraphView>; hold(): void; release(): void; builds: () => number } {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let builds = 0;
  return {
    build: async (store) => {
      builds += 1;
      const view = await store.view();
      await gate;
      return view;
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open?.();
      gate = undefined;
    },
    builds: () => builds,
  };
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const chain = (size: number, prefix = 'c') =>
  buildDataset({
    entities: Array.from({ length: size }, (_, index) => entity(`${prefix}${index}`, { name: `Chain company ${index}`, kind: 'distributor', country: 'AE' })),
    relationships: Array.from({ length: size - 1 }, (_, index) => supplies(`${prefix}${index}`, `${prefix}${index + 1}`, { product: 'routers', start: '2020-01-01' })),
  });

describe('ServingStore over the embedded store', () => {
  it('joins refreshes asked for during a build into one more build, begun after it', async () => {
    const store = new CompactStore();
    await store.load(chain(3));
    const gated = gatedBuild();
    const served = new ServingStore(store, { build: gated.build });
    expect((await served.projection()).version).toBe(1);
    gated.hold();
    const first = served.refresh();
    const [second, third] = [served.refresh(), served.refresh()];
    expect(served.health().refreshing).toBe(true);
    expect(served.current()!.version).toBe(1);
    gated.release();
    expect((await first).version).toBe(2);
    expect((await second).version).toBe(3);
    expect(await third).toBe(await second);
    expect(gated.builds()).toBe(3);
    await served.close();
  });

  it('stamps every API answer with the projection it read, and a load through the API swaps in a new one', async () => {
    const store = new CompactStore();
    await store.load(chain(3));
    const app = createApp(store, configWith());
    const health = await request(app).get('/api/health');
    expect(health.body).toMatchObject({ status: 'ok', backend: 'memory', dataVersion: 1, projection: { status: 'current', serving: { version: 1 } } });
    expect(Date.parse(health.body.dataAsOf)).not.toBeNaN();
    const loaded = await request(app).post('/api/datasets').send({ entities: [{ id: 'newco', name: 'New Co', kind: 'company' }] });
    expect(loaded.status).toBe(201);
    expect(loaded.body.dataVersion).toBe(2);
    const found = await request(app).get('/api/entities/newco');
    expect(found.status).toBe(200);
    expect(found.body.dataVersion).toBe(2);
    const document = await request(app).get('/api/openapi.json');
    expect(Object.keys(document.body.paths['/api/flags'].get.responses['200'].content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['dataAsOf', 'dataVersion']));
  });
});

describeNeo4j('ServingStore over Neo4j', () => {
  withNeo4jDatabase();
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const each of opened.splice(0).reverse()) await each.close();
  });
  const connect = async (uri = neo4jTestUri()!) => {
    const store = await Neo4jStore.connect({ uri });
    opened.push(store);
    return store;
  };
  const serve = (store: GraphStore, options: ConstructorParameters<typeof ServingStore>[1]) => {
    const served = new ServingStore(store, options);
    opened.push({ close: () => served.close() });
    return served;
  };

  it('rebuilds in the background when an enduse load elsewhere bumps the change marker, answering from the old projection until the new one is complete', async () => {
    const loader = await connect();
    await loader.load(chain(3));
    const gated = gatedBuild();
    const served = serve(await connect(), { build: gated.build, changePollMs: 100 });
    const app = createApp(served, configWith());
    const before = await request(app).get('/api/health');
    expect(before.body).toMatchObject({ entities: 3, dataVersion: 1 });
    served.start();

    gated.hold();
    await loader.load(buildDataset({ entities: [entity('newco', { name: 'New Co' })] }));
    await eventually(() => served.health().refreshing, 'the rebuild to start');
    const during = await request(app).get('/api/entities/newco');
    expect(during.status).toBe(404);
    expect((await request(app).get('/api/health')).body).toMatchObject({ entities: 3, dataVersion: 1, projection: { refreshing: true } });

    gated.release();
    await eventually(() => served.current()!.version === 2, 'the new projection');
    const after = await request(app).get('/api/entities/newco');
    expect(after.status).toBe(200);
    expect(after.body.dataVersion).toBe(2);
    expect(Date.parse(after.body.dataAsOf)).toBeGreaterThan(Date.parse(before.body.dataAsOf));
    // Nothing changed since: the marker stays, so no further rebuild.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(served.current()!.version).toBe(2);
  }, 120_000);

  it('sees writes by other tools at the refresh interval, or at once through POST /api/refresh with a write key', async () => {
    const store = await connect();
    await store.load(chain(2));
    const served = serve(store, { changePollMs: 50 });
    const app = createApp(served, configWith({ apiKeys: keys }));
    const read = (path: string) => request(app).get(path).set('Authorization', `Bearer ${READ_KEY}`);
    expect((await read('/api/health')).body.dataVersion).toBe(1);
    served.start();

    // Another tool writes straight into the database: no change marker moves.
    await store.driver.executeQuery("CREATE (:Entity:Company {id: 'by-hand', name: 'Typed in Browser', kind: 'company', aliases: []})");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await read('/api/entities/by-hand')).status).toBe(404);

    expect((await request(app).post('/api/refresh').set('Authorization', `Bearer ${READ_KEY}`)).status).toBe(403);
    const refreshed = await request(app).post('/api/refresh').set('Authorization', `Bearer ${WRITE_KEY}`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ serving: { version: 2 }, entities: 3, dataVersion: 2 });
    expect((await read('/api/entities/by-hand')).body).toMatchObject({ entity: { id: 'by-hand' }, dataVersion: 2 });

    const interval = serve(await connect(), { refreshIntervalMs: 200 });
    await interval.projection();
    interval.start();
    await store.driver.executeQuery("CREATE (:Entity:Company {id: 'by-hand-2', name: 'Typed in Browser again', kind: 'company', aliases: []})");
    await eventually(() => interval.current()!.view.entity('by-hand-2') !== undefined, 'the refresh interval to pick up the write');
  }, 120_000);

  describe('when the server goes away', () => {
    let proxy: TcpProxy;
    afterEach(async () => {
      await proxy.close();
    });

    it('keeps serving the last good projection, says so in health, and retries until it is back', async () => {
      proxy = await startTcpProxy(neo4jTestUri()!);
      const store = await connect(proxy.uri);
      await store.load(chain(3));
      const served = serve(store, { changePollMs: 100, retryMs: 200, maxRetryMs: 400 });
      const app = createApp(served, configWith());
      const good = (await request(app).get('/api/entities/c0/routes?asOf=2024-01-01')).body;
      served.start();

      await proxy.cut();
      await expect(served.refresh()).rejects.toBeInstanceOf(StoreUnavailableError);
      const during = await request(app).get('/api/entities/c0/routes?asOf=2024-01-01');
      expect(during.status).toBe(200);
      expect(during.body).toEqual(good);
      const health = await request(app).get('/api/health');
      expect(health.body).toMatchObject({ status: 'stale', entities: 3, projection: { status: 'stale', serving: { version: 1 }, lastError: { message: expect.stringContaining('cannot use Neo4j') } } });
      expect(Date.parse(health.body.projection.retryAt)).not.toBeNaN();

      await proxy.restore();
      // Nobody asks: the retry swaps a fresh projection in by itself.
      await eventually(() => served.health().status === 'current' && served.current()!.version >= 2, 'the retry to succeed', 30_000);
      expect((await request(app).get('/api/health')).body).toMatchObject({ status: 'ok', projection: { status: 'current' } });
    }, 90_000);

    it('discards a projection whose read was cut by a dropped connection', async () => {
      proxy = await startTcpProxy(neo4jTestUri()!);
      const store = await connect(proxy.uri);
      await store.load(chain(3000));
      const served = serve(store, {});
      const first = await served.projection();
      expect(first.view.entityCount()).toBe(3000);

      // Cut once the next read has brought back part of the graph (the whole read is several hundred kB).
      proxy.onBytesToClient(proxy.bytesToClient + 60_000, () => void proxy.cut());
      await expect(served.refresh()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(served.current()).toBe(first);
      expect(served.current()!.view.entityCount()).toBe(3000);
      expect(served.health()).toMatchObject({ status: 'stale', serving: { version: 1 } });

      await proxy.restore();
      const second = await served.refresh();
      expect(second.version).toBe(2);
      expect(second.view.entityCount()).toBe(3000);
      expect(second.view.relationshipCount()).toBe(2999);
    }, 120_000);
  });
});
