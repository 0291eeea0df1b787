#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm run build`, which `npm install` runs through
// `prepare`). In a checkout whose sources changed after that build, or that was never built, it
// runs the TypeScript sources through tsx instead, so nobody runs stale code by accident.
import { existsSync, readdirSync, statSync } from 'node:fs';

// A command allocates some 10 MB as it starts (its modules, the case, the index over it), and V8
// grows the young generation from 1 MB by doubling it each time it fills: nine collections for
// `enduse routes` on a shipped case, a mark-compact among them, tens of ms of CPU. Grown eightfold
// at once, four scavenges. Only the growth changes, not the largest size (enduse serve sets that,
// src/cli/commands/serve-young-generation.ts); V8 reads the factor at each growth, so unlike the
// size it can be set here. Not over sizes the user chose (node flags, NODE_OPTIONS); only on Node
// 20, whose V8 was checked to have the flag (one without it prints an error); not for a bare
// --help or --version, which allocate little (loading node:v8 costs a few ms).
const args = process.argv.slice(2);
const printsOnly = args.length === 0 || args.every((arg) => ['-h', '--help', '-V', '--version', 'help'].includes(arg));
const sizesChosen = /semi[-_]space/.test([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '));
if (process.versions.node.split('.')[0] === '20' && !printsOnly && !sizesChosen) (await import('node:v8')).setFlagsFromString('--semi-space-growth-factor=8');

const root = new URL('../', import.meta.url);
const stamp = new URL('dist/.built', root);
const sources = new URL('src/', root);

/** Whether any file under `folder` changed after `time` (ms). */
function changedSince(folder, time) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory() ? changedSince(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

const built = existsSync(stamp) && !(existsSync(sources) && changedSince(sources.pathname, statSync(stamp).mtimeMs));
if (built) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
