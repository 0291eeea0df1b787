// The load generator of the API benchmark (bench/api-load.ts), in a process of its own: the
// clients of a real deployment are other machines and take no CPU from the server, but here they
// share its two cores. In their own process they can run below the server's priority
// (API_LOAD_CLIENTS_NICENESS, Linux nice levels added to the parent's), so that what the figures
// measure is the server, not a load generator preempting its request thread; at 0 they compete
// with it as equals. The parent writes its arguments as JSON to the child's standard input (thousands
// of paths are over the limit of one command-line argument) and reads the figures, as JSON, from
// its standard output.
import type { EventEmitter } from 'node:events';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface Latencies {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function latencies(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

export interface LoadFigures {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  /** Latency of every heavy answer, whatever its status. */
  heavyMs: Latencies;
  statuses: Record<string, number>;
  errors: number;
  /** What the errors were (error code or message → count). */
  errorKinds: Record<string, number>;
  timeouts: number;
}

/**
 * `connections` connections over `callers` keys ask `paths` in turn (one counter over all
 * connections, so the load goes through every source before a question repeats).
 */
async function hammer(url: string, paths: readonly string[], durationS: number, callers: readonly string[], connectionCount: number): Promise<LoadFigures> {
  const errorKinds: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  let timeouts = 0;
  const runs = callers.map(async (key, index) => {
    const connections = Math.floor(connectionCount / callers.length) + (index < connectionCount % callers.length ? 1 : 0);
    // Called without a callback, autocannon returns its instance, an event emitter that is also a
    // promise of the result; @types/autocannon declares only the promise.
    const instance = autocannon({
      url,
      connections,
      duration: durationS,
      timeout: 60,
      headers: { authorization: `Bearer ${key}` },
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
    }) as unknown as Promise<autocannon.Result> & EventEmitter;
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      samples.push(responseTime);
    });
    instance.on('reqError', (error: Error & { code?: string }) => {
      const kind = error.code ?? error.message;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    });
    const result = await instance;
    errors += result.errors;
    timeouts += result.timeouts;
  });
  await Promise.all(runs);
  return {
    connections: connectionCount,
    durationS,
    requests: samples.length,
    requestsPerSecond: Math.round((samples.length / durationS) * 10) / 10,
    heavyMs: latencies(samples),
    statuses,
    errors,
    errorKinds,
    timeouts,
  };
}


interface ClientsArguments {
  url: string;
  paths: readonly string[];
  durationS: number;
  callers: readonly string[];
  connections: number;
}

/**
 * Runs the clients in a child process `niceness` levels below this one (0: the same) and returns
 * what they measured, with the nice level they ran at.
 */
export function hammerFromChild(args: ClientsArguments, niceness: number): Promise<LoadFigures & { clientsNiceness: number }> {
  const command = [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)];
  // A session of its own: on Linux with autogroups (the default), the scheduler shares the CPU
  // between sessions first and applies nice levels only inside one, so a nice level alone would
  // not put the clients below a server in another session. The group's own nice level does.
  const child = spawn('nice', ['-n', String(niceness), ...command], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  if (niceness > 0 && child.pid !== undefined) lowerAutogroup(child.pid, niceness);
  child.stdin!.end(JSON.stringify(args));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the load generator exited with ${code}`));
      done(JSON.parse(out) as LoadFigures & { clientsNiceness: number });
    });
  });
}

/** Gives the process's autogroup (its session's) `niceness`, where the kernel has autogroups. */
function lowerAutogroup(pid: number, niceness: number): void {
  const file = `/proc/${pid}/autogroup`;
  if (!existsSync(file)) return;
  try {
    writeFileSync(file, String(niceness));
  } catch {
    // Autogroups turned off (the file refuses writes): plain nice levels apply across sessions.
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const args = JSON.parse(input) as ClientsArguments;
  const figures = await hammer(args.url, args.paths, args.durationS, args.callers, args.connections);
  const { getPriority } = await import('node:os');
  process.stdout.write(JSON.stringify({ ...figures, clientsNiceness: getPriority() }));
}
