// The dashboard's browser code as one bundle: built ahead by `npm run build` (into dist/web) for
// the compiled CLI, or in memory on first request when enduse runs from its sources. esbuild is a
// development dependency, loaded only here and only when a bundle has to be made.
import { join } from 'node:path';

/** Browser entry points, served as `/<name>.js`, under the folder of the browser sources. */
export const ENTRY_POINTS = ['app'] as const;

/**
 * Bundles the browser sources in `webDir` (src/web), minified: the bundle's file name → its code.
 * @example const bundles = await bundleBrowserCode('/repo/src/web'); bundles.get('/app.js')
 */
export async function bundleBrowserCode(webDir: string): Promise<Map<string, string>> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: Object.fromEntries(ENTRY_POINTS.map((name) => [name, join(webDir, `${name}.ts`)])),
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
  });
  return new Map(result.outputFiles.map((file) => [`/${file.path.split('/').pop()}`, file.text]));
}
