// `enduse serve --data FILE.enduse` serves what `serve --data FOLDER` serves: the same answers
// over HTTP, the snapshot taken into the store as it was written.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { runCliCaptured } from '../support/capture-output.ts';
import { freePort, startServe, type ServeProcess } from '../support/serve-process.ts';

const shipped = shippedCases()[0]!;
const workDir = mkdtempSync(join(tmpdir(), 'enduse-serve-snapshot-'));
const snapshot = join(workDir, `${shipped.id}.enduse`);
const servers: { url: string; process: ServeProcess }[] = [];

async function serve(data: string, dataDir: string): Promise<{ url: string; process: ServeProcess }> {
  const port = await freePort();
  // Each server keeps its dataset versions in a folder of its own.
  process.env.ENDUSE_DATA_DIR = join(workDir, dataDir);
  const started = await startServe(['--port', String(port), '--data', data]);
  const server = { url: `http://127.0.0.1:${port}`, process: started };
  servers.push(server);
  return server;
}

beforeAll(async () => {
  expect((await runCliCaptured(['index', '--data', shipped.directory, '--out', snapshot])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  for (const server of servers) {
    server.process.child.kill('SIGTERM');
    await server.process.exited;
  }
  delete process.env.ENDUSE_DATA_DIR;
});

describe('serve --data FILE.enduse', () => {
  it('answers as serve --data FOLDER does', async () => {
    const [fromFiles, fromSnapshot] = [await serve(shipped.directory, 'files'), await serve(snapshot, 'snapshot')];
    const source = encodeURIComponent(shipped.sources[0]!);
    for (const path of [`/api/flags?asOf=${shipped.asOf}`, `/api/entities/${source}/routes?asOf=${shipped.asOf}`, `/api/entities/${source}/exposure?asOf=${shipped.asOf}`, `/api/entities/${source}?asOf=${shipped.asOf}`, '/api/entities?limit=50']) {
      const [expected, actual] = await Promise.all([fromFiles, fromSnapshot].map(async (server) => {
        const response = await fetch(`${server.url}${path}`);
        // When each server built its projection differs; nothing else may.
        const { dataAsOf: _when, ...body } = (await response.json()) as Record<string, unknown>;
        return { status: response.status, body };
      }));
      expect({ path, ...actual }).toEqual({ path, ...expected });
    }
    const versions = (await (await fetch(`${fromSnapshot.url}/api/datasets`)).json()) as { versions?: { counts: unknown }[] } | { counts: unknown }[];
    const listed = Array.isArray(versions) ? versions : (versions.versions ?? []);
    expect(listed[0]?.counts).toMatchObject({ entities: expect.any(Number) });
  }, 180_000);

  it('refuses a damaged snapshot before listening', async () => {
    const result = await runCliCaptured(['serve', '--port', String(await freePort()), '--data', join(workDir, 'missing.enduse')]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
  });
});
