// How the server's threads and the probe shared the CPU during a load: for each, the time it ran
// and the time it was ready to run but waited for a core (Linux's per-thread schedstat: on-CPU
// and run-queue nanoseconds). On a 2-core machine that runs the server, its workers and the load
// generator at once, a cheap request's latency tail is mostly the request thread or the probe
// waiting for a core (measured with `perf sched` on 2026-12-05: docs/reliability.md, "Load"); this
// puts that wait beside every run's latencies. Linux only; elsewhere nothing is reported.
import { readdirSync, readFileSync } from 'node:fs';

/** Milliseconds on a core and waiting for one, summed over a group of threads. */
export interface RanAndWaited {
  ranMs: number;
  waitedMs: number;
}

/** Over how long a wall-clock window the times were counted. */
export interface Counted {
  windowMs: number;
}

/** The threads of a server process: its request thread, its question workers, and the rest (V8's and libuv's helpers). */
export interface ServerThreadCpu {
  requestThread: RanAndWaited;
  workers: RanAndWaited & { threads: number };
  otherThreads: RanAndWaited & { threads: number };
}

interface ThreadSample {
  niceness: number;
  runNs: number;
  waitNs: number;
}

/**
 * The nice level in the text of a /proc/PID/stat (or task) file: field 19, counted after the
 * command name, which is in parentheses and may itself hold spaces and parentheses.
 */
export function nicenessOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

function readThreads(pid: number): Map<number, ThreadSample> | undefined {
  try {
    const threads = new Map<number, ThreadSample>();
    for (const name of readdirSync(`/proc/${pid}/task`)) {
      const tid = Number(name);
      try {
        const [runNs, waitNs] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
        const niceness = nicenessOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        if ([runNs, waitNs, niceness].every(Number.isFinite)) threads.set(tid, { niceness, runNs: runNs!, waitNs: waitNs! });
      } catch {
        // The thread ended between listing and reading it.
      }
    }
    return threads;
  } catch {
    return undefined;
  }
}

const ms = (ns: number) => Math.round(ns / 1e6);

function sumSince(start: Map<number, ThreadSample>, end: Map<number, ThreadSample>, tids: number[]): RanAndWaited {
  let run = 0;
  let wait = 0;
  for (const tid of tids) {
    const before = start.get(tid) ?? { runNs: 0, waitNs: 0 };
    const after = end.get(tid)!;
    run += after.runNs - before.runNs;
    wait += after.waitNs - before.waitNs;
  }
  return { ranMs: ms(run), waitedMs: ms(wait) };
}

/**
 * The process that serves for `pid`: `enduse serve` starts its server as a child of its own
 * (serve-young-generation.ts), unless node already had a young generation chosen.
 */
export function servingProcess(pid: number): number {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    const server = children.find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').includes('serve'));
    return server ?? pid;
  } catch {
    return pid;
  }
}

/**
 * Starts counting the server's threads (`pid`: the process that serves); the function returned
 * gives their time since then, or null where /proc cannot tell. Workers are the threads niced
 * below the request thread (worker-priority.ts).
 * @example const cpu = serverThreadCpuSince(pid); await load(); cpu() // { requestThread: { ranMs: 6300, waitedMs: 2900 }, … }
 */
export function serverThreadCpuSince(pid: number): () => (ServerThreadCpu & Counted) | null {
  const start = readThreads(pid);
  const started = performance.now();
  return () => {
    const end = readThreads(pid);
    const main = end?.get(pid);
    if (start === undefined || end === undefined || main === undefined) return null;
    const others = [...end.keys()].filter((tid) => tid !== pid);
    const workers = others.filter((tid) => end.get(tid)!.niceness > main.niceness);
    const rest = others.filter((tid) => end.get(tid)!.niceness <= main.niceness);
    return {
      windowMs: Math.round(performance.now() - started),
      requestThread: sumSince(start, end, [pid]),
      workers: { ...sumSince(start, end, workers), threads: workers.length },
      otherThreads: { ...sumSince(start, end, rest), threads: rest.length },
    };
  };
}

/** "ran 6.1 s, waited for a core 4.3 s (20% and 14% of 30.4 s)": shares of the window, as one core's time. */
export function describeRanAndWaited(figures: RanAndWaited, windowMs: number): string {
  const share = (value: number) => `${Math.round((100 * value) / windowMs)}%`;
  return `ran ${(figures.ranMs / 1000).toFixed(1)} s, waited for a core ${(figures.waitedMs / 1000).toFixed(1)} s (${share(figures.ranMs)} and ${share(figures.waitedMs)} of ${(windowMs / 1000).toFixed(1)} s)`;
}
