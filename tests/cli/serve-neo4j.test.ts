// `enduse serve --backend neo4j` end to end: a real server process over the test Neo4j serves what
// the database holds, and picks up an `enduse load` from another process by the change marker.
import type { ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';
import { freePort, startServe } from '../support/serve-process.ts';

describeNeo4j('enduse serve --backend neo4j', () => {
  withNeo4jDatabase();
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
  });

  it('serves what Neo4j holds and picks up an enduse load from another process', async () => {
    const neo4j = ['--backend', 'neo4j', '--neo4j-uri', neo4jTestUri()!];
    expect((await runCliCaptured(['load', '--data', 'data/cases/blue-coat-syria', ...neo4j])).code).toBe(0);
    const port = await freePort();
    child = (await startServe([...neo4j, '--port', String(port), '--change-poll', '1'], 90_000)).child;
    const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).json();

    const before = await get('/api/health');
    expect(before).toMatchObject({ status: 'ok', backend: 'neo4j', dataVersion: 1, projection: { status: 'current' } });
    expect((await get('/api/cases')).cases.map((shipped: { id: string }) => shipped.id)).toEqual(['blue-coat-syria']);
    expect((await get('/api/entities/bluecoat/routes?asOf=2011-06-30')).routes.length).toBeGreaterThan(0);

    expect((await runCliCaptured(['load', '--data', 'data/cases/qosmos-area-syria', ...neo4j])).code).toBe(0);
    const until = Date.now() + 60_000;
    let after = await get('/api/health');
    while (after.dataVersion === before.dataVersion && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await get('/api/health');
    }
    expect(after.dataVersion).toBe(2);
    expect(after.entities).toBeGreaterThan(before.entities);
    expect((await get('/api/entities/qosmos')).entity.id).toBe('qosmos');
  }, 180_000);
});
