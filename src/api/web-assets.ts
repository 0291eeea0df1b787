// Serves the dashboard: static files from src/web/static, the browser code bundled from
// src/web/app.ts by esbuild on first request (kept in memory; no separate build step), and the
// Swagger UI files for the docs page from the swagger-ui-dist package.
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
  router.use('/vendor/swagger-ui', express.static(SWAGGER_DIR, { index: false }));
  router.use('/vendor/world-atlas', express.static(WORLD_ATLAS_DIR, { index: false, maxAge: '1d' }));
  router.use(express.static(STATIC_DIR, { index: 'index.html' }));
  return router;
}
