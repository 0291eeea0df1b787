// `enduse --help` must not load what the commands run: each command's declaration module
// (src/cli/commands/NAME.ts) imports no analysis, and its action (NAME-run.ts) is imported only
// when the command runs. This bundles the CLI as `npm run build` does and follows the imports the
// entry point loads at start (not those it loads on demand).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../scripts/bundle-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'enduse-lazy-commands-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every input the entry point imports at start, with the chain that brings it in. */
async function loadedAtStart(): Promise<Map<string, string>> {
  const meta = await bundleCli(root, out);
  const chains = new Map<string, string>([['src/cli/main.ts', 'src/cli/main.ts']]);
  const queue = ['src/cli/main.ts'];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const imported of meta.inputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external || chains.has(imported.path)) continue;
      chains.set(imported.path, `${chains.get(file)} → ${imported.path}`);
      queue.push(imported.path);
    }
  }
  return chains;
}

describe('the CLI at start', () => {
  it('loads the command declarations, not the commands: no analysis, loading, schema or their libraries', async () => {
    const chains = await loadedAtStart();
    expect(chains.has('src/cli/commands/routes.ts'), 'the declarations are loaded').toBe(true);
    // The leaf modules the help reads its defaults and names from.
    const leaves = new Set(['src/analysis/search-limits.ts', 'src/analysis/route-types.ts', 'src/analysis/search-budget.ts']);
    const heavy = [...chains.keys()].filter(
      (input) =>
        /^src\/cli\/commands\/.*-run\.ts$/.test(input) ||
        (/^src\/(analysis|load|store\/(compact|memory)|report|resolve|import|datasets|api)\//.test(input) && !leaves.has(input) && input !== 'src/load/reference-files.ts') ||
        input === 'src/domain/schema.ts' ||
        /node_modules\/(zod|csv-parse|csv-stringify|i18n-iso-countries|iso-3166|graphology|jsonc-parser|cli-progress|neo4j-driver|express)\//.test(input),
    );
    expect(heavy.map((input) => chains.get(input))).toEqual([]);
  }, 120_000);
});
