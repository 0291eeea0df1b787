// Heavy questions in worker threads, tested on real `enduse serve` processes over a generated
// graph: a slow question does not delay /api/health; a client that disconnects has its
// question cancelled in the worker (the one worker is free again at once, and the log says
// the work stopped); a caller past its cap gets 429 with Retry-After; a repeated question comes
// from the cache until a load.
import { withoutDataStamp } from '../support/data-stamp.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readReference } from '../../src/load/load-datasets.ts';
import { freePort } from '../support/free-port.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const AS_OF = '2024-06-30';
const READ_KEY = randomBytes(18).toString('base64url');
const OTHER_KEY = randomBytes(18).toString('base64url');
const WRITE_KEY = randomBytes(18).toString('base64url');
const KEYS = `analyst:read:${READ_KEY},other:read:${OTHER_KEY},loader:write:${WRITE_KEY}`;

interface Served {
  url: string;
  child: ChildProcess;
  /** Request-log lines so far (pino JSON). */
  logLines(): string[];
}

const running: ChildProcess[] = [];

async function serve(folder: string, env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/enduse.js'), 'serve', '--port', String(await freePort()), '--data', folder], {
    cwd: ROOT,
    env: { ...process.env, ENDUSE_API_KEYS: KEYS, LOG_LEVEL: 'info', ENDUSE_AUDIT_LOG: join(mkdtempSync(join(tmpdir(), 'enduse-audit-')), 'audit.jsonl'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /dashboard: (http:\/\/\S+)\//.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`enduse serve exited (${code}): ${errors}`)));
  });
  return { url, child, logLines: () => output.split('\n') };
}

function get(served: Served, path: string, key = READ_KEY, signal?: AbortSignal): Promise<Response> {
  return fetch(`${served.url}${path}`, { headers: { authorization: `Bearer ${key}` }, ...(signal ? { signal } : {}) });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

let folder: string;
/** A question that runs for many seconds: ten alternatives per target, 12 hops, from the busiest manufacturer. */
let slowPath: string;
/** A question answered in milliseconds: the routes of a small reseller. */
let quickPath: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'enduse-pool-'));
  // 30k entities: since Yen's spur searches share the hub's first layer (issue 17), the slow question
  // below takes about half a second at 10k, too short to be cancelled while it runs; at 30k, ~9 s.
  await generateDataset(folder, { entities: 30_000, relationships: 150_000, seed: 1, listCodes: [...readReference().lists.keys()] });
  const relationships = parse(readFileSync(join(folder, 'relationships.csv')), { columns: true }) as { source: string; type: string }[];
  const outDegree = new Map<string, number>();
  for (const row of relationships) if (row.type === 'SUPPLIES') outDegree.set(row.source, (outDegree.get(row.source) ?? 0) + 1);
  const busiest = [...outDegree].sort((a, b) => b[1] - a[1])[0]![0];
  const small = [...outDegree].find(([id, degree]) => id.startsWith('rsl-') && degree <= 2)![0];
  slowPath = `/api/entities/${busiest}/routes?asOf=${AS_OF}&maxHops=12&k=10`;
  quickPath = `/api/entities/${small}/routes?asOf=${AS_OF}&maxHops=3`;
}, 120_000);

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGTERM');
});

/** Asks the slow question and gives it half a second to reach the worker; `abandon` closes its connection, as a client that gives up. */
async function startSlowQuestion(served: Served): Promise<{ settled(): boolean; abandon(): Promise<void> }> {
  const client = new AbortController();
  let settled = false;
  const answered = get(served, slowPath, READ_KEY, client.signal).then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    settled: () => settled,
    abandon: async () => {
      client.abort();
      await answered;
    },
  };
}

describe('heavy questions in worker threads (real server processes)', () => {
  it('a slow question neither delays /api/health nor, once its client has gone, the next question: the worker stops its search', async () => {
    // One worker, and a minute of budget: uncancelled, the slow question would hold it for ~9 s.
    const served = await serve(folder, { ENDUSE_WORKERS: '1', ENDUSE_TIME_BUDGET_MS: '60000' });
    const slow = await startSlowQuestion(served);
    const health: number[] = [];
    for (let probe = 0; probe < 10; probe++) {
      const { value, ms } = await timed(() => get(served, '/api/health'));
      expect(value.status).toBe(200);
      health.push(ms);
    }
    // Health answered every time while the slow question still ran.
    expect(slow.settled()).toBe(false);
    expect(Math.max(...health)).toBeLessThan(1000);

    await slow.abandon();
    // The single worker is free again: a quick question does not wait ~9 s behind the abandoned one.
    const quick = await timed(() => get(served, quickPath));
    expect(quick.value.status).toBe(200);
    expect(quick.ms).toBeLessThan(5000);
    // And the server log says the worker stopped that search early.
    await expect.poll(() => served.logLines().filter((line) => line.includes('"question cancelled"')).length, { timeout: 5000 }).toBe(1);
    const cancelled = JSON.parse(served.logLines().find((line) => line.includes('"question cancelled"'))!) as { why: string; workerMs: number; outcome: string };
    expect(cancelled).toMatchObject({ why: 'client gone', outcome: 'cancelled' });
    expect(cancelled.workerMs).toBeLessThan(5000);
  }, 120_000);

  it('builds the search index in a worker at start: a search is answered while the only worker is busy', async () => {
    const served = await serve(folder, { ENDUSE_WORKERS: '1', ENDUSE_TIME_BUDGET_MS: '60000' });
    await expect.poll(() => served.logLines().some((line) => line.includes('"search index built in a worker"')), { timeout: 30_000 }).toBe(true);
    const built = JSON.parse(served.logLines().find((line) => line.includes('"search index built in a worker"'))!) as { words: number; workerMs: number };
    expect(built.words).toBeGreaterThan(1000);
    // The one worker is now held by a question of many seconds; the search needs none.
    const slow = await startSlowQuestion(served);
    const search = await get(served, '/api/entities?q=mfr-1');
    expect(search.status).toBe(200);
    const answer = (await search.json()) as { hits: { entity: { id: string } }[] };
    expect(answer.hits.length).toBeGreaterThan(0);
    expect(slow.settled()).toBe(false);
    await slow.abandon();
  }, 120_000);

  it('caps heavy questions in flight per key: 429 with Retry-After beyond, while another key is served', async () => {
    const served = await serve(folder, { ENDUSE_WORKERS: '1', ENDUSE_HEAVY_PER_CALLER: '1', ENDUSE_TIME_BUDGET_MS: '60000' });
    const slow = await startSlowQuestion(served);
    const refused = await get(served, quickPath);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // Cheap requests of the same key are not capped.
    expect((await get(served, '/api/health')).status).toBe(200);
    await slow.abandon();
    // Another key is under its own cap; the first key is free again once its question is cancelled.
    expect((await get(served, quickPath, OTHER_KEY)).status).toBe(200);
    await expect.poll(async () => (await get(served, quickPath.replace('maxHops=3', 'maxHops=4'))).status, { timeout: 5000 }).toBe(200);
  }, 120_000);

  it('answers a repeated question from the cache, and from the new data after a load', async () => {
    const served = await serve(folder, { ENDUSE_WORKERS: '2' });
    const first = await get(served, quickPath);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-answer-cache')).toBe('miss');
    const body = await first.text();
    const again = await get(served, quickPath);
    expect(again.headers.get('x-answer-cache')).toBe('hit');
    expect(await again.text()).toBe(body);

    const upload = await fetch(`${served.url}/api/datasets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entities: [{ id: 'pool-test-new', name: 'A company loaded later', kind: 'company', country: 'CH' }] }),
    });
    expect(upload.status).toBe(201);
    const afterLoad = await get(served, quickPath);
    expect(afterLoad.headers.get('x-answer-cache')).toBe('miss');
    // The same answer, from the new data version (its stamp moved on).
    expect(withoutDataStamp(await afterLoad.text())).toBe(withoutDataStamp(body));
    expect((await get(served, quickPath)).headers.get('x-answer-cache')).toBe('hit');
    // The workers answer on the new data: the loaded entity is there.
    const exposure = await get(served, '/api/entities/pool-test-new/exposure');
    expect(exposure.status).toBe(200);
    expect(((await exposure.json()) as { reachable: { entities: number } }).reachable.entities).toBe(0);
  }, 120_000);
});
