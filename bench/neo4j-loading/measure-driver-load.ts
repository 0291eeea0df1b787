// Child process of the loading benchmark: a dataset into a fresh Neo4j through the driver
// (enduse load: idempotent batches committed in order), then the same load again (every row
// already there: the incremental path at its most expensive, each row merged).
// Usage: tsx bench/neo4j-loading/measure-driver-load.ts DIR BATCH_SIZE [--no-reload]
import { readDatasets } from '../../src/load/load-datasets.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { peakMemoryMb, printResult, round } from '../scale/stats.ts';
import { log, testServerScript } from './test-server.ts';

const [folder, batchSizeText = '5000', ...flags] = process.argv.slice(2);
const batchSize = Number(batchSizeText);
const readStarted = performance.now();
const dataset = readDatasets([folder!]);
const readMs = performance.now() - readStarted;
const rows = dataset.entities.length + dataset.relationships.length + dataset.listings.length + dataset.jurisdictions.length + dataset.lists.length;
const server = await (await testServerScript()).startNeo4jTestServer({ log });
try {
  const store = await Neo4jStore.connect({ uri: server.uri });
  try {
    log(`loading ${rows} rows through the driver`);
    const loadStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    let lastLogged = 0;
    await store.load(dataset, {
      batchSize,
      // A long load says how it goes, so a run cut short still tells its rate.
      onProgress: ({ phase, written }) => {
        if (performance.now() - lastLogged < 30_000) return;
        lastLogged = performance.now();
        log(`${phase}: ${written} written after ${((lastLogged - loadStarted) / 1000).toFixed(0)} s`);
      },
    });
    const loadMs = performance.now() - loadStarted;
    const cpu = process.cpuUsage(cpuBefore);
    let reload: { ms: number; rowsPerSecond: number } | undefined;
    if (!flags.includes('--no-reload')) {
      log('loading the same rows again');
      const reloadStarted = performance.now();
      await store.load(dataset, { batchSize });
      const reloadMs = performance.now() - reloadStarted;
      reload = { ms: round(reloadMs), rowsPerSecond: Math.round(rows / (reloadMs / 1000)) };
    }
    printResult({ rows, batchSize, readMs: round(readMs), load: { ms: round(loadMs), rowsPerSecond: Math.round(rows / (loadMs / 1000)), clientCpuMs: round((cpu.user + cpu.system) / 1000) }, reload, peakMemoryMb: peakMemoryMb() });
  } finally {
    await store.close();
  }
} finally {
  await server.stop();
}
