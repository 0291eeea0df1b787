// `npm run build` (also `prepare`, so at `npm install` and before `npm pack`): bundles src/ into
// dist/ with esbuild (scripts/bundle-cli.ts), bundles the dashboard's browser code into dist/web,
// copies its static files, and writes dist/.built last, the stamp bin/enduse.js compares the
// sources against. Types are checked apart (`npm run typecheck`, the first step of `npm test`).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowserCode } from '../src/api/browser-bundle.ts';
import { bundleCli } from './bundle-cli.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
try {
  await bundleCli(root, dist);
} catch {
  // esbuild has printed what failed and where.
  process.stderr.write('build: bundling failed (see above); dist/ is left without its stamp, so enduse runs from the sources\n');
  process.exit(1);
}
const webDir = join(dist, 'web');
mkdirSync(webDir, { recursive: true });
for (const [name, code] of await bundleBrowserCode(join(root, 'src/web'))) writeFileSync(join(webDir, name), code);
cpSync(join(root, 'src/web/static'), join(webDir, 'static'), { recursive: true });
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
process.stderr.write(`build: bundled enduse into ${dist}\n`);
