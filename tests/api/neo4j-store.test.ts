// The same API on the Neo4j store (a real server): the Blue Coat answers match the embedded store's.
import request from 'supertest';
import { expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { configWith, shippedStore } from './api-support.ts';

describeNeo4j('HTTP API on the Neo4j store', () => {
  withNeo4jDatabase();

  it('answers routes, exposure and entities as the embedded store does', async () => {
    const store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
    try {
      await store.load(readDatasets(shippedCases().map((shipped) => shipped.directory)));
      const onNeo4j = createApp(store, configWith());
      const inMemory = createApp(await shippedStore(), configWith());
      for (const path of ['/api/entities/bluecoat/routes?asOf=2011-06-30&k=3', '/api/entities/bluecoat/exposure?asOf=2011-06-30', '/api/entities/ste-syria?asOf=2011-06-30']) {
        const [neo4jAnswer, memoryAnswer] = await Promise.all([request(onNeo4j).get(path), request(inMemory).get(path)]);
        expect(neo4jAnswer.status).toBe(200);
        // Each answer says when its data was read; the rest must be the same.
        expect(neo4jAnswer.body.dataAsOf).toEqual(expect.any(String));
        expect(withSortedJurisdictionFlags(withoutDataVersion(neo4jAnswer.body))).toEqual(withSortedJurisdictionFlags(withoutDataVersion(memoryAnswer.body)));
      }
      const health = await request(onNeo4j).get('/api/health');
      expect(health.body.backend).toBe('neo4j');
    } finally {
      await store.close();
    }
  });
});

function withoutDataVersion(body: Record<string, unknown>): Record<string, unknown> {
  const { dataAsOf: _dataAsOf, dataVersion: _dataVersion, ...rest } = body;
  return rest;
}

/**
 * computeExposure lists a jurisdiction's flags in the order the store yields them, which differs
 * between stores; the set is what must agree.
 */
function withSortedJurisdictionFlags(body: { byJurisdiction?: { flags: { flag: string; from?: string }[] }[] }): unknown {
  if (!body.byJurisdiction) return body;
  const key = (flag: { flag: string; from?: string }) => `${flag.flag} ${flag.from ?? ''}`;
  return { ...body, byJurisdiction: body.byJurisdiction.map((entry) => ({ ...entry, flags: [...entry.flags].sort((a, b) => key(a).localeCompare(key(b))) })) };
}
