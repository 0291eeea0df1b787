// The GraphStore contract on the Neo4j store (a real server), and what only the Neo4j store does:
// labels and types from the schema, the schema file, created-versus-present counts, interrupted loads.
import { expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';
import { graphStoreContract } from './graph-store.case.ts';

const connect = () => Neo4jStore.connect({ uri: neo4jTestUri()! });

describeNeo4j('Neo4jStore (GraphStore contract)', () => {
  withNeo4jDatabase();
  graphStoreContract(connect, {
    'leaves the store as it was when a load fails':
      'Neo4j loads commit batch by batch (a million rows are not one transaction); a failed load keeps whole batches and a rerun completes it: see "interrupted load" in neo4j-load.test.ts',
  });
});

describeNeo4j('Neo4jStore connection', () => {
  withNeo4jDatabase();

  it('answers an unreachable server with StoreUnavailableError', async () => {
    await expect(Neo4jStore.connect({ uri: 'bolt://127.0.0.1:1' })).rejects.toThrow(StoreUnavailableError);
  });

  it('applies cypher/schema.cypher on every connect without failing the second time', async () => {
    await (await connect()).close();
    const store = await connect();
    try {
      const { records } = await store.driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
      expect(records[0]?.get('names')).toEqual(expect.arrayContaining(['entity_id', 'list_code', 'jurisdiction_flag_id', 'supplies_id', 'front_for_id', 'owns_id', 'controls_id', 'listed_on_id']));
    } finally {
      await store.close();
    }
  });

  it('stores plain entities and relationships a Neo4j user can query', async () => {
    const store = await connect();
    try {
      await store.load(buildDataset({ entities: [entity('a', { kind: 'freight_forwarder' }), entity('b')], relationships: [supplies('a', 'b', { product: 'dpi' })] }));
      const { records } = await store.driver.executeQuery('MATCH (a:Entity)-[r]->(b:Entity) RETURN labels(a) AS labels, type(r) AS type, r.product AS product, b.id AS target');
      expect(records.map((record) => record.toObject())).toEqual([{ labels: ['Entity', 'FreightForwarder'], type: 'SUPPLIES', product: 'dpi', target: 'b' }]);
    } finally {
      await store.close();
    }
  });
});
