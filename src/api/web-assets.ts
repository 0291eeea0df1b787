// Serves the dashboard: static files from src/web/static, the browser code bundled from
// src/web/app.ts by esbuild on first request (kept in memory; no separate build step), and the
// Swagger UI files for the docs page from the swagger-ui-dist package (only the files listed).
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import express, { type Router } from 'express';

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../web');
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

/** Browser entry points, served as `/<name>.js`. */
const ENTRY_POINTS = { app: join(WEB_DIR, 'app.ts') } as const;

let bundles: Promise<Map<string, string>> | undefined;

/** Bundles the browser code once per process; the server may call it at start to warm up. */
export function browserBundles(): Promise<Map<string, string>> {
  bundles ??= build({
    entryPoints: ENTRY_POINTS,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    write: false,
    outdir: '/bundle',
    loader: { '.json': 'json' },
    logLevel: 'silent',
    legalComments: 'none',
  }).then((result) => new Map(result.outputFiles.map((file) => [`/${file.path.split('/').pop()}`, file.text])));
  bundles.catch(() => {
    bundles = undefined;
  });
  return bundles;
}

export function webRouter(): Router {
  const router = express.Router();
  router.get(['/app.js'], async (req, res, next) => {
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
