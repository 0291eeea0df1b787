// Runs one measuring script in a child process (its own heap, its own peak memory) with tsx and
// reads the `RESULT {json}` line it prints: the benchmarks' one way to run a measurement apart.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What a child measured, or why it did not. */
export interface ChildAnswer {
  result?: Record<string, unknown>;
  failure?: string;
}

/**
 * @example const answer = await runMeasuringChild('/…/bench/scale/measure-compact.ts', [folder], { limitMs: 900_000 });
 */
export function runMeasuringChild(script: string, args: readonly string[], options: { env?: Record<string, string>; limitMs: number }): Promise<ChildAnswer> {
  const { env = {}, limitMs } = options;
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(join(root, 'node_modules/.bin/tsx'), [script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = output.split('\n').find((text) => text.startsWith('RESULT '));
      if (line !== undefined) done({ result: JSON.parse(line.slice(7)) as Record<string, unknown> });
      else if (Date.now() - started >= limitMs) done({ failure: `did not finish within ${limitMs / 1000} s` });
      // 134 is SIGABRT, which V8 raises when the heap is exhausted.
      else done({ failure: code === 134 ? "ran out of Node's heap (exit code 134)" : `exited with code ${code}` });
    });
  });
}
