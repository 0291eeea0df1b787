// Real `enduse serve` child processes on loopback ports, for tests about processes: restarts,
// signals, kill -9. Each is given its own data folder and audit log by the caller.
import { freePort } from '../../support/free-port.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..', '..');

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: string | null }>;
  output: () => string;
  /** Resolves once the server prints its dashboard URL (it then answers requests). */
  ready: Promise<void>;
}


/** Spawns `enduse serve --port <port> --data <data>` with `env` over this process's environment. */
export async function spawnServe(data: string, env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO, 'bin', 'enduse.js'), 'serve', '--port', String(port), '--data', data], {
    cwd: REPO,
    env: { ...process.env, ENDUSE_API_KEYS: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`enduse serve did not start: ${output}`)), 120_000);
    child.stdout!.on('data', () => {
      if (output.includes('dashboard: ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`enduse serve exited: ${output}`));
    });
  });
  // A kill before it is ready must not leave an unhandled rejection behind.
  ready.catch(() => undefined);
  return { child, port, exited, output: () => output, ready };
}

/** Stops a server with SIGKILL (kill -9: no handler runs) and waits for it to be gone. */
export async function killHard(server: ServeProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

export { freePort };
