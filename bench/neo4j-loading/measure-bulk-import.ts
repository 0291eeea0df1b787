// Child process of the loading benchmark: a dataset folder into a fresh Neo4j by the bulk
// importer, end to end: `enduse export --format neo4j-admin` (read, validate, write the files),
// neo4j-admin's importer and the server start (the test server's --import-from), and enduse's
// first connection (constraints and indexes of cypher/schema.cypher built over the imported graph).
// Usage: tsx bench/neo4j-loading/measure-bulk-import.ts DIR
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { writeAdminImportFiles } from '../../src/store/neo4j/admin-import-files.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { printResult, round } from '../scale/stats.ts';
import { log, testServerScript } from './test-server.ts';

const folder = process.argv[2]!;
const scratch = mkdtempSync(join(tmpdir(), 'enduse-bench-export-'));
const out = join(scratch, 'neo4j-admin');
const script = await testServerScript();
const started = performance.now();
let importerSays: string | undefined;
const logAndKeep = (line: string) => {
  log(line);
  importerSays = /IMPORT DONE in ([^.]*)/.exec(line)?.[1] ?? importerSays;
};
try {
  const store = new CompactStore();
  await store.loadState(await compactStateFromFiles([folder]));
  mkdirSync(out);
  const summary = await writeAdminImportFiles(await store.view(), out);
  const exportMs = performance.now() - started;
  const exportCpu = process.cpuUsage();
  log(`exported in ${(exportMs / 1000).toFixed(1)} s; importing`);
  const server = await script.startNeo4jTestServer({ log: logAndKeep, importFrom: out });
  const importMs = performance.now() - started - exportMs;
  try {
    const neo4j = await Neo4jStore.connect({ uri: server.uri });
    const schemaMs = performance.now() - started - exportMs - importMs;
    const { records } = await neo4j.driver.executeQuery('MATCH (e:Entity) WITH count(e) AS entities MATCH ()-[r]->() RETURN entities, count(r) AS relationships');
    await neo4j.close();
    const totalMs = performance.now() - started;
    const rows = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
    const stored = { entities: Number(records[0]!.get('entities')), relationships: Number(records[0]!.get('relationships')) };
    if (stored.entities !== summary.rows.entities || stored.relationships !== summary.rows.relationships + summary.rows.listings) {
      throw new Error(`imported ${JSON.stringify(stored)}, exported ${JSON.stringify(summary.rows)}`);
    }
    printResult({ rows, multilineFields: summary.multilineFields, exportMs: round(exportMs), exportCpuMs: round((exportCpu.user + exportCpu.system) / 1000), importerSays, importAndStartMs: round(importMs), schemaMs: round(schemaMs), totalMs: round(totalMs), rowsPerSecond: Math.round(rows / (totalMs / 1000)) });
  } finally {
    await server.stop();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
