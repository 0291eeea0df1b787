// Where enduse's own files are (data/, cypher/, the dashboard, the worker entry, package.json),
// found from the package root rather than by counting `../` from the calling module: the same code
// runs from src/ under tsx and bundled into dist/ chunks that sit at other depths.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding enduse's package.json: the nearest one above this module named `enduse`. */
function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'enduse') return folder;
    if (dirname(folder) === folder) throw new Error(`enduse's package.json was not found above ${start}: reinstall enduse (npm install enduse)`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Whether this process runs the TypeScript sources (tsx) rather than the build in dist/. */
export const RUNS_FROM_SOURCES = import.meta.url.endsWith('.ts');

/** A path inside the package, e.g. `packageFile('data', 'reference')`. */
export function packageFile(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
