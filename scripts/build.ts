// `npm run build` (also `prepare`, so at `npm install` and before `npm pack`): bundles src/ into
// dist/ with esbuild (scripts/bundle-cli.ts), bundles the dashboard's browser code into dist/web,
// copies its static files, caches the validated reference data (dist/reference-cache.json), and
// writes dist/.built last, the stamp bin/enduse.js compares the
// sources against. Types are checked apart (`npm run typecheck`, the first step of `npm test`).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowserCode } from '../src/api/browser-bundle.ts';
import { bundleCli } from './bundle-cli.ts';
import { InvalidInputError } from '../src/domain/errors.ts';
import { encodeReferenceCache, referenceDigest } from '../src/load/reference-cache.ts';
import { assertJsonFaithful, readReferenceSnapshot } from '../src/load/reference-snapshot.ts';

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
// The shipped reference data, validated once here for every command start to come
// (src/load/reference-cache.ts). Invalid data gets no cache: each command then reads the files
// and names the bad file, line and field, as it would without one.
const referenceDir = join(root, 'data', 'reference');
try {
  const snapshot = readReferenceSnapshot(referenceDir);
  assertJsonFaithful(snapshot);
  writeFileSync(join(dist, 'reference-cache.json'), encodeReferenceCache(snapshot, referenceDigest(referenceDir)));
} catch (error) {
  if (!(error instanceof InvalidInputError)) throw error;
  const problems = error.problems.map((problem) => `  ${[problem.file, problem.line, problem.field].filter((part) => part !== undefined).join(':')}: ${problem.message}\n`);
  process.stderr.write(`build: ${error.message}\n${problems.join('')}build: no reference cache written; enduse reads the reference files at each start and reports these problems\n`);
}
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
process.stderr.write(`build: bundled enduse into ${dist}\n`);
