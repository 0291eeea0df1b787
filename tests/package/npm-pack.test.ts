// The package as a user gets it: `npm pack` of the compiled build, installed into an empty folder
// with production dependencies only, runs `enduse --version`, `npx enduse report` and
// `enduse serve` (dashboard bundle built ahead, heavy questions in compiled worker threads).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distIsFresh, REPO } from '../support/built-dist.ts';
import { freePort } from '../support/free-port.ts';

const fresh = distIsFresh();
if (!fresh && process.env.CI !== 'true') console.warn('tests/package/npm-pack.test.ts skipped: dist/ is missing or older than src/ (run `npm run build`; `npm test` does)');

describe.runIf(fresh || process.env.CI === 'true')('the npm package, installed without development dependencies', () => {
  let installed: string;
  let enduse: string;

  beforeAll(() => {
    expect(fresh, 'dist/ must be built from the current sources: run `npm run build` (npm test does)').toBe(true);
    const packed = mkdtempSync(join(tmpdir(), 'enduse-pack-'));
    // The build is already there: packing again must not rebuild it under the other tests' feet.
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packed], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    installed = mkdtempSync(join(tmpdir(), 'enduse-installed-'));
    execFileSync('npm', ['init', '-y'], { cwd: installed, stdio: 'ignore' });
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(packed, tarball)], { cwd: installed, stdio: 'pipe' });
    enduse = join(installed, 'node_modules', '.bin', 'enduse');
  }, 600_000);

  it('carries the build, the data and no sources or development tools', () => {
    const packageDir = join(installed, 'node_modules', 'enduse');
    expect(existsSync(join(packageDir, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(packageDir, 'dist', 'web', 'app.js'))).toBe(true);
    // The validated reference data, so a start need not check the CSV files again (src/load/reference-cache.ts).
    expect(existsSync(join(packageDir, 'dist', 'reference-cache.json'))).toBe(true);
    expect(existsSync(join(packageDir, 'data', 'reference', 'lists.csv'))).toBe(true);
    expect(existsSync(join(packageDir, 'src'))).toBe(false);
    for (const tool of ['tsx', 'esbuild', 'typescript', 'vitest']) expect(existsSync(join(installed, 'node_modules', tool)), tool).toBe(false);
  });

  it('prints its version', () => {
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(execFileSync(enduse, ['--version'], { cwd: installed, encoding: 'utf8' }).trim()).toBe(version);
  });

  it('reports the shipped cases through npx', () => {
    const report = execFileSync('npx', ['--no-install', 'enduse', 'report'], { cwd: installed, encoding: 'utf8' });
    expect(report).toContain('Blue Coat');
    expect(report).toContain('Syrian Telecommunications Establishment');
  }, 120_000);

  it('serves the API, the prebuilt dashboard and heavy questions from compiled workers', async () => {
    const port = await freePort();
    const child = spawn(enduse, ['serve', '--host', '127.0.0.1', '--port', String(port)], {
      cwd: installed,
      env: { ...process.env, ENDUSE_API_KEYS: '', LOG_LEVEL: 'warn', ENDUSE_DATA_DIR: join(installed, 'data-folder'), ENDUSE_AUDIT_LOG: join(installed, 'audit.jsonl') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`enduse serve did not start: ${output}`)), 90_000);
        child.stdout.on('data', () => output.includes('dashboard: ') && (clearTimeout(timer), resolve()));
        child.once('exit', () => reject(new Error(`enduse serve exited: ${output}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      const bundle = await fetch(`${base}/app.js`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toContain('javascript');
      expect((await bundle.text()).length).toBeGreaterThan(10_000);
      const routes = await fetch(`${base}/api/entities/bluecoat/routes?asOf=2011-06-30`);
      expect(routes.status, output).toBe(200);
      const answer = (await routes.json()) as { routes: unknown[] };
      expect(answer.routes.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  }, 180_000);

});
