// The young generation of a command grows eightfold at once (src/cli/young-generation-growth.ts):
// set only where node's V8 takes the flag, and never over sizes the user chose.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { growYoungGenerationFaster, youngGenerationTuned } from '../../src/cli/young-generation-growth.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const routes = ['routes', '--data', join(ROOT, 'data/cases/blue-coat-syria'), '--from', 'bluecoat', '--as-of', '2011-06-30'];

/** The collections V8 reports for one run of the command, and its output. */
function collections(nodeFlags: string[]): { count: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...nodeFlags, '--trace-gc', join(ROOT, 'bin/enduse.js'), ...routes], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.split('\n');
  return { count: lines.filter((line) => /: (Scavenge|Mark-Compact|Minor Mark)/.test(line)).length, stdout: lines.filter((line) => !/^\[\d+:0x/.test(line)).join('\n'), stderr: run.stderr };
}

describe('the young generation of a command', () => {
  it('is left as the user tuned it, in node flags or NODE_OPTIONS', () => {
    expect(youngGenerationTuned(['--max-semi-space-size=64'], undefined)).toBe(true);
    expect(youngGenerationTuned([], '--min-semi-space-size=8 --enable-source-maps')).toBe(true);
    expect(youngGenerationTuned([], '--max_semi_space_size=8')).toBe(true);
    expect(youngGenerationTuned(['--enable-source-maps'], '--max-old-space-size=4096')).toBe(false);
  });

  it('is not touched on a node whose V8 was not checked for the flag', async () => {
    expect(await growYoungGenerationFaster('22.1.0', [], undefined)).toBe(false);
    expect(await growYoungGenerationFaster('20.19.0', ['--max-semi-space-size=64'], undefined)).toBe(false);
  });

  it("grows in fewer steps in the command's process, with the same output and nothing on stderr", () => {
    const major = Number(process.versions.node.split('.')[0]);
    const grown = collections([]);
    // A user's own growth factor of 2 (V8's default) turns ours off: the run as before.
    const asBefore = collections(['--semi-space-growth-factor=2']);
    expect(grown.stdout).toBe(asBefore.stdout);
    expect(grown.stderr).toBe('');
    if (major === 20) expect(grown.count).toBeLessThan(asBefore.count);
  }, 60_000);
});
