// The progress bar a terminal gets while datasets are read: cli-progress is loaded only then, so
// this checks the bar still draws (a lazily loaded CommonJS package once came without its Presets).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadProgressBar } from '../../src/cli/load-progress.ts';

/** A stream that says it is a terminal and keeps what is written to it. */
function terminalStream(): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => chunks.join('') };
}

describe('loadProgressBar', () => {
  it('draws the bytes read and the rows on a terminal', async () => {
    const { stream, written } = terminalStream();
    const bar = await loadProgressBar(stream);
    bar.update({ bytesDone: 50, bytesTotal: 100, rows: 1234 });
    bar.stop();
    expect(written()).toContain('reading [');
    expect(written()).toContain('50% | 1,234 rows');
  });

  it('draws in the command as installed, on a terminal (util-linux script gives it one)', () => {
    // bin/enduse.js runs the bundle in dist/ (the sources when they changed since the build), where
    // a CommonJS package imported on demand is shaped by esbuild, not by Node.
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const command = `node bin/enduse.js validate --data data/cases/blue-coat-syria`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, TERM: 'xterm' } });
    expect(run.error, 'the script command (util-linux) runs the CLI on a pseudo-terminal').toBeUndefined();
    expect(run.stdout).toContain('reading [');
    expect(run.stdout).toContain('valid: 9 entities');
    expect(run.status).toBe(0);
  });

  it('draws nothing without a terminal', async () => {
    const bar = await loadProgressBar(undefined);
    expect(() => {
      bar.update({ bytesDone: 1, bytesTotal: 2, rows: 1 });
      bar.stop();
    }).not.toThrow();
  });
});
