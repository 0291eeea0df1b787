// `npm run bench`: every benchmark, one after the other, each in its own process (its memory and
// its event loop to itself): the CLI's start, the scale benchmark, the HTTP API under load, then
// Neo4j (loading, projection, push-down) beside the embedded store. Arguments (such as
// --quick, --with-1m) are passed to each. Exits non-zero when one of them fails.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHMARKS = ['bench/cli-start.ts', 'bench/scale/run.ts', 'bench/api-load.ts', 'bench/neo4j/run.ts'];

let failed = 0;
for (const script of BENCHMARKS) {
  process.stderr.write(`bench: running ${script}\n`);
  const run = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, script), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stderr.write(`bench: ${script} failed (${run.signal ?? `exit code ${run.status}`})\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
