// Benchmark: the HTTP API under load. A real `enduse serve` (child process, embedded store) on a
// generated 100k-entity dataset, on 127.0.0.1 only; autocannon sends route and exposure queries
// from 50 concurrent connections for 30 s. Reports p50/p99 latency, requests per second, status
// counts and errors, the server's peak memory; then a second run at a low rate limit, where the
// only non-2xx answers must be the intended 429s. Writes bench/results/api-load.json.
// Run: npm run bench:api-load   (part of npm run bench)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parse } from 'csv-parse/sync';
import { generateDataset } from '../src/generate/generate-dataset.ts';
import { readReference } from '../src/load/load-datasets.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTITIES = 100_000;
const CONNECTIONS = 50;
const DURATION_S = 30;
const RATE_LIMITED_DURATION_S = 10;
/** Requests per minute in the second run: low enough that most requests of the run are refused. */
const LOW_RATE_LIMIT = 10;
const AS_OF = '2024-06-30';
const KEY = randomBytes(24).toString('base64url');

function log(text: string): void {
  process.stderr.write(`api-load: ${text}\n`);
}

/** The seeded dataset the scale benchmark uses too (same folder, reused when present). */
async function dataset(): Promise<string> {
  const folder = join(tmpdir(), 'enduse-bench', `e${ENTITIES}-r${ENTITIES * 5}-s1`);
  if (!existsSync(join(folder, '.complete'))) {
    const started = performance.now();
    await generateDataset(folder, { entities: ENTITIES, relationships: ENTITIES * 5, seed: 1, listCodes: [...readReference().lists.keys()] });
    writeFileSync(join(folder, '.complete'), '');
    log(`generated ${ENTITIES} entities in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return folder;
}

/**
 * The intermediaries an investigator asks about: resellers, integrators, freight forwarders and
 * front companies (fixed positions in the file, so every run asks the same). Their goods reach
 * from a few dozen to some 20,000 entities within 6 hops.
 */
const INTERMEDIARY_KINDS = ['reseller', 'integrator', 'freight_forwarder', 'front_company'];
function intermediaries(folder: string): string[] {
  const entities = parse(readFileSync(join(folder, 'entities.csv')), { columns: true }) as { id: string; kind: string }[];
  return INTERMEDIARY_KINDS.flatMap((kind) => entities.filter((row) => row.kind === kind).filter((_, index) => [10, 40, 70, 100, 130].includes(index)).map((row) => row.id));
}

/** The busiest manufacturer and distributor: their goods reach most of the graph (2,000+ flagged routes). */
function busiest(folder: string): string[] {
  const relationships = parse(readFileSync(join(folder, 'relationships.csv')), { columns: true }) as { source: string; type: string }[];
  const outDegree = new Map<string, number>();
  for (const row of relationships) if (row.type === 'SUPPLIES') outDegree.set(row.source, (outDegree.get(row.source) ?? 0) + 1);
  const ranked = [...outDegree].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  return [ranked.find((id) => id.startsWith('mfr-'))!, ranked.find((id) => id.startsWith('dst-'))!];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

interface Served {
  child: ChildProcess;
  url: string;
  startMs: number;
  logLines: () => number;
}

/** `enduse serve` on 127.0.0.1 with one read key, request logs at info (counted, not kept). */
async function serve(folder: string, rateLimit: number | undefined): Promise<Served> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/enduse.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--data', folder], {
    cwd: root,
    env: { ...process.env, ENDUSE_API_KEYS: `bench:read:${KEY}`, LOG_LEVEL: 'info', ...(rateLimit === undefined ? {} : { ENDUSE_RATE_LIMIT: String(rateLimit) }), ENDUSE_AUDIT_LOG: join(tmpdir(), 'enduse-bench', 'audit.jsonl'), ENDUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'enduse-bench-data-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lines = 0;
  let tail = '';
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      lines += text.split('\n').length - 1;
      tail = (tail + text).slice(-2000);
      if (tail.includes('dashboard: ')) done();
    });
    child.stderr!.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000)));
    child.once('exit', (code) => fail(new Error(`enduse serve exited (${code}): ${tail}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, startMs: performance.now() - started, logLines: () => lines };
}

/** Peak resident memory of a process (Linux), in MiB. */
function peakMemoryMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function stop(served: Served): Promise<void> {
  const exited = new Promise((done) => served.child.once('exit', done));
  served.child.kill('SIGTERM');
  await exited;
}

interface LoadFigures {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  /** What the errors were (error code or message → count). */
  errorKinds: Record<string, number>;
  timeouts: number;
}

async function hammer(url: string, paths: string[], durationS: number): Promise<LoadFigures> {
  const errorKinds: Record<string, number> = {};
  // Called without a callback, autocannon returns its instance, an event emitter that is also a
  // promise of the result; @types/autocannon declares only the promise.
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: durationS,
    timeout: 60,
    headers: { authorization: `Bearer ${KEY}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
  }) as unknown as Promise<autocannon.Result> & EventEmitter;
  instance.on('reqError', (error: Error & { code?: string }) => {
    const kind = error.code ?? error.message;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  });
  const result = await instance;
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]));
  return {
    connections: CONNECTIONS,
    durationS,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statuses,
    errors: result.errors,
    errorKinds,
    timeouts: result.timeouts,
  };
}

function describe(name: string, figures: LoadFigures): string {
  const statuses = Object.entries(figures.statuses).map(([code, count]) => `${code}: ${count}`).join(', ');
  return `${name}: ${figures.requests} requests in ${figures.durationS} s at ${figures.connections} connections, ${figures.requestsPerSecond} req/s, latency p50 ${figures.latencyMs.p50} ms, p90 ${figures.latencyMs.p90} ms, p99 ${figures.latencyMs.p99} ms, max ${figures.latencyMs.max} ms; statuses ${statuses}; errors ${figures.errors} ${JSON.stringify(figures.errorKinds)}, timeouts ${figures.timeouts}`;
}

const folder = await dataset();
const sources = intermediaries(folder);
const queries = (id: string) => [`/api/entities/${id}/routes?asOf=${AS_OF}&maxHops=6&k=1`, `/api/entities/${id}/exposure?asOf=${AS_OF}&maxHops=6`];
const paths = sources.flatMap(queries);

// 1. Throughput: a rate limit far above what the server can answer, so every request does its work.
let served = await serve(folder, 100_000_000);
const serverStartS = Math.round(served.startMs / 100) / 10;
log(`server up with ${ENTITIES} entities in ${(served.startMs / 1000).toFixed(1)} s`);
const timed = async (path: string) => {
  const started = performance.now();
  const response = await fetch(`${served.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  const body = (await response.json()) as { routes?: unknown[]; flagged?: unknown[]; reachable?: { entities: number }; truncated?: boolean };
  return { path, status: response.status, ms: Math.round(performance.now() - started), routes: body.routes?.length ?? body.flagged?.length, reached: body.reachable?.entities, truncated: body.truncated };
};
// Warm (flags at the date are computed once per view), then the whole-graph questions one at a time.
for (const path of paths) await timed(path);
const heavy: Awaited<ReturnType<typeof timed>>[] = [];
for (const path of busiest(folder).flatMap(queries)) heavy.push(await timed(path));
for (const answer of heavy) log(`one at a time: ${answer.path} → ${answer.status} in ${answer.ms} ms (${answer.routes} flagged routes${answer.reached === undefined ? '' : `, ${answer.reached} entities reached`}${answer.truncated ? ', truncated' : ''})`);
const throughput = await hammer(served.url, paths, DURATION_S);
const throughputMemory = peakMemoryMiB(served.child.pid!);
const requestLogLines = served.logLines();
await stop(served);
log(describe('routes + exposure', throughput));

// 2. A low rate limit: past it the answers are 429, and nothing else goes wrong.
served = await serve(folder, LOW_RATE_LIMIT);
const limited = await hammer(served.url, paths, RATE_LIMITED_DURATION_S);
await stop(served);
log(describe(`at a rate limit of ${LOW_RATE_LIMIT} per minute`, limited));

const unexpected = (figures: LoadFigures, allowed: string[]) => Object.entries(figures.statuses).filter(([code]) => !code.startsWith('2') && !allowed.includes(code));
const results = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  dataset: { entities: ENTITIES, relationships: ENTITIES * 5, folder },
  serverStartS,
  queries: { sources, kinds: INTERMEDIARY_KINDS, paths: paths.length, asked: ['routes (maxHops 6, k 1)', 'exposure (maxHops 6)'] },
  wholeGraphQueriesOneAtATime: heavy,
  throughput: { ...throughput, serverPeakMemoryMiB: throughputMemory, requestLogLines },
  rateLimited: { requestsPerMinute: LOW_RATE_LIMIT, ...limited },
  ok: throughput.errors === 0 && throughput.timeouts === 0 && unexpected(throughput, []).length === 0 && limited.errors === 0 && unexpected(limited, ['429']).length === 0,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'api-load.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
if (!results.ok) {
  log(`FAILED: errors or unexpected statuses (${JSON.stringify(unexpected(throughput, []))}, ${JSON.stringify(unexpected(limited, ['429']))})`);
  process.exitCode = 1;
}
