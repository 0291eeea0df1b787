// /api/connections on the Neo4j store (a real server): the same chains as on the embedded store.
import request from 'supertest';
import { expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { configWith, shippedStore } from './api-support.ts';

describeNeo4j('GET /api/connections on the Neo4j store', () => {
  withNeo4jDatabase();

  it('answers every connection, bad input and bound as the embedded store does', async () => {
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    try {
      await store.load(readDatasets(shippedCases().map((shipped) => shipped.directory)));
      const onNeo4j = createApp(store, configWith());
      const inMemory = createApp(await shippedStore(), configWith());
      const questions = [
        { from: 'bluecoat', to: 'ste-syria' },
        { from: 'ste-syria', to: 'bluecoat', types: 'SUPPLIES', asOf: '2011-06-30' },
        { from: 'bluecoat', to: 'ste-syria', maxHops: '1' },
        { from: 'bluecoat', to: 'ste-syria', types: 'OWNS' },
        { from: 'bluecoat', to: 'ste-syria', types: 'NOPE' },
        { from: 'bluecoat', to: 'no-such-entity' },
      ];
      const statuses: number[] = [];
      for (const query of questions) {
        const [neo4jAnswer, memoryAnswer] = await Promise.all([request(onNeo4j).get('/api/connections').query(query), request(inMemory).get('/api/connections').query(query)]);
        statuses.push(neo4jAnswer.status);
        expect(neo4jAnswer.status, JSON.stringify(query)).toBe(memoryAnswer.status);
        const { dataAsOf: _a, dataVersion: _b, ...neo4jBody } = neo4jAnswer.body;
        const { dataAsOf: _c, dataVersion: _d, ...memoryBody } = memoryAnswer.body;
        expect(neo4jBody, JSON.stringify(query)).toEqual(memoryBody);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 400, 404]);
      const found = await request(onNeo4j).get('/api/connections').query(questions[0]!);
      expect(found.body.found).toBe(true);
      expect(found.body.relationships).toHaveLength(found.body.hops);
    } finally {
      await store.close();
    }
  });
});
