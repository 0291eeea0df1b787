// Child process of the loading benchmark: a dataset folder into a fresh Neo4j by the bulk
// importer, end to end: `enduse export --format neo4j-admin` (stream, validate, write the files:
// exportAdminImportFiles, what the command runs), neo4j-admin's importer and the server start
// (the test server's --import-from), and enduse's first connection (constraints and indexes of
// cypher/schema.cypher built over the imported graph). The importer's own time is read from its
// "IMPORT DONE in …" line; the server start is the rest of that step.
// Usage: tsx bench/neo4j-loading/measure-bulk-import.ts DIR
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportAdminImportFiles } from '../../src/store/neo4j/admin-import-export.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { peakMemoryMb, printResult, round } from '../scale/stats.ts';
import { log, testServerScript } from './test-server.ts';

const folder = process.argv[2]!;
const scratch = mkdtempSync(join(tmpdir(), 'enduse-bench-export-'));
const out = join(scratch, 'neo4j-admin');
const script = await testServerScript();
const started = performance.now();
let importerSays: string | undefined;
/** The launcher's own lines: the importer's run and the database start, wall and the JVM's CPU so far. */
const launcher: { importerMs?: number; importerCpuMs?: number; startMs?: number; cpuAfterStartMs?: number } = {};
const logAndKeep = (line: string) => {
  log(line);
  importerSays = /IMPORT DONE in ([^.]*)/.exec(line)?.[1] ?? importerSays;
  const timing = /(importer finished|database started) in (\d+) ms \(JVM CPU so far (\d+) ms\)/.exec(line);
  if (timing?.[1] === 'importer finished') [launcher.importerMs, launcher.importerCpuMs] = [Number(timing[2]), Number(timing[3])];
  if (timing?.[1] === 'database started') [launcher.startMs, launcher.cpuAfterStartMs] = [Number(timing[2]), Number(timing[3])];
};
try {
  const summary = await exportAdminImportFiles([folder], out);
  const exportMs = performance.now() - started;
  const exportCpu = process.cpuUsage();
  // enduse's own peak: the importer and the server are other processes.
  const exportPeakMb = peakMemoryMb();
  log(`exported in ${(exportMs / 1000).toFixed(1)} s; importing`);
  const server = await script.startNeo4jTestServer({ log: logAndKeep, importFrom: out });
  const importMs = performance.now() - started - exportMs;
  try {
    const serverCpuBefore = serverCpuMs(out);
    const neo4j = await Neo4jStore.connect({ uri: server.uri });
    const schemaMs = performance.now() - started - exportMs - importMs;
    const serverCpuAfter = serverCpuMs(out);
    const schemaServerCpuMs = serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : serverCpuAfter - serverCpuBefore;
    const { records } = await neo4j.driver.executeQuery('MATCH (e:Entity) WITH count(e) AS entities MATCH ()-[r]->() RETURN entities, count(r) AS relationships');
    await neo4j.close();
    const totalMs = performance.now() - started;
    const rows = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
    const stored = { entities: Number(records[0]!.get('entities')), relationships: Number(records[0]!.get('relationships')) };
    if (stored.entities !== summary.rows.entities || stored.relationships !== summary.rows.relationships + summary.rows.listings) {
      throw new Error(`imported ${JSON.stringify(stored)}, exported ${JSON.stringify(summary.rows)}`);
    }
    // The launcher's whole importer run (JVM start of the tool included), else the importer's own "IMPORT DONE" figure.
    const importerMs = launcher.importerMs ?? (importerSays === undefined ? undefined : durationMs(importerSays));
    const startMs = importerMs === undefined ? undefined : importMs - importerMs;
    printResult({
      rows,
      streamed: summary.streamed,
      multilineFields: summary.multilineFields,
      exportMs: round(exportMs),
      exportCpuMs: round((exportCpu.user + exportCpu.system) / 1000),
      exportPeakMb,
      importerSays,
      importerMs,
      importerCpuMs: launcher.importerCpuMs,
      serverStartCpuMs: launcher.cpuAfterStartMs === undefined || launcher.importerCpuMs === undefined ? undefined : launcher.cpuAfterStartMs - launcher.importerCpuMs,
      schemaServerCpuMs,
      serverStartMs: startMs === undefined ? undefined : round(startMs),
      importAndStartMs: round(importMs),
      schemaMs: round(schemaMs),
      totalMs: round(totalMs),
      rowsPerSecond: Math.round(rows / (totalMs / 1000)),
      rowsPerSecondWithoutStart: startMs === undefined ? undefined : Math.round(rows / ((totalMs - startMs) / 1000)),
    });
  } finally {
    await server.stop();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** The test server's CPU time so far (user + system, from /proc), found by the import folder on its command line; undefined off Linux. */
function serverCpuMs(importFolder: string): number | undefined {
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!commandLine.includes(importFolder) || !commandLine.includes('--import-from')) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
      return (Number(fields[11]) + Number(fields[12])) * 10;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** "1m 3s 25ms" (the importer's way) in milliseconds. */
function durationMs(text: string): number | undefined {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const parts = [...text.matchAll(/(\d+)(ms|h|m|s)\b/g)];
  return parts.length === 0 ? undefined : parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit!]!, 0);
}
