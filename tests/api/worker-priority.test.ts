// The question workers' nice level: the lowest when the server is alone in its scheduling group
// (its own session under autogroups, or a cgroup of its own), a few levels below the request
// thread anywhere else; the /proc readings it rests on; and, on a real `enduse serve`, that the
// worker threads run at the level the server chose for itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cpuCgroupOf,
  OWN_GROUP_NICENESS,
  SHARED_GROUP_NICENESS,
  schedulingFacts,
  statFields,
  workerNiceness,
  type SchedulingFacts,
} from '../../src/api/questions/worker-priority.ts';
import { freePort } from '../support/free-port.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const leader: SchedulingFacts = { platform: 'linux', pid: 400, ppid: 399, session: 400, autogroups: true, cpuCgroup: '/', initialCgroupNamespace: true, cgroupProcesses: undefined };

describe('workerNiceness', () => {
  it('is the lowest for a session leader in the root cgroup with autogroups on', () => {
    expect(workerNiceness(leader)).toBe(OWN_GROUP_NICENESS);
  });

  it('stays a few levels below the request thread when others share the group', () => {
    // In the caller's session (an app started inside a test run, a server without the launcher).
    expect(workerNiceness({ ...leader, session: 12 })).toBe(SHARED_GROUP_NICENESS);
    // Autogroups off: every process of the machine is in one group.
    expect(workerNiceness({ ...leader, autogroups: false })).toBe(SHARED_GROUP_NICENESS);
    // A cgroup holding another program (a terminal's session scope, a container running more).
    expect(workerNiceness({ ...leader, cpuCgroup: '/user.slice/session-2.scope', cgroupProcesses: [400, 399, 1234] })).toBe(SHARED_GROUP_NICENESS);
    // A container's cgroup namespace, where '/' is the container's cgroup and autogroups do not
    // apply: alone only when the container runs nothing else.
    expect(workerNiceness({ ...leader, initialCgroupNamespace: false, cgroupProcesses: [400, 399, 12, 13] })).toBe(SHARED_GROUP_NICENESS);
    expect(workerNiceness({ ...leader, initialCgroupNamespace: false, cgroupProcesses: undefined })).toBe(SHARED_GROUP_NICENESS);
    expect(workerNiceness({ ...leader, initialCgroupNamespace: false, cgroupProcesses: [399, 400] })).toBe(OWN_GROUP_NICENESS);
    // Nothing known.
    expect(workerNiceness({ ...leader, cpuCgroup: undefined })).toBe(SHARED_GROUP_NICENESS);
    expect(workerNiceness({ ...leader, cpuCgroup: '/docker/abc', cgroupProcesses: undefined })).toBe(SHARED_GROUP_NICENESS);
    expect(workerNiceness({ ...leader, platform: 'darwin' })).toBe(SHARED_GROUP_NICENESS);
  });

  it('is the lowest in a cgroup that holds only the server and its launcher', () => {
    expect(workerNiceness({ ...leader, session: 1, cpuCgroup: '/system.slice/enduse.service', cgroupProcesses: [399, 400] })).toBe(OWN_GROUP_NICENESS);
    expect(workerNiceness({ ...leader, session: 1, cpuCgroup: '/docker/abc', cgroupProcesses: [] })).toBe(SHARED_GROUP_NICENESS);
  });
});

describe('reading /proc', () => {
  it('takes pid, parent and session after a command name holding spaces and parentheses', () => {
    expect(statFields('4242 (node (x) y) S 4000 4242 4242 0 -1 4194560 1 0 0 0')).toEqual({ pid: 4242, ppid: 4000, session: 4242 });
    expect(statFields('4242 (node) S')).toBeUndefined();
    expect(statFields(undefined)).toBeUndefined();
  });

  it('finds the cgroup of the CPU controller in version 1, hybrid and version 2 layouts', () => {
    // This machine's hybrid layout: a v1 cpu controller beside the unified line.
    expect(cpuCgroupOf('9:name=systemd:/\n4:memory:/process_api/75\n1:cpu:/\n0::/\n')).toBe('/');
    expect(cpuCgroupOf('3:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/other\n')).toBe('/docker/abc');
    expect(cpuCgroupOf('0::/user.slice/user-1000.slice/session-2.scope\n')).toBe('/user.slice/user-1000.slice/session-2.scope');
    expect(cpuCgroupOf('')).toBeUndefined();
    expect(cpuCgroupOf(undefined)).toBeUndefined();
  });

  it("reads this process's facts", () => {
    const facts = schedulingFacts();
    expect(facts.pid).toBe(process.pid);
    if (process.platform === 'linux') {
      expect(facts.ppid).toBe(process.ppid);
      expect(facts.cpuCgroup).toMatch(/^\//);
    }
  });
});

const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGTERM');
});

/** The nice level of every thread of `pid` (field 19 of /proc/PID/task/TID/stat). */
function threadNiceness(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe.runIf(process.platform === 'linux' && existsSync('/proc/self/task'))('a real enduse serve', () => {
  it("runs its two workers at the level it chose for its own scheduling group, the request thread at the caller's", async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/enduse.js'), 'serve', '--port', String(await freePort())], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ENDUSE_WORKERS: '2', ENDUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'enduse-priority-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let output = '';
    const ready = await new Promise<{ pid: number; workerNiceness: number }>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((text) => text.includes('"question workers ready"'));
        if (line !== undefined) resolve(JSON.parse(line) as { pid: number; workerNiceness: number });
      });
      child.once('exit', (code) => reject(new Error(`enduse serve exited (${code}): ${output}`)));
    });
    // The server is the launcher's child, in a session of its own.
    expect(ready.pid).not.toBe(child.pid);
    const facts = schedulingFacts(`/proc/${ready.pid}`);
    expect(facts.session).toBe(ready.pid);
    expect(ready.workerNiceness).toBe(workerNiceness(facts));
    if (facts.autogroups && facts.cpuCgroup === '/' && facts.initialCgroupNamespace) expect(ready.workerNiceness).toBe(OWN_GROUP_NICENESS);
    const levels = threadNiceness(ready.pid);
    const ownLevel = Number(readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    expect(levels.filter((level) => level === Math.min(19, ownLevel + ready.workerNiceness))).toHaveLength(2);
    expect(levels.filter((level) => level === ownLevel).length).toBeGreaterThan(0);
  }, 60_000);
});
