// Small helpers for the scale benchmark: repeated timings summarised as median and spread, and
// the process's peak resident memory.
import { readFileSync } from 'node:fs';

export interface Timing {
  /** Median of the runs, in milliseconds. */
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Runs `work` `runs` times (after one warm-up run when `warmUp`) and summarises the times. */
export function timeRuns(runs: number, work: () => unknown, warmUp = true): Timing {
  if (warmUp) work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return summarise(times);
}

export function summarise(times: readonly number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted[sorted.length - 1]!), runs: sorted.length };
}

/** Peak resident set size of this process so far (VmHWM), in megabytes. */
export function peakMemoryMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 1048576);
}

/** CPU seconds this process has used (user + system). */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export function round(value: number, places = 2): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** A child's answer: one line `RESULT {json}` on stdout. */
export function printResult(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
