// Smoke test: the run's Neo4j answers Bolt queries and is a 5.x server.
import { expect, it } from 'vitest';
import { describeNeo4j, withNeo4jDatabase } from '../support/neo4j.ts';

describeNeo4j('Neo4j test server', () => {
  const database = withNeo4jDatabase();

  it('answers a query over Bolt', async () => {
    const { records } = await database.driver.executeQuery('RETURN 1 AS one');
    expect(records.map((record) => record.get('one').toNumber())).toEqual([1]);
  });

  it('is Neo4j 5', async () => {
    const { records } = await database.driver.executeQuery(
      "CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version",
    );
    expect(records).toHaveLength(1);
    expect(records[0]?.get('version')).toMatch(/^5\.\d+\.\d+/);
  });

  it('sees only the nodes it created', async () => {
    await database.driver.executeQuery('CREATE (:Leftover)');
    const { records } = await database.driver.executeQuery('MATCH (n) RETURN count(n) AS nodes');
    expect(records[0]?.get('nodes').toNumber()).toBe(1);
  });

  it('sees nothing left over by the previous test', async () => {
    const { records } = await database.driver.executeQuery('MATCH (n) RETURN count(n) AS nodes');
    expect(records[0]?.get('nodes').toNumber()).toBe(0);
  });
});
