// Whether the compiled build (dist/) is what the sources say, for tests of the built command and
// package: `npm test` builds first, so under it (and in CI) they always run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
const STAMP = join(REPO, 'dist', '.built');

/** Whether dist/ was built after the last change to src/. */
export function distIsFresh(): boolean {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  const changedSince = (folder: string): boolean =>
    readdirSync(folder, { withFileTypes: true }).some((entry) => (entry.isDirectory() ? changedSince(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs > built));
  return !changedSince(join(REPO, 'src'));
}
