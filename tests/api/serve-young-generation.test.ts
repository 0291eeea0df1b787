// `enduse serve` runs its server in a node with a larger young generation (fewer, cheaper pauses
// of the request thread under load): tested on real processes. The server node carries the flag;
// SIGTERM to the process started stops the server and exits 0 as before; kill -9 of it takes the
// server down too (no orphan keeps the port); a size the user chose in NODE_OPTIONS is kept.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVE_SEMI_SPACE_MIB, youngGenerationChosen } from '../../src/cli/commands/serve-young-generation.ts';
import { freePort, startServe, type ServeProcess } from '../support/serve-process.ts';

const started: ServeProcess[] = [];

afterAll(async () => {
  for (const server of started) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
  delete process.env.NODE_OPTIONS;
});

/** The processes `pid` started (Linux). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

/** Whether `pid` still runs (a zombie, dead but not yet reaped by its parent, does not). */
function running(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function serve(): Promise<{ server: ServeProcess; port: number; serverPid: number }> {
  const port = await freePort();
  process.env.ENDUSE_DATA_DIR = mkdtempSync(join(tmpdir(), 'enduse-young-generation-'));
  const server = await startServe(['--port', String(port)]);
  started.push(server);
  const children = childrenOf(server.child.pid!);
  expect(children).toHaveLength(1);
  return { server, port, serverPid: children[0]! };
}

describe('youngGenerationChosen', () => {
  it.each([
    [[], undefined, false],
    [[], '--max-old-space-size=4096', false],
    [['--max-semi-space-size=64'], undefined, true],
    [[], '--enable-source-maps --max-semi-space-size=16', true],
    [['--max_semi_space_size=32'], '', true],
  ])('execArgv %j with NODE_OPTIONS %j: %s', (execArgv, nodeOptions, chosen) => {
    expect(youngGenerationChosen(execArgv, nodeOptions)).toBe(chosen);
  });
});

describe('enduse serve in a node with a larger young generation', () => {
  it('serves from a node started with the flag, and SIGTERM stops both processes with exit code 0', async () => {
    const { server, port, serverPid } = await serve();
    expect(commandLine(serverPid)).toContain(`--max-semi-space-size=${SERVE_SEMI_SPACE_MIB}`);
    expect(commandLine(server.child.pid!)).not.toContain(`--max-semi-space-size=${SERVE_SEMI_SPACE_MIB}`);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await until(() => !running(serverPid), 'the server to stop');
  }, 120_000);

  it('takes the server down when the process started is killed with SIGKILL', async () => {
    const { server, port, serverPid } = await serve();
    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await until(() => !running(serverPid), 'the server to die with its launcher');
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  }, 120_000);

  it('keeps a semi-space size the user chose in NODE_OPTIONS (no second process)', async () => {
    process.env.NODE_OPTIONS = '--max-semi-space-size=16';
    const port = await freePort();
    const server = await startServe(['--port', String(port)]);
    started.push(server);
    delete process.env.NODE_OPTIONS;
    expect(childrenOf(server.child.pid!).filter(running)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
