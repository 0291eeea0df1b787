// Bundles the CLI and the server for `npm run build`: esbuild turns src/ into a few files in dist/,
// since Node's ES module loader spent more than half of `enduse --help` finding, reading and
// linking some 130 separate modules. Parts a command needs only sometimes (the server, Neo4j,
// workers) are imported on demand in the sources and stay in chunks of their own (splitting), so a
// start reads only what it runs. The question pool's worker entry is an entry point of its own,
// since piscina loads it by path, and so are the
// relationships reader's worker (src/load/relationship-tail-thread.ts) and the search helper
// (src/analysis/compact/layer-helper.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { ONE_COLUMN_CHARACTERS } from './one-column-text.ts';

/** The built files that are loaded by path, each from its source (dist/<name>.js). */
export const CLI_ENTRY_POINTS = {
  'cli/main': 'src/cli/main.ts',
  'api/questions/question-worker-task': 'src/api/questions/question-worker-task.ts',
  'load/relationship-tail-worker': 'src/load/relationship-tail-worker.ts',
  'analysis/compact/layer-helper-worker': 'src/analysis/compact/layer-helper-worker.ts',
};

/**
 * Runtime dependencies copied into the bundle: the small, pure libraries every command starts with.
 * The others (the server's express, pino and piscina, neo4j-driver, the files the server sends from
 * swagger-ui-dist and world-atlas) stay packages loaded from node_modules, as written, so that
 * whatever they read beside themselves is where they expect it.
 */
const BUNDLED = new Set(['commander', 'zod', 'yaml', 'picocolors', 'wrap-ansi', 'cli-progress', 'csv-parse', 'csv-stringify', 'jsonc-parser', 'i18n-iso-countries', 'iso-3166', 'fastest-levenshtein', 'graphology', 'graphology-shortest-path']);

/**
 * zod with its English messages only: its `z` namespace re-exports every one of its translations
 * (half of zod's code, which each start would compile), and enduse never picks another.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: "export { default as en } from './en.js';", resolveDir: dirname(args.path), loader: 'js' }));
  },
};

/**
 * wrap-ansi and its string-width with their Intl.Segmenter made on first use, not at load: making
 * one loads ICU's break rules, tens of milliseconds that `enduse --help` and every output that
 * wraps no line paid for nothing. The same segmenter, the same widths; where a later version no
 * longer has the line, the file is bundled as it is.
 */
const lazyTextSegmenters: Plugin = {
  name: 'lazy-text-segmenters',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/](?:.*[\\/])?(?:string-width|wrap-ansi)[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = 'const segmenter = new Intl.Segmenter();';
      if (!source.includes(eager)) return undefined;
      return { contents: widerFastPath(source.replace(eager, 'let madeSegmenter; const segmenter = { segment: (text) => (madeSegmenter ??= new Intl.Segmenter()).segment(text) };')), loader: 'js' };
    });
  },
};

/**
 * string-width's fast path (width = length) taken for the narrow characters of
 * scripts/one-column-text.ts as well as for printable ASCII: its first other character otherwise
 * compiles the Unicode property expressions (\p{RGI_Emoji} and others) that the rest of its code
 * tests each grapheme with. Same widths; without that line (another version) the file is as it is.
 */
function widerFastPath(source: string): string {
  return source.replace('if (/^[\\u0020-\\u007E]*$/.test(string)) {', () => `if (/^[${ONE_COLUMN_CHARACTERS}]*$/.test(string)) {`);
}

/** Writes the bundle into `dist` (built from `root`); returns esbuild's account of it. */
export async function bundleCli(root: string, dist: string): Promise<Metafile> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // esbuild and tsx are development tools the sources load only when they run under tsx.
  const external = [...Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name)), 'esbuild', 'tsx'];
  const result = await build({
    absWorkingDir: root,
    entryPoints: CLI_ENTRY_POINTS,
    outdir: dist,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Node 20 has regular expressions with \p{…} and the v flag; esbuild's tables do not say so and
    // would rewrite each such literal into `new RegExp(…)`, which parses its Unicode sets at load.
    supported: { 'regexp-unicode-property-escapes': true, 'regexp-set-notation': true },
    // The ES module build where a package has one (jsonc-parser's CommonJS one requires its files by relative path).
    mainFields: ['module', 'main'],
    external: external.flatMap((name) => [name, `${name}/*`]),
    // Bundled CommonJS libraries call require() for Node's own modules; ES modules have none.
    plugins: [zodEnglishOnly, lazyTextSegmenters],
    banner: { js: "import { createRequire as enduseCreateRequire } from 'node:module'; const require = enduseCreateRequire(import.meta.url);" },
    // Less text for V8 to parse at each start; names are kept, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}
