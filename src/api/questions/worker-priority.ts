// How far below the request thread the question workers run (Linux nice levels; ignored where
// the platform has none). The lower the workers' weight, the sooner a cheap request (health, a
// cached answer) gets a core while every core runs a question; but the weight counts against
// everything the scheduler puts in the same group, and a worker at the lowest level behind any
// busy process of that group starves (a first question took over 60 s behind two busy loops).
//
// Linux shares the CPU between scheduling groups first and applies nice levels only inside one:
// with autogroups (the kernel's default) a group is a session, and under a cgroup's CPU
// controller it is the cgroup. `enduse serve` starts its server in a session of its own (see
// serve-young-generation.ts), so there the workers compete only with the server's own threads,
// and the lowest level costs the workers nothing against other programs (behind two busy loops
// of another session, at 100k entities: an exposure in 0.22 s, k = 3 routes from the busiest
// manufacturer in 2.1 s). Anywhere else (a server in the
// caller's session, an app inside a test run, a cgroup shared with other programs) they stay a
// few levels below the request thread. Inside a container's cgroup namespace, '/' is the
// container's cgroup, where autogroups do not apply: alone there only when it holds nothing else.
import { readFileSync, readlinkSync } from 'node:fs';

/** Workers alone with their server in a scheduling group: the lowest weight (15 against 1,024). */
export const OWN_GROUP_NICENESS = 19;
/** Workers sharing their group with other programs: a third of the request thread's weight. */
export const SHARED_GROUP_NICENESS = 5;

/** What the choice depends on, read from /proc (a plain value, so the rule is testable). */
export interface SchedulingFacts {
  platform: NodeJS.Platform;
  pid: number;
  /** The launcher `enduse serve` leaves idle behind the server. */
  ppid: number;
  /** The process's session id (Linux), or undefined when unknown. */
  session: number | undefined;
  /** /proc/sys/kernel/sched_autogroup_enabled is 1. */
  autogroups: boolean;
  /** The cgroup whose CPU controller holds the process ('/' is the root), or undefined when unknown. */
  cpuCgroup: string | undefined;
  /**
   * The process sees the machine's own cgroup tree: inside a container's cgroup namespace, '/'
   * is the container's cgroup, where autogroups do not apply.
   */
  initialCgroupNamespace: boolean;
  /** The processes of that cgroup, when it is not the root and could be read. */
  cgroupProcesses: readonly number[] | undefined;
}

/** The workers' nice level for these facts. */
export function workerNiceness(facts: SchedulingFacts): number {
  return ownSchedulingGroup(facts) ? OWN_GROUP_NICENESS : SHARED_GROUP_NICENESS;
}

/** Whether nothing but this server (and its idle launcher) competes in its scheduling group. */
export function ownSchedulingGroup(facts: SchedulingFacts): boolean {
  if (facts.platform !== 'linux' || facts.cpuCgroup === undefined) return false;
  // In the root cgroup the group is the session's autogroup: ours alone when we lead the session.
  if (facts.cpuCgroup === '/' && facts.initialCgroupNamespace) return facts.autogroups && facts.session === facts.pid;
  const ours = new Set([facts.pid, facts.ppid]);
  return facts.cgroupProcesses !== undefined && facts.cgroupProcesses.length > 0 && facts.cgroupProcesses.every((pid) => ours.has(pid));
}

/**
 * The facts of the process whose /proc folder is `proc` (this one by default); anything
 * unreadable counts as unknown, and so as a shared group.
 */
export function schedulingFacts(proc = '/proc/self', platform: NodeJS.Platform = process.platform): SchedulingFacts {
  const stat = platform === 'linux' ? statFields(readOrUndefined(`${proc}/stat`)) : undefined;
  const facts: SchedulingFacts = {
    platform,
    pid: stat?.pid ?? process.pid,
    ppid: stat?.ppid ?? process.ppid,
    session: stat?.session,
    autogroups: false,
    cpuCgroup: undefined,
    initialCgroupNamespace: false,
    cgroupProcesses: undefined,
  };
  if (platform !== 'linux') return facts;
  facts.autogroups = readOrUndefined('/proc/sys/kernel/sched_autogroup_enabled')?.trim() === '1';
  facts.cpuCgroup = cpuCgroupOf(readOrUndefined(`${proc}/cgroup`));
  facts.initialCgroupNamespace = linkOrUndefined(`${proc}/ns/cgroup`) === INITIAL_CGROUP_NAMESPACE;
  if (facts.cpuCgroup !== undefined && !(facts.cpuCgroup === '/' && facts.initialCgroupNamespace)) facts.cgroupProcesses = cgroupProcesses(facts.cpuCgroup);
  return facts;
}

/**
 * Process id, parent and session from /proc/PID/stat: fields 1, 4 and 6, the last two counted
 * after the command name (in parentheses, and it may itself hold spaces and parentheses).
 */
export function statFields(stat: string | undefined): { pid: number; ppid: number; session: number } | undefined {
  if (stat === undefined) return undefined;
  const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [pid, ppid, session] = [Number.parseInt(stat, 10), Number(after[1]), Number(after[3])];
  return [pid, ppid, session].every((value) => Number.isInteger(value) && value > 0) ? { pid, ppid, session } : undefined;
}

/**
 * The path of the cgroup that holds the CPU controller, from /proc/PID/cgroup: a version 1 line
 * naming `cpu` among its controllers, else the version 2 line (`0::/path`).
 */
export function cpuCgroupOf(cgroups: string | undefined): string | undefined {
  if (cgroups === undefined) return undefined;
  const lines = cgroups.split('\n').map((line) => line.split(':')).filter((parts) => parts.length >= 3);
  const v1 = lines.find((parts) => parts[1]!.split(',').includes('cpu'));
  const v2 = lines.find((parts) => parts[0] === '0' && parts[1] === '');
  const chosen = v1 ?? v2;
  return chosen === undefined ? undefined : chosen.slice(2).join(':');
}

function cgroupProcesses(path: string): number[] | undefined {
  for (const mount of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct', '/sys/fs/cgroup']) {
    const text = readOrUndefined(`${mount}${path}/cgroup.procs`);
    if (text !== undefined) return text.split('\n').filter(Boolean).map(Number);
  }
  return undefined;
}

/** The kernel's initial cgroup namespace has this fixed inode (PROC_CGROUP_INIT_INO, 0xEFFFFFFB). */
const INITIAL_CGROUP_NAMESPACE = `cgroup:[${0xeffffffb}]`;

function linkOrUndefined(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
