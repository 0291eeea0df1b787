// `npm run build` (also `prepare`, so at `npm install` and before `npm pack`): compiles src/ into
// dist/ with tsc, bundles the dashboard's browser code into dist/web, copies its static files, and
// writes dist/.built last, the stamp bin/enduse.js compares the sources against.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowserCode } from '../src/api/browser-bundle.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  process.stderr.write('build: tsc failed (see above); dist/ is left without its stamp, so enduse runs from the sources\n');
  process.exit(1);
}
const webDir = join(dist, 'web');
mkdirSync(webDir, { recursive: true });
for (const [name, code] of await bundleBrowserCode(join(root, 'src/web'))) writeFileSync(join(webDir, name), code);
cpSync(join(root, 'src/web/static'), join(webDir, 'static'), { recursive: true });
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
process.stderr.write(`build: compiled enduse into ${dist}\n`);
