// How much of the machine's CPU time the hypervisor took for other guests while a benchmark ran
// (the "steal" column of /proc/stat). On the shared 2-core machines enduse is measured on, `top`
// showed 50% steal on an idle machine (2026-12-03 17:25 UTC): a figure from a run with much time
// stolen says more about the host than about the code. A low share does not clear a run (other
// guests also slow memory-bound work without stealing time), but a high one condemns it. Linux
// only; elsewhere nothing is reported.
import { readFileSync } from 'node:fs';

interface CpuTicks {
  steal: number;
  total: number;
}

function cpuTicks(): CpuTicks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is counted in user already).
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((value) => !Number.isFinite(value))) return undefined;
    return { steal: fields[7]!, total: fields.reduce((sum, value) => sum + value, 0) };
  } catch {
    return undefined;
  }
}

/**
 * Starts counting; the function returned gives the share (0 to 1) of all CPU time since then that
 * was stolen, or null where /proc/stat cannot tell.
 * @example const stolen = stolenTimeSince(); work(); stolen() // 0.18
 */
export function stolenTimeSince(): () => number | null {
  const start = cpuTicks();
  return () => {
    const end = cpuTicks();
    if (start === undefined || end === undefined || end.total <= start.total) return null;
    return (end.steal - start.steal) / (end.total - start.total);
  };
}

/** A share of stolen time as the benchmarks print it: "18% of CPU time stolen by the host" (or unknown). */
export function describeStolenTime(share: number | null): string {
  return share === null ? 'CPU time stolen by the host: unknown (no /proc/stat)' : `${Math.round(share * 100)}% of CPU time stolen by the host (steal in /proc/stat)`;
}
