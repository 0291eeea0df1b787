// The CLI on a real Neo4j: enduse load (validated, idempotent, an interrupted load completed by a
// rerun), --backend neo4j on the reading commands, and the shipped cases end to end.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { tempDataset, VALID_ENTITIES, VALID_LISTINGS, VALID_RELATIONSHIPS } from '../support/temp-dataset.ts';

const THREE_ORDERS = 'source,target,type,product,start\nbluecoat,cl,SUPPLIES,ProxySG,2010-10\ncl,ste,SUPPLIES,ProxySG,2010-11\nbluecoat,ste,SUPPLIES,ProxySG,2011-01\n';

describeNeo4j('enduse on Neo4j', () => {
  const database = withNeo4jDatabase();
  const uri = () => ['--backend', 'neo4j', '--neo4j-uri', neo4jTestUri()!];
  const count = async (query: string) => (await database.driver.executeQuery(query)).records[0]!.get(0).toNumber() as number;

  it('loads a dataset, and loading it again creates nothing', async () => {
    const folder = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': VALID_RELATIONSHIPS, 'listings.csv': VALID_LISTINGS });
    const first = await runCliCaptured(['load', '--data', folder, '--format', 'json', ...uri()]);
    expect(first.code).toBe(0);
    const firstReport = JSON.parse(first.stdout);
    expect(firstReport.rows).toMatchObject({ entities: 3, relationships: 2, listings: 1 });
    expect(firstReport.created).toEqual(firstReport.rows);
    const second = JSON.parse((await runCliCaptured(['load', '--data', folder, '--format', 'json', ...uri()])).stdout);
    expect(second.rows).toEqual(firstReport.rows);
    expect(Object.values(second.created)).toEqual([0, 0, 0, 0, 0]);
    expect([await count('MATCH (e:Entity) RETURN count(e)'), await count('MATCH (:Entity)-[r:SUPPLIES]->(:Entity) RETURN count(r)'), await count('MATCH ()-[r:LISTED_ON]->() RETURN count(r)')]).toEqual([3, 2, 1]);
  });

  it('answers routes and exposure alike pushed down into Neo4j and on the projection (blue-coat-syria)', async () => {
    const shipped = shippedCases().find((each) => each.id === 'blue-coat-syria')!;
    expect((await runCliCaptured(['load', '--data', shipped.directory, ...uri()])).code).toBe(0);
    const answer = (command: string, from: string, args: string[]) =>
      runCliCaptured([command, '--from', from, '--as-of', shipped.asOf, '--format', 'json', ...args]).then((result) => JSON.parse(result.stdout));
    for (const from of shipped.sources) {
      const memoryRoutes = (await answer('routes', from, ['--data', shipped.directory])).routes;
      for (const strategy of ['pushdown', 'projection']) expect((await answer('routes', from, [...uri(), '--strategy', strategy])).routes, `${from}, --strategy ${strategy}`).toEqual(memoryRoutes);
      expect(await answer('exposure', from, [...uri(), '--strategy', 'pushdown']), `${from} exposure`).toEqual(await answer('exposure', from, [...uri(), '--strategy', 'projection']));
    }
  }, 120_000);

  it('refuses --strategy pushdown without Neo4j, and an unknown strategy, naming the flag', async () => {
    const pushdown = await runCliCaptured(['routes', '--data', shippedCases()[0]!.directory, '--from', 'bluecoat', '--strategy', 'pushdown']);
    expect(pushdown.code).toBe(2);
    expect(pushdown.stderr).toContain('--strategy');
    const unknown = await runCliCaptured(['exposure', ...uri(), '--from', 'bluecoat', '--strategy', 'sideways']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--strategy');
  });

  it('validates first: a bad dataset writes nothing', async () => {
    const folder = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': 'source,target,type\nbluecoat,nobody,SUPPLIES\n' });
    const result = await runCliCaptured(['load', '--data', folder, ...uri()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(folder, 'relationships.csv')}:2 target: unknown entity 'nobody'`);
    expect(await count('MATCH (n) RETURN count(n)')).toBe(0);
  });

  it('keeps whole batches of an interrupted load, and a rerun completes it', async () => {
    const folder = tempDataset({ 'entities.csv': VALID_ENTITIES, 'relationships.csv': THREE_ORDERS });
    const dataset = readDatasets([folder]);
    const [firstOrder, secondOrder] = dataset.relationships;
    // A conflicting relationship already holds the second order's id: its MERGE must create, and the constraint refuses.
    await database.driver.executeQuery('CREATE (:Entity {id: "x"})-[:SUPPLIES {id: $id}]->(:Entity {id: "y"})', { id: secondOrder!.id });

    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    try {
      await expect(store.load(dataset, { batchSize: 1 })).rejects.toThrow(StoreUnavailableError);
    } finally {
      await store.close();
    }
    const interrupted = await runCliCaptured(['load', '--data', folder, '--batch-size', '1', ...uri()]);
    expect(interrupted.code).toBe(2);
    const storedOrders = async () => (await database.driver.executeQuery('MATCH (:Entity)-[r:SUPPLIES]->(:Entity) WHERE NOT r.id = $conflict OR startNode(r).id <> "x" RETURN r.id AS id ORDER BY id', { conflict: secondOrder!.id })).records.map((record) => record.get('id'));
    expect(await storedOrders()).toEqual([firstOrder!.id]);
    expect(await count('MATCH (e:Entity) WHERE NOT e.id IN ["x", "y"] RETURN count(e)')).toBe(3);

    await database.driver.executeQuery('MATCH (:Entity {id: "x"})-[r]->() DELETE r');
    const rerun = await runCliCaptured(['load', '--data', folder, '--batch-size', '1', '--format', 'json', ...uri()]);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout).created).toMatchObject({ entities: 0, relationships: 2 });
    expect((await storedOrders()).sort()).toEqual(dataset.relationships.map((relationship) => relationship.id).sort());
  });

  it('answers an unreachable server with exit code 2 and one line', async () => {
    const result = await runCliCaptured(['flags', '--backend', 'neo4j', '--neo4j-uri', 'bolt://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
  });

  it('reads the connection from NEO4J_URI when no flag gives it', async () => {
    const saved = process.env.NEO4J_URI;
    process.env.NEO4J_URI = neo4jTestUri();
    try {
      expect((await runCliCaptured(['flags', '--backend', 'neo4j', '--as-of', '2012-01-01', '--format', 'json'])).code).toBe(0);
      process.env.NEO4J_URI = 'bolt://127.0.0.1:1';
      expect((await runCliCaptured(['flags', '--backend', 'neo4j'])).code).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.NEO4J_URI;
      else process.env.NEO4J_URI = saved;
    }
  });

  it('refuses --data with --backend neo4j, and --backend neo4j on commands that read files only', async () => {
    expect((await runCliCaptured(['flags', '--data', 'data/cases/blue-coat-syria', ...uri()])).code).toBe(2);
    expect((await runCliCaptured(['validate', '--data', 'data/cases/blue-coat-syria', ...uri()])).code).toBe(2);
    expect((await runCliCaptured(['cypher', 'flags', '--backend', 'memory'])).code).toBe(2);
    expect((await runCliCaptured(['flags', '--backend', 'graphite'])).code).toBe(2);
  });

  for (const shipped of shippedCases()) {
    it(`runs the shipped case ${shipped.id} end to end on Neo4j as on the embedded store`, async () => {
      expect((await runCliCaptured(['load', '--data', shipped.directory, ...uri()])).code).toBe(0);
      const asOf = ['--as-of', shipped.asOf, '--format', 'json'];
      const flags = (args: string[]) => runCliCaptured(['flags', ...asOf, ...args]).then((result) => JSON.parse(result.stdout));
      expect(await flags(uri())).toEqual(await flags(['--data', shipped.directory]));
      const routes = (from: string, args: string[]) => runCliCaptured(['routes', '--from', from, ...asOf, ...args]).then((result) => JSON.parse(result.stdout).routes);
      for (const from of shipped.sources) {
        const memoryRoutes = await routes(from, ['--data', shipped.directory]);
        expect(await routes(from, uri())).toEqual(memoryRoutes);
        const cypher = JSON.parse((await runCliCaptured(['cypher', 'routes', '--from', from, ...asOf, '--neo4j-uri', neo4jTestUri()!])).stdout).routes;
        expect(cypher.map((route: { target: string; hops: number }) => [route.target, route.hops])).toEqual(memoryRoutes.map((route: { target: string; hops: number }) => [route.target, route.hops]));
      }

      // Every entity as a source, at the case's date: the same flags and routes from both stores.
      const memory = new MemoryStore();
      await memory.load(readDatasets([shipped.directory]));
      const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
      try {
        const [memoryView, neo4jView] = [await memory.view(), await store.view()];
        expect([...flaggedEntities(neo4jView, shipped.asOf).keys()].sort()).toEqual([...flaggedEntities(memoryView, shipped.asOf).keys()].sort());
        for (const entity of memoryView.entities()) {
          const summary = (view: typeof memoryView) => findFlaggedRoutes(view, entity.id, { asOf: shipped.asOf }).map((route) => [route.target, route.hops]);
          expect(summary(neo4jView), entity.id).toEqual(summary(memoryView));
        }
      } finally {
        await store.close();
      }
    });
  }
});
