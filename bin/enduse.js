#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm run build`, which `npm install` runs through
// `prepare`). In a checkout whose sources changed after that build, or that was never built, it
// runs the TypeScript sources through tsx instead, so nobody runs stale code by accident.
import { existsSync, readdirSync, statSync } from 'node:fs';

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
