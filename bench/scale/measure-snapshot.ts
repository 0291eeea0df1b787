// Child process of the scale benchmark: writes the dataset's snapshot once (enduse index), then
// times reading it back into a ready store (checksum included) in fresh processes of its own
// (--read), so each reading's memory and caches are its own. It also times the CRC-32 checks alone
// (over the whole file, one thread), to show their share, and checks that the snapshot answers the flags question as the CSV does.
// Usage: tsx bench/scale/measure-snapshot.ts DIR SNAPSHOT AS_OF RUNS | --read SNAPSHOT AS_OF
import { createReadStream, statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { inputDigests } from '../../src/snapshot/input-digests.ts';
import { readSnapshot } from '../../src/snapshot/read-snapshot.ts';
import { writeSnapshot } from '../../src/snapshot/write-snapshot.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { runMeasuringChild } from '../measuring-child.ts';
import { cpuSeconds, peakMemoryMb, printResult, round, summarise } from './stats.ts';

if (process.argv[2] === '--read') {
  const [, snapshot, asOf] = process.argv.slice(2);
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  const store = new CompactStore();
  await store.loadState((await readSnapshot(snapshot!)).state);
  const view = await store.view();
  const ms = performance.now() - started;
  printResult({ ms: round(ms), cpuSeconds: round(cpuSeconds() - cpuBefore), peakMb: peakMemoryMb(), flagged: flaggedEntities(view, asOf!).size });
} else {
  const [folder, snapshot, asOf = '2024-06-30', runsText = '3'] = process.argv.slice(2);
  const { csvFlagged, writeMs } = await writeFromCsv(folder!, snapshot!, asOf);
  const reads = [];
  for (let run = 0; run < Number(runsText); run++) {
    const answer = await runMeasuringChild(new URL(import.meta.url).pathname, ['--read', snapshot!, asOf], { limitMs: 300_000 });
    if (answer.result === undefined) throw new Error(`reading the snapshot failed: ${answer.failure}`);
    reads.push(answer.result as { ms: number; cpuSeconds: number; peakMb: number; flagged: number });
  }
  if (reads.some((read) => read.flagged !== csvFlagged)) throw new Error(`the snapshot flags ${reads[0]!.flagged} entities, the CSV ${csvFlagged}`);
  const checksumStarted = performance.now();
  let crc = 0;
  for await (const chunk of createReadStream(snapshot!, { highWaterMark: 1 << 24 })) crc = crc32(chunk as Buffer, crc);
  printResult({
    bytes: statSync(snapshot!).size,
    writeMs: round(writeMs),
    read: summarise(reads.map((read) => read.ms)),
    readCpuSeconds: summarise(reads.map((read) => read.cpuSeconds)).median,
    readPeakMb: Math.max(...reads.map((read) => read.peakMb)),
    checksumMs: round(performance.now() - checksumStarted),
    flaggedSame: true,
    peakMb: peakMemoryMb(),
  });
}

/**
 * Loads the CSV, counts its flagged entities and writes the snapshot. In a function of its own so
 * the loaded state is unreachable once it returns: at 10M it holds about 6 GB, which the readers
 * started next would otherwise have to fit beside.
 */
async function writeFromCsv(folder: string, snapshot: string, asOf: string): Promise<{ csvFlagged: number; writeMs: number }> {
  const state = await compactStateFromFiles([folder]);
  const csvFlagged = flaggedEntities(await viewOf(state), asOf).size;
  const writeAt = performance.now();
  writeSnapshot(state, snapshot, { inputs: await inputDigests([folder]), writtenBy: 'bench' });
  return { csvFlagged, writeMs: performance.now() - writeAt };
}

async function viewOf(state: Parameters<CompactStore['loadState']>[0]) {
  const store = new CompactStore();
  await store.loadState(state);
  return store.view();
}
