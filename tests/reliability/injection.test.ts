// Injection: quote-, brace- and backtick-laden names, aliases, addresses, products and sources go
// through `enduse load --backend neo4j` and `POST /api/datasets` into a real Neo4j, come back
// verbatim, and nothing else runs: the graph holds exactly the intended nodes and relationships.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeEach, expect, it } from 'vitest';
import { readReference } from '../../src/load/load-datasets.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { ALL_LABELS, ALL_RELATIONSHIP_TYPES, CHANGE_MARKER_LABEL, DATASET_VERSION_LABEL, JURISDICTION_FLAG_LABEL } from '../../src/store/neo4j/graph-names.ts';
import { configWith, createApp } from '../api/api-support.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';

/** Text that would break out of a Cypher string, map, label or comment if it were spliced in. */
const HOSTILE = [
  `x' }) DETACH DELETE n //`,
  `x" }) MATCH (m) DETACH DELETE m RETURN 1 //`,
  'x`) SET n:Pwned //',
  `{id: 'x'}) CREATE (:Pwned) WITH 1 AS one MATCH (n) DETACH DELETE n //`,
  `$rows \${rows} $(row.label) {{x}}`,
  `'; CALL dbms.killQueries([]) //`,
  `\\' \\" \\\\ /* */ -- ; ) ] }`,
  `unicode ‮ ＇ ＂ ｀ \u0000 end`,
  `CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {})`,
  'multi\nline\r\n`label`\t"quoted"',
];

function hostileDataset(prefix: string) {
  return {
    entities: HOSTILE.map((text, index) => ({
      id: `${prefix}-${index}`,
      name: `${prefix} ${text}`,
      kind: 'distributor',
      country: 'AE',
      aliases: [text, `alias ${text}`],
      address: text,
      source: text,
    })),
    relationships: HOSTILE.slice(1).map((text, index) => ({ source: `${prefix}-${index}`, target: `${prefix}-${index + 1}`, type: 'SUPPLIES', product: text, source_ref: text })),
    listings: [{ entity_id: `${prefix}-0`, list: 'BIS_ENTITY', source: HOSTILE[0] }],
  };
}

describeNeo4j('hostile text reaches Neo4j only as parameters', () => {
  const database = withNeo4jDatabase();
  const uri = () => neo4jTestUri()!;
  const sentinel = 'keep-me';

  beforeEach(async () => {
    await database.driver.executeQuery('CREATE (:Sentinel {id: $id})-[:WATCHES]->(:Sentinel {id: $other})', { id: sentinel, other: `${sentinel}-2` });
  });

  const graphCounts = async () => {
    const { records } = await database.driver.executeQuery(
      // The change marker every load bumps is counted apart (expectNothingElseRan).
      `MATCH (n) WHERE NOT n:${CHANGE_MARKER_LABEL} WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS relationships`,
    );
    return { nodes: records[0]!.get('nodes').toNumber(), relationships: records[0]!.get('relationships').toNumber() };
  };

  const expectStoredVerbatim = async (dataset: ReturnType<typeof hostileDataset>) => {
    for (const row of dataset.entities) {
      const { records } = await database.driver.executeQuery('MATCH (e:Entity {id: $id}) RETURN e.name AS name, e.aliases AS aliases, e.address AS address, e.source AS source, labels(e) AS labels', { id: row.id });
      expect(records).toHaveLength(1);
      expect(records[0]!.toObject()).toEqual({ name: row.name, aliases: row.aliases, address: row.address, source: row.source, labels: expect.arrayContaining(['Entity', 'Distributor']) });
      expect(records[0]!.get('labels')).toHaveLength(2);
    }
    for (const row of dataset.relationships) {
      const { records } = await database.driver.executeQuery('MATCH (:Entity {id: $source})-[r:SUPPLIES]->(:Entity {id: $target}) RETURN r.product AS product, r.source_ref AS sourceRef', row);
      expect(records.map((record) => record.toObject())).toEqual([{ product: row.product, sourceRef: row.source_ref }]);
    }
  };

  const expectNothingElseRan = async (before: { nodes: number; relationships: number }, dataset: ReturnType<typeof hostileDataset>) => {
    // New nodes: the entities, the upload's version, and the reference lists and jurisdiction flags (written with every load, as
    // `--data` reads them); new relationships: the SUPPLIES edges and the listing.
    const after = await graphCounts();
    const lists = (await database.driver.executeQuery('MATCH (l:List) RETURN count(l) AS lists')).records[0]!.get('lists').toNumber();
    expect(lists).toBe(readReference().lists.size);
    const flags = (await database.driver.executeQuery(`MATCH (f:${JURISDICTION_FLAG_LABEL}) RETURN count(f) AS flags`)).records[0]!.get('flags').toNumber();
    expect(flags).toBe(readReference().jurisdictions.length);
    // And the upload's one dataset version node, naming the key that loaded it.
    const versions = (await database.driver.executeQuery(`MATCH (v:${DATASET_VERSION_LABEL}) RETURN v.id AS id, v.who AS who`)).records.map((record) => record.toObject());
    expect(versions).toEqual([{ id: 'upload@1', who: 'loader' }]);
    expect(after.nodes - before.nodes).toBe(dataset.entities.length + lists + flags + versions.length);
    expect(after.relationships - before.relationships).toBe(dataset.relationships.length + 1);
    const markers = (await database.driver.executeQuery(`MATCH (m:${CHANGE_MARKER_LABEL}) RETURN count(m) AS markers`)).records[0]!.get('markers').toNumber();
    expect(markers).toBe(1);
    await expectSentinelAndSchemaNames();
  };

  /** The node and relationship made before the load are untouched, and only schema labels and types exist besides them. */
  const expectSentinelAndSchemaNames = async () => {
    const sentinels = await database.driver.executeQuery('MATCH (s:Sentinel)-[:WATCHES]->(t:Sentinel) RETURN s.id AS id, t.id AS other');
    expect(sentinels.records.map((record) => record.toObject())).toEqual([{ id: sentinel, other: `${sentinel}-2` }]);
    const labels = (await database.driver.executeQuery('MATCH (n) UNWIND labels(n) AS label RETURN collect(DISTINCT label) AS labels')).records[0]!.get('labels') as string[];
    for (const label of labels) expect([...ALL_LABELS, 'Sentinel']).toContain(label);
    const types = (await database.driver.executeQuery('MATCH ()-[r]->() RETURN collect(DISTINCT type(r)) AS types')).records[0]!.get('types') as string[];
    for (const type of types) expect([...ALL_RELATIONSHIP_TYPES, 'WATCHES']).toContain(type);
  };

  it('through enduse load --backend neo4j', async () => {
    const dataset = hostileDataset('cli');
    const file = join(mkdtempSync(join(tmpdir(), 'enduse-injection-')), 'hostile.json');
    writeFileSync(file, JSON.stringify(dataset));
    // The reference lists and jurisdiction flags are loaded first, so that the counts below are the dataset's own.
    const bare = join(mkdtempSync(join(tmpdir(), 'enduse-injection-')), 'bare.json');
    writeFileSync(bare, JSON.stringify({ entities: [{ id: 'cli-0', name: 'placeholder', kind: 'distributor' }] }));
    expect((await runCliCaptured(['load', '--data', bare, '--backend', 'neo4j', '--neo4j-uri', uri()])).code).toBe(0);
    await database.driver.executeQuery('MATCH (e:Entity {id: "cli-0"}) DETACH DELETE e');
    const before = await graphCounts();

    const result = await runCliCaptured(['load', '--data', file, '--backend', 'neo4j', '--neo4j-uri', uri()]);
    expect(result.code, result.stderr).toBe(0);
    await expectStoredVerbatim(dataset);
    // The list node BIS_ENTITY exists already: only the entities, the load's DatasetVersion node and the relationships are new.
    const after = await graphCounts();
    expect(after.nodes - before.nodes).toBe(dataset.entities.length + 1);
    expect(after.relationships - before.relationships).toBe(dataset.relationships.length + 1);
    const markers = (await database.driver.executeQuery(`MATCH (m:${CHANGE_MARKER_LABEL}) RETURN count(m) AS markers`)).records[0]!.get('markers').toNumber();
    expect(markers).toBe(1);
    await expectSentinelAndSchemaNames();

    // And read back through the CLI's --backend neo4j, verbatim.
    const entity = await runCliCaptured(['entity', 'cli-3', '--format', 'json', '--backend', 'neo4j', '--neo4j-uri', uri()]);
    expect(entity.code, entity.stderr).toBe(0);
    expect(JSON.parse(entity.stdout).entity).toMatchObject({ name: dataset.entities[3]!.name, address: HOSTILE[3], aliases: dataset.entities[3]!.aliases });
  }, 60_000);

  it('through POST /api/datasets with a write key, and back through the API', async () => {
    const store = await Neo4jStore.connect({ uri: uri() });
    try {
      const keys = [{ name: 'loader', scope: 'write' as const, key: 'wk-Injection-7Hq2Zx9' }];
      const app = createApp(store, configWith({ apiKeys: keys }));
      const dataset = hostileDataset('api');
      const before = await graphCounts();
      const loaded = await request(app).post('/api/datasets').set('Authorization', `Bearer ${keys[0]!.key}`).send(dataset);
      expect(loaded.status, JSON.stringify(loaded.body)).toBe(201);
      await expectStoredVerbatim(dataset);
      await expectNothingElseRan(before, dataset);

      for (const row of dataset.entities) {
        const answer = await request(app).get(`/api/entities/${row.id}`).set('Authorization', `Bearer ${keys[0]!.key}`);
        expect(answer.status).toBe(200);
        expect(answer.body.entity).toMatchObject({ name: row.name, aliases: row.aliases, address: row.address, source: row.source });
      }
      const search = await request(app).get('/api/entities').query({ q: 'DETACH DELETE' }).set('Authorization', `Bearer ${keys[0]!.key}`);
      expect(search.status).toBe(200);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('hostile kinds, types and ids are refused before anything is written', async () => {
    const store = await Neo4jStore.connect({ uri: uri() });
    try {
      const app = createApp(store, configWith());
      const before = await graphCounts();
      for (const body of [
        { entities: [{ id: 'ok', name: 'Ok', kind: 'company`) DETACH DELETE n //' }] },
        { entities: [{ id: "x'}) DETACH DELETE n //", name: 'X', kind: 'company' }] },
        { entities: [{ id: 'a', name: 'A', kind: 'company' }, { id: 'b', name: 'B', kind: 'company' }], relationships: [{ source: 'a', target: 'b', type: 'SUPPLIES]->() DETACH DELETE n //' }] },
      ]) {
        const refused = await request(app).post('/api/datasets').send(body);
        expect(refused.status).toBe(400);
      }
      expect(await graphCounts()).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
