// bin/enduse.js grows a command's young generation eightfold at once (fewer collections as it
// starts), on Node 20 only, never over semi-space sizes the user chose, and the output is the same.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const routes = ['routes', '--data', join(ROOT, 'data/cases/blue-coat-syria'), '--from', 'bluecoat', '--as-of', '2011-06-30'];

/** The collections V8 reports for one run of the command, and its output without them. */
function run(nodeFlags: string[], env: Record<string, string> = {}): { collections: number; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [...nodeFlags, '--trace-gc', join(ROOT, 'bin/enduse.js'), ...routes], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(child.status, child.stderr).toBe(0);
  const lines = child.stdout.split('\n');
  const traced = (line: string) => /^\[\d+:0x[0-9a-f]+\]/.test(line);
  return { collections: lines.filter(traced).length, stdout: lines.filter((line) => !traced(line)).join('\n'), stderr: child.stderr };
}

describe("a command's young generation", () => {
  it('grows in fewer steps, with the same output and nothing on stderr; sizes the user chose are left alone', () => {
    const grown = run([]);
    // A growth factor of the user's own (V8's default, 2) is kept: the start as without ours.
    const asBefore = run(['--semi-space-growth-factor=2']);
    const chosenInOptions = run([], { NODE_OPTIONS: '--max-semi-space-size=16' });
    expect(grown.stdout).toBe(asBefore.stdout);
    expect(grown.stderr).toBe('');
    if (process.versions.node.startsWith('20.')) {
      expect(grown.collections).toBeLessThan(asBefore.collections);
      expect(chosenInOptions.collections).toBeGreaterThan(grown.collections);
    }
  }, 60_000);
});
