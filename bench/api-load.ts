// Benchmark: the HTTP API under load, before and after the question pool (issue 14). A real
// `enduse serve` (child process, embedded store) on a generated 100k-entity dataset, on
// 127.0.0.1 only. Each mode gets the same load: 50 connections (ten API keys, five each, as ten
// analysts' dashboards) asking route and exposure questions from hundreds of sources for 30 s,
// while a separate thread probes /api/health and one repeated question. "before" answers heavy
// questions inline on the request thread without a cache (ENDUSE_WORKERS=0,
// ENDUSE_ANSWER_CACHE_MB=0: the old behaviour); "after" is the default (a worker per core, cache
// on). Then a run at a low rate limit, where the only non-2xx answers must be the intended 429s.
// Writes bench/results/api-load.json.
// Run: npm run bench:api-load   (part of npm run bench)
// Diagnosing a latency tail: API_LOAD_NODE_ARGS="--trace-gc" passes flags to the server's node,
// API_LOAD_SERVER_LOG=FILE appends the server's standard output there, API_LOAD_ONLY_AFTER=1
// measures the current behaviour twice instead of before and after, API_LOAD_DURATION_S=N loads
// each mode for N seconds instead of 30, API_LOAD_PROBE_LOG=FILE writes every probe (when sent, how long
// the client waited, the server's own time and when the server logged it) as JSON lines there.
// Every run also reports, on Linux, how long the server's request thread, its workers and the
// probe ran and how long they were ready but waited for a core during each load (thread-cpu.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { generateDataset } from '../src/generate/generate-dataset.ts';
import { readReference } from '../src/load/load-datasets.ts';
import { hammerFromChild, latencies, type LoadFigures } from './api-load-clients.ts';
import { describeStolenTime, stolenTimeSince } from './stolen-time.ts';
import { describeRanAndWaited, nicenessOf, serverThreadCpuSince, servingProcess, type Counted, type RanAndWaited } from './thread-cpu.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTITIES = 100_000;
const CONNECTIONS = 50;
/** Callers (API keys) the connections are spread over: the per-caller cap is 8 by default. */
const CALLERS = 10;
/** Seconds of load per mode (API_LOAD_DURATION_S shortens it while diagnosing; the targets are for 30). */
const DURATION_S = Number(process.env.API_LOAD_DURATION_S ?? 30);
const RATE_LIMITED_DURATION_S = 10;
/** Requests per minute in the rate-limited run: low enough that most requests of the run are refused. */
const LOW_RATE_LIMIT = 10;
/** The time budget of a request (the server's default): heavy answers must come within it. */
const DEADLINE_MS = 10_000;
/** Pause between two probes of health or of the repeated question. */
const PROBE_EVERY_MS = 50;
const AS_OF = '2024-06-30';
const KEYS = Array.from({ length: CALLERS + 1 }, () => randomBytes(24).toString('base64url'));
const PROBE_KEY = KEYS[CALLERS]!;
/** Nice levels the load generator runs below this process (API_LOAD_CLIENTS_NICENESS; see bench/api-load-clients.ts). */
const CLIENTS_NICENESS = Number(process.env.API_LOAD_CLIENTS_NICENESS ?? 0);
if (!Number.isInteger(CLIENTS_NICENESS) || CLIENTS_NICENESS < 0 || CLIENTS_NICENESS > 19) {
  process.stderr.write(`api-load: API_LOAD_CLIENTS_NICENESS is '${process.env.API_LOAD_CLIENTS_NICENESS}'; give a whole number of nice levels from 0 to 19\n`);
  process.exit(2);
}

/**
 * Where API_LOAD_PROBE_LOG asks the probes to go: checked before the run (a folder that is not
 * there, or a file that cannot be written, would otherwise fail only after the loads).
 */
const PROBE_LOG = process.env.API_LOAD_PROBE_LOG;
if (PROBE_LOG !== undefined) {
  try {
    if (PROBE_LOG.trim() === '') throw new Error('it is empty');
    appendFileSync(PROBE_LOG, '');
  } catch (error) {
    process.stderr.write(`api-load: API_LOAD_PROBE_LOG is '${PROBE_LOG}' and cannot be written (${error instanceof Error ? error.message : String(error)}); give a file in an existing folder\n`);
    process.exit(2);
  }
}

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
 * The sources an investigator asks about: resellers, integrators, freight forwarders and front
 * companies (every 25th of each kind in file order, so every run asks the same). Their goods
 * reach from a few to some 20,000 entities within 6 hops.
 */
const INTERMEDIARY_KINDS = ['reseller', 'integrator', 'freight_forwarder', 'front_company'];
function intermediaries(folder: string): string[] {
  const entities = parse(readFileSync(join(folder, 'entities.csv')), { columns: true }) as { id: string; kind: string }[];
  return INTERMEDIARY_KINDS.flatMap((kind) => entities.filter((row) => row.kind === kind).filter((_, index) => index % 25 === 10).map((row) => row.id));
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
  /** The server's responseTime (ms) of each probe request, by request id, from its request log. */
  probeTimes: Map<string, number>;
  /** When the server logged each probe request (epoch ms, its log's `time`: the response's end). */
  probeLoggedAt: Map<string, number>;
}

/**
 * `enduse serve` on a free port; tried again on another port when something else took the one
 * picked between the pick and the listen (the machine may be running other servers).
 */
/** Servers this run started and that have not exited: stopped when the run ends, even by an error. */
const liveServers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveServers) child.kill('SIGTERM');
});

async function serve(folder: string, env: Record<string, string>): Promise<Served> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await serveOnce(folder, env);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
      log('the port was taken before the server listened; trying another');
    }
  }
}

/** `enduse serve` on 127.0.0.1 with the read keys, request logs at info (counted, not kept). */
async function serveOnce(folder: string, env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...(process.env.API_LOAD_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'bin/enduse.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--data', folder], {
    cwd: root,
    env: { ...process.env, ENDUSE_API_KEYS: KEYS.map((key, index) => `caller${index}:read:${key}`).join(','), LOG_LEVEL: 'info', ENDUSE_AUDIT_LOG: join(tmpdir(), 'enduse-bench', 'audit.jsonl'), ENDUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'enduse-bench-data-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveServers.add(child);
  child.once('exit', () => liveServers.delete(child));
  let lines = 0;
  let tail = '';
  let partial = '';
  const probeTimes = new Map<string, number>();
  const probeLoggedAt = new Map<string, number>();
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (process.env.API_LOAD_SERVER_LOG) appendFileSync(process.env.API_LOAD_SERVER_LOG, text);
      lines += text.split('\n').length - 1;
      const whole = (partial + text).split('\n');
      partial = whole.pop()!;
      for (const line of whole) {
        if (!line.includes('"probe-')) continue;
        // A request log line, unless node's own tracing (API_LOAD_NODE_ARGS="--trace-gc…") wrote into the middle of it.
        const json = line.slice(line.indexOf('{'));
        let entry: { req?: { id?: string }; responseTime?: number; time?: number };
        try {
          entry = JSON.parse(json) as typeof entry;
        } catch {
          continue;
        }
        if (entry.req?.id?.startsWith('probe-') && entry.responseTime !== undefined) {
          probeTimes.set(entry.req.id, entry.responseTime);
          if (entry.time !== undefined) probeLoggedAt.set(entry.req.id, entry.time);
        }
      }
      tail = (tail + text).slice(-2000);
      if (tail.includes('dashboard: ')) done();
    });
    child.stderr!.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000)));
    child.once('exit', (code) => fail(new Error(`enduse serve exited (${code}): ${tail}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, startMs: performance.now() - started, logLines: () => lines, probeTimes, probeLoggedAt };
}

/**
 * Peak resident memory (Linux), in MiB, of the largest of a process and its descendants: `enduse
 * serve` serves from a second node it starts (serve-young-generation.ts).
 */
function peakMemoryMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const own = match ? Math.round(Number(match[1]) / 1024) : null;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.reduce<number | null>((most, child) => Math.max(most ?? 0, peakMemoryMiB(child) ?? 0), own);
  } catch {
    return null;
  }
}

async function stop(served: Served): Promise<void> {
  const exited = new Promise((done) => served.child.once('exit', done));
  served.child.kill('SIGTERM');
  await exited;
}

/** How much higher than normal the probe process runs (Linux nice; lowering it needs root). */
const PROBE_NICENESS = -15;

interface Probed {
  /** Client-observed: request sent to last byte read, in the probe's own process. */
  healthMs: number[];
  repeatedMs: number[];
  /** Request ids, in the order of the samples above (the server's log names each). */
  healthIds: string[];
  repeatedIds: string[];
  /** When each request was sent (epoch ms), in the order of the ids. */
  healthSentAt: number[];
  repeatedSentAt: number[];
  failures: string[];
  /** The probe process's own time on a core and waiting for one, over its run (null where /proc cannot tell). */
  cpu: (RanAndWaited & Counted) | null;
  /** The nice level the probe process actually ran at (null where /proc cannot tell). */
  niceness: number | null;
}

/**
 * Probes /api/health and one repeated question, one request at a time each, until `durationMs`,
 * from a process of their own at a high CPU priority: in the load generator's process (or a
 * thread of it, as before) a probe's time includes waiting for autocannon's busy event loop, a
 * delay of the client, not of the server. Each request carries an X-Request-Id, so the server's
 * own time for it (its request log's responseTime) can be set beside what the client saw.
 */
function probe(url: string, repeated: string, durationMs: number): Promise<Probed> {
  const code = `
    const http = require('node:http');
    const fs = require('node:fs');
    const [url, repeated, durationMs, key, everyMs] = JSON.parse(process.argv[1]);
    const failures = [];
    // On a core and waiting for one, in ns, summed over this process's threads (Linux schedstat;
    // read here, not by thread-cpu.ts in the parent: this process exits as soon as it has answered).
    function schedstat() {
      try {
        return fs.readdirSync('/proc/self/task').map((tid) => fs.readFileSync('/proc/self/task/' + tid + '/schedstat', 'utf8').split(' ').map(Number)).reduce((sum, [run, wait]) => [sum[0] + run, sum[1] + wait], [0, 0]);
      } catch {
        return undefined;
      }
    }
    const startStat = schedstat();
    const startedAt = performance.now();
    async function loop(path, tag, into, ids, sentAt) {
      // One kept-alive connection per loop, as a dashboard holds one.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const until = Date.now() + durationMs;
      for (let n = 0; Date.now() < until; n++) {
        const id = 'probe-' + tag + '-' + n;
        const started = performance.now();
        sentAt.push(Date.now());
        const status = await new Promise((done) => {
          const request = http.get(url + path, { agent, headers: { authorization: 'Bearer ' + key, 'x-request-id': id } }, (response) => {
            response.on('data', () => {});
            response.on('end', () => done(response.statusCode));
          });
          request.on('error', (error) => done(error.message));
        });
        if (status !== 200) failures.push(path + ': ' + status);
        into.push(performance.now() - started);
        ids.push(id);
        await new Promise((done) => setTimeout(done, everyMs));
      }
      agent.destroy();
    }
    const healthMs = [], repeatedMs = [], healthIds = [], repeatedIds = [], healthSentAt = [], repeatedSentAt = [];
    Promise.all([loop('/api/health', 'h', healthMs, healthIds, healthSentAt), loop(repeated, 'q', repeatedMs, repeatedIds, repeatedSentAt)]).then(() => {
      const endStat = schedstat();
      const cpu = startStat && endStat ? { ranMs: Math.round((endStat[0] - startStat[0]) / 1e6), waitedMs: Math.round((endStat[1] - startStat[1]) / 1e6), windowMs: Math.round(performance.now() - startedAt) } : null;
      process.stdout.write(JSON.stringify({ healthMs, repeatedMs, healthIds, repeatedIds, healthSentAt, repeatedSentAt, failures, cpu }));
    });
  `;
  const args = [process.execPath, '-e', code, JSON.stringify([url, repeated, durationMs, PROBE_KEY, PROBE_EVERY_MS])];
  const child = spawn('nice', ['-n', String(PROBE_NICENESS), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let niceness: number | null = null;
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // Read once it runs: nice says only on stderr when it could not raise the priority.
  setTimeout(() => {
    try {
      niceness = nicenessOf(readFileSync(`/proc/${child.pid}/stat`, 'utf8'));
    } catch {
      niceness = null;
    }
  }, 1000);
  return new Promise((done, fail) => {
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the probe process exited (${code}): ${err}`));
      done({ ...(JSON.parse(out) as Omit<Probed, 'niceness'>), niceness });
    });
  });
}

/**
 * The server's own time for each probe, from its request log (pino-http's responseTime: from the
 * request's first middleware to the answer's last byte handed to the kernel, whole milliseconds).
 * It leaves out the time a request waits before the server's event loop reads it.
 */
function serverTimes(ids: readonly string[], logged: ReadonlyMap<string, number>): number[] {
  return ids.flatMap((id) => (logged.has(id) ? [logged.get(id)!] : []));
}

/**
 * Appends every probe of a load to `file`, one JSON object a line: which mode, path and id, when
 * it was sent, the client's time, the server's own time and when the server logged it. Sent
 * time plus client time, against the logged time, splits a slow answer into the wait before the
 * server's log saw it and the server's own time (clocks of one machine, whole milliseconds).
 */
function writeProbeLog(file: string, mode: string, probed: Probed, served: Served): void {
  const rows = (path: string, ids: readonly string[], sentAt: readonly number[], clientMs: readonly number[]) =>
    ids.map((id, at) => JSON.stringify({ mode, path, id, sentAt: sentAt[at], clientMs: Math.round(clientMs[at]! * 10) / 10, serverMs: served.probeTimes.get(id) ?? null, serverLoggedAt: served.probeLoggedAt.get(id) ?? null }));
  const lines = [...rows('/api/health', probed.healthIds, probed.healthSentAt, probed.healthMs), ...rows('repeated', probed.repeatedIds, probed.repeatedSentAt, probed.repeatedMs)];
  appendFileSync(file, `${lines.join('\n')}\n`);
}

function describe(name: string, figures: LoadFigures): string {
  const statuses = Object.entries(figures.statuses).map(([code, count]) => `${code}: ${count}`).join(', ');
  const ms = figures.heavyMs;
  return `${name}: ${figures.requests} requests in ${figures.durationS} s at ${figures.connections} connections, ${figures.requestsPerSecond} req/s, latency p50 ${ms.p50} ms, p90 ${ms.p90} ms, p99 ${ms.p99} ms, max ${ms.max} ms; statuses ${statuses}; errors ${figures.errors} ${JSON.stringify(figures.errorKinds)}, timeouts ${figures.timeouts}`;
}

const folder = await dataset();
const sources = intermediaries(folder);
const queries = (id: string) => [`/api/entities/${id}/routes?asOf=${AS_OF}&maxHops=6&k=1`, `/api/entities/${id}/exposure?asOf=${AS_OF}&maxHops=6`];
const paths = sources.flatMap(queries);
/** The question a dashboard asks again (its page reloaded): exposure of the first source. */
const repeated = `/api/entities/${sources[0]}/exposure?asOf=${AS_OF}&maxHops=6&limit=50`;
log(`${sources.length} sources, ${paths.length} distinct questions`);

const MODES = [
  { name: 'before', what: 'inline on the request thread, no answer cache (ENDUSE_WORKERS=0, ENDUSE_ANSWER_CACHE_MB=0)', env: { ENDUSE_WORKERS: '0', ENDUSE_ANSWER_CACHE_MB: '0' } },
  { name: 'after', what: 'a worker thread per core, answer cache on (the defaults)', env: {} },
] as const;

async function measure(mode: (typeof MODES)[number]) {
  // A rate limit far above what the server can answer, so every request does its work.
  const served = await serve(folder, { ...mode.env, ENDUSE_RATE_LIMIT: '100000000' });
  log(`${mode.name}: server up with ${ENTITIES} entities in ${(served.startMs / 1000).toFixed(1)} s`);
  const timed = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${served.url}${path}`, { headers: { authorization: `Bearer ${PROBE_KEY}` } });
    const body = (await response.json()) as { routes?: unknown[]; flagged?: unknown[]; reachable?: { entities: number }; truncated?: boolean };
    return { path, status: response.status, ms: Math.round(performance.now() - started), routes: body.routes?.length ?? body.flagged?.length, reached: body.reachable?.entities, truncated: body.truncated };
  };
  // The repeated question once (cached from then on where there is a cache), then the whole-graph questions one at a time.
  await timed(repeated);
  const wholeGraph: Awaited<ReturnType<typeof timed>>[] = [];
  for (const path of busiest(folder).flatMap(queries)) wholeGraph.push(await timed(path));
  for (const answer of wholeGraph) log(`${mode.name}, one at a time: ${answer.path} → ${answer.status} in ${answer.ms} ms (${answer.routes} flagged routes${answer.reached === undefined ? '' : `, ${answer.reached} entities reached`}${answer.truncated ? ', truncated' : ''})`);
  const stolen = stolenTimeSince();
  const serverCpu = serverThreadCpuSince(servingProcess(served.child.pid!));
  const probes = probe(served.url, repeated, DURATION_S * 1000);
  const load = await hammerFromChild({ url: served.url, paths, durationS: DURATION_S, callers: KEYS.slice(0, CALLERS), connections: CONNECTIONS }, CLIENTS_NICENESS);
  const probed = await probes;
  if (PROBE_LOG !== undefined) writeProbeLog(PROBE_LOG, mode.name, probed, served);
  const stolenShare = stolen();
  const serverThreads = serverCpu();
  const serverPeakMemoryMiB = peakMemoryMiB(served.child.pid!);
  const requestLogLines = served.logLines();
  await stop(served);
  const figures = {
    mode: mode.name,
    what: mode.what,
    serverStartS: Math.round(served.startMs / 100) / 10,
    wholeGraphOneAtATime: wholeGraph,
    load,
    probeNiceness: probed.niceness,
    /** Client-observed, in the probe's own process: what a dashboard would see. */
    healthMs: latencies(probed.healthMs),
    repeatedQuestionMs: latencies(probed.repeatedMs),
    /** The server's own time for the same requests (its request log; whole milliseconds). */
    healthServerMs: latencies(serverTimes(probed.healthIds, served.probeTimes)),
    repeatedQuestionServerMs: latencies(serverTimes(probed.repeatedIds, served.probeTimes)),
    probeFailures: probed.failures.length, probeFailureKinds: [...new Set(probed.failures)].slice(0, 10), serverPeakMemoryMiB, requestLogLines,
    /** The host's share of CPU time during the load (stolen-time.ts): a latency tail grows with it. */
    stolenShare,
    /** The server's threads and the probe: time on a core and time ready but waiting for one (thread-cpu.ts). */
    serverThreads,
    probeCpu: probed.cpu };
  log(describe(`${mode.name}, routes + exposure`, load));
  log(`${mode.name}: ${describeStolenTime(stolenShare)} during the load`);
  if (serverThreads !== null) {
    const { requestThread, workers, otherThreads, windowMs } = serverThreads;
    log(`${mode.name}, the server's threads during the load: request thread ${describeRanAndWaited(requestThread, windowMs)}; ${workers.threads} question worker threads (workers and their search helpers) ${describeRanAndWaited(workers, windowMs)}; ${otherThreads.threads} other threads ${describeRanAndWaited(otherThreads, windowMs)}`);
  }
  if (probed.cpu !== null) log(`${mode.name}, the probe process: ${describeRanAndWaited(probed.cpu, probed.cpu.windowMs)}`);
  log(`${mode.name}, under that load (clients at nice ${load.clientsNiceness}, probe at nice ${probed.niceness}): /api/health p50 ${figures.healthMs.p50} ms, p99 ${figures.healthMs.p99} ms, max ${figures.healthMs.max} ms (${figures.healthMs.count} probes; server's own p50 ${figures.healthServerMs.p50}, p99 ${figures.healthServerMs.p99} ms); the repeated question p50 ${figures.repeatedQuestionMs.p50} ms, p99 ${figures.repeatedQuestionMs.p99} ms (${figures.repeatedQuestionMs.count}; server's own p50 ${figures.repeatedQuestionServerMs.p50}, p99 ${figures.repeatedQuestionServerMs.p99} ms); probe failures ${probed.failures.length}`);
  return figures;
}

const measured = [];
for (const mode of process.env.API_LOAD_ONLY_AFTER ? [MODES[1], MODES[1]] : MODES) measured.push(await measure(mode));
const [before, after] = measured as [Awaited<ReturnType<typeof measure>>, Awaited<ReturnType<typeof measure>>];

// A low rate limit: past it the answers are 429, and nothing else goes wrong.
const limitedServer = await serve(folder, { ENDUSE_RATE_LIMIT: String(LOW_RATE_LIMIT) });
const limited = await hammerFromChild({ url: limitedServer.url, paths, durationS: RATE_LIMITED_DURATION_S, callers: KEYS.slice(0, 1), connections: CONNECTIONS }, CLIENTS_NICENESS);
await stop(limitedServer);
log(describe(`at a rate limit of ${LOW_RATE_LIMIT} per minute`, limited));

const unexpected = (figures: LoadFigures, allowed: string[]) => Object.entries(figures.statuses).filter(([code]) => !code.startsWith('2') && !allowed.includes(code));
const targets = {
  noErrors: after.load.errors === 0 && after.load.timeouts === 0 && unexpected(after.load, []).length === 0 && after.probeFailures === 0,
  healthP99Within50Ms: after.healthMs.p99 <= 50,
  heavyP99WithinDeadline: after.load.heavyMs.p99 <= DEADLINE_MS,
  repeatedFromCacheP99Within5Ms: after.repeatedQuestionMs.p99 <= 5,
};
const results = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  dataset: { entities: ENTITIES, relationships: ENTITIES * 5, folder },
  queries: { sources: sources.length, kinds: INTERMEDIARY_KINDS, paths: paths.length, asked: ['routes (maxHops 6, k 1)', 'exposure (maxHops 6)'], repeated, connections: CONNECTIONS, callers: CALLERS, deadlineMs: DEADLINE_MS },
  before,
  after,
  targets,
  rateLimited: { requestsPerMinute: LOW_RATE_LIMIT, ...limited },
  ok: Object.values(targets).every(Boolean) && limited.errors === 0 && unexpected(limited, ['429']).length === 0,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'api-load.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
const row = (name: string, pick: (figures: typeof after) => string) => `| ${name} | ${pick(before)} | ${pick(after)} |`;
console.log(
  [
    '',
    `| ${ENTITIES.toLocaleString('en')} entities, ${CONNECTIONS} connections, ${DURATION_S} s | before (inline, no cache) | after (worker pool, cache) |`,
    '| --- | --- | --- |',
    row('heavy answers (routes, exposure)', (f) => `${f.load.requests} (${f.load.requestsPerSecond}/s)`),
    row('statuses', (f) => Object.entries(f.load.statuses).map(([code, count]) => `${code}: ${count}`).join(', ')),
    row('errors, timeouts', (f) => `${f.load.errors}, ${f.load.timeouts}`),
    row('heavy latency p50 / p99 / max', (f) => `${f.load.heavyMs.p50} / ${f.load.heavyMs.p99} / ${f.load.heavyMs.max} ms`),
    row('/api/health p50 / p99 / max, client', (f) => `${f.healthMs.p50} / ${f.healthMs.p99} / ${f.healthMs.max} ms`),
    row('/api/health p50 / p99 / max, server', (f) => `${f.healthServerMs.p50} / ${f.healthServerMs.p99} / ${f.healthServerMs.max} ms`),
    row('repeated question p50 / p99 / max, client', (f) => `${f.repeatedQuestionMs.p50} / ${f.repeatedQuestionMs.p99} / ${f.repeatedQuestionMs.max} ms`),
    row('repeated question p50 / p99 / max, server', (f) => `${f.repeatedQuestionServerMs.p50} / ${f.repeatedQuestionServerMs.p99} / ${f.repeatedQuestionServerMs.max} ms`),
    row('request thread on a core / waiting for one', (f) => (f.serverThreads === null ? 'unknown' : `${(f.serverThreads.requestThread.ranMs / 1000).toFixed(1)} / ${(f.serverThreads.requestThread.waitedMs / 1000).toFixed(1)} s`)),
    row('probe on a core / waiting for one', (f) => (f.probeCpu === null ? 'unknown' : `${(f.probeCpu.ranMs / 1000).toFixed(1)} / ${(f.probeCpu.waitedMs / 1000).toFixed(1)} s`)),
    row('server peak memory', (f) => `${f.serverPeakMemoryMiB} MiB`),
  ].join('\n'),
);
if (!results.ok) {
  log(`FAILED: ${JSON.stringify(targets)}; rate-limited run: ${JSON.stringify(unexpected(limited, ['429']))}`);
  process.exitCode = 1;
}
