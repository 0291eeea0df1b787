// `enduse serve` runs its server in a node started with a larger young generation (V8's
// semi-space). Node's default (16 MiB on 64-bit) fills in well under a second under load: every
// request leaves a few kilobytes of garbage on the request thread (parsing, logging, routing), and
// each time the young generation is full a scavenge stops every request for a few to tens of
// milliseconds, and whatever lived through two of them (a heavy question waiting for a worker
// does) is promoted and later costs a mark-compact. At 64 MiB scavenges come about four times less
// often and a request's garbage dies young (bench/api-load.ts: docs/reliability.md, "Load"). The
// size can only be set when node starts, so the command starts itself once more with the flag;
// the first process only passes signals on and exits as the server did.
import { spawn } from 'node:child_process';

/** Semi-space size for the server's node, in MiB (the young generation is two of these and a bit). */
export const SERVE_SEMI_SPACE_MIB = 64;
const FLAG = '--max-semi-space-size';
/** Set for the server started by the launcher: it then dies with the launcher (see followLauncher). */
const LAUNCHED = 'ENDUSE_SERVE_LAUNCHED';
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Whether node already runs with a semi-space size chosen (by us, or by the user in NODE_OPTIONS). */
export function youngGenerationChosen(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => arg.startsWith(FLAG) || arg.startsWith('--max_semi_space_size'));
}

/**
 * Starts this same command in a node with the larger young generation and mirrors it: signals are
 * passed on, and this process exits with the server's exit code (or dies of its signal).
 */
export function relaunchWithLargerYoungGeneration(): Promise<never> {
  const child = spawn(process.execPath, [...process.execArgv, `${FLAG}=${SERVE_SEMI_SPACE_MIB}`, ...process.argv.slice(1)], {
    // Its own process group, so a Ctrl-C in a terminal reaches it once (through us), not twice.
    detached: true,
    // The IPC channel closes when this process dies however it dies (kill -9 included): the server then dies too.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [LAUNCHED]: '1' },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return new Promise<never>(() => {
    child.once('error', (error) => {
      process.stderr.write(`error: could not start the server's node (${process.execPath}): ${error.message}\n`);
      process.exit(1);
    });
    child.once('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      if (signal !== null) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}

/**
 * In the server the launcher started: when the launcher is gone (killed, even with kill -9), the
 * server goes the same way at once, as it would have without the relaunch, rather than serving on
 * as an orphan nobody can stop by the process id they know.
 */
export function followLauncher(): void {
  if (process.env[LAUNCHED] === undefined || process.channel === undefined) return;
  delete process.env[LAUNCHED];
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
