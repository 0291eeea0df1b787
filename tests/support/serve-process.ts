// Runs a real `enduse serve` child process for tests, and finds it a free port.
import { freePort } from './free-port.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');


export interface ServeProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null }>;
  output: () => string;
}

/**
 * Starts `enduse serve ARGS` (open, local, its own audit log) and resolves once it prints its dashboard URL.
 * @example const server = await startServe(['--port', String(await freePort()), '--data', folder]);
 */
export async function startServe(args: readonly string[], startTimeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'enduse.js'), 'serve', ...args], {
    cwd: REPO,
    env: { ...process.env, ENDUSE_API_KEYS: '', LOG_LEVEL: 'warn', ENDUSE_AUDIT_LOG: join(mkdtempSync(join(tmpdir(), 'enduse-audit-')), 'audit.jsonl') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`enduse serve did not start: ${output}`)), startTimeoutMs);
    child.stdout!.on('data', () => {
      if (output.includes('dashboard: ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`enduse serve exited: ${output}`)));
  });
  return { child, exited, output: () => output };
}

export { freePort };
