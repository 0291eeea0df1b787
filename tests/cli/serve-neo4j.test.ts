// `enduse serve --backend neo4j` end to end: a real server process over the test Neo4j serves what
// the database holds, and picks up an `enduse load` from another process by the change marker.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCliCaptured } from '../support/capture-output.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';

const REPO = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
    child = spawn(process.execPath, [join(REPO, 'bin', 'enduse.js'), 'serve', ...neo4j, '--port', String(port), '--change-poll', '1'], {
      cwd: REPO,
      env: { ...process.env, ENDUSE_API_KEYS: '', LOG_LEVEL: 'warn', ENDUSE_AUDIT_LOG: join(mkdtempSync(join(tmpdir(), 'enduse-audit-')), 'audit.jsonl') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`enduse serve did not start: ${output}`)), 90_000);
      child!.stdout!.on('data', () => output.includes('dashboard: ') && (clearTimeout(timer), resolve()));
      child!.once('exit', () => reject(new Error(`enduse serve exited: ${output}`)));
    });
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
