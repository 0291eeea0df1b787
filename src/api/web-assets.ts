// Serves the dashboard: static files, the browser code bundle (built ahead into dist/web by
// `npm run build`; bundled in memory on first request when enduse runs from its sources), and the
// Swagger UI files for the docs page from the swagger-ui-dist package (only the files listed).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';
import { bundleBrowserCode, ENTRY_POINTS } from './browser-bundle.ts';
import { packageFile, RUNS_FROM_SOURCES } from '../settings/package-files.ts';

/** src/web when running from the sources, dist/web when built (static files copied there). */
const WEB_DIR = RUNS_FROM_SOURCES ? packageFile('src', 'web') : packageFile('dist', 'web');
const STATIC_DIR = join(WEB_DIR, 'static');
const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const SWAGGER_DIR = packageDir('swagger-ui-dist');
const WORLD_ATLAS_DIR = packageDir('world-atlas');

/**
 * The package files the dashboard and the docs page load, and nothing else of those packages:
 * a whole package folder would also serve its package.json, sources and unused files.
 */
export const VENDOR_FILES: Record<string, { file: string; maxAge: string | number }> = {
  '/vendor/swagger-ui/swagger-ui.css': { file: join(SWAGGER_DIR, 'swagger-ui.css'), maxAge: 0 },
  '/vendor/swagger-ui/swagger-ui-bundle.js': { file: join(SWAGGER_DIR, 'swagger-ui-bundle.js'), maxAge: 0 },
  '/vendor/world-atlas/countries-50m.json': { file: join(WORLD_ATLAS_DIR, 'countries-50m.json'), maxAge: '1d' },
};

let bundles: Promise<Map<string, string>> | undefined;

/** The bundles built ahead next to the compiled server, when there are (none beside the sources). */
function prebuiltBundles(): Map<string, string> | undefined {
  const files = ENTRY_POINTS.map((name) => join(WEB_DIR, `${name}.js`));
  if (!files.every((file) => existsSync(file))) return undefined;
  return new Map(ENTRY_POINTS.map((name, index) => [`/${name}.js`, readFileSync(files[index]!, 'utf8')]));
}

/** The browser code, read or bundled once per process; the server may call it at start to warm up. */
export function browserBundles(): Promise<Map<string, string>> {
  const prebuilt = bundles === undefined ? prebuiltBundles() : undefined;
  bundles ??= prebuilt !== undefined ? Promise.resolve(prebuilt) : bundleBrowserCode(WEB_DIR);
  bundles.catch(() => {
    bundles = undefined;
  });
  return bundles;
}

export function webRouter(): Router {
  const router = express.Router();
  router.get(ENTRY_POINTS.map((name) => `/${name}.js`), async (req, res, next) => {
    try {
      const code = (await browserBundles()).get(req.path);
      if (code === undefined) return next();
      res.type('text/javascript').set('Cache-Control', 'no-cache').send(code);
    } catch (error) {
      next(error);
    }
  });
  router.get('/docs', (_req, res) => res.sendFile(join(STATIC_DIR, 'docs.html')));
  for (const [path, { file, maxAge }] of Object.entries(VENDOR_FILES)) router.get(path, (_req, res) => res.sendFile(file, { maxAge }));
  router.use(express.static(STATIC_DIR, { index: 'index.html' }));
  return router;
}
