// A progress bar for reading large datasets: bytes read of all files, rows, rows per second and
// time left, on a terminal only (nothing when output is piped or captured).
import type { LoadProgress } from '../load/stream-datasets.ts';

export interface LoadProgressBar {
  update(progress: LoadProgress): void;
  stop(): void;
}

/** A bar on `stream`, or one that does nothing when there is no terminal. */
export async function loadProgressBar(stream: NodeJS.WriteStream | undefined): Promise<LoadProgressBar> {
  if (stream === undefined) return { update() {}, stop() {} };
  // Only a terminal gets a bar: cli-progress (and the readline it loads) is not read otherwise.
  // Its module.exports as Node gives it (a CommonJS package: named imports are not reliable here).
  const { Presets, SingleBar } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    { stream, format: 'reading [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 },
    Presets.shades_classic,
  );
  const started = performance.now();
  let running = false;
  return {
    update({ bytesDone, bytesTotal, rows }) {
      const payload = { rows: rows.toLocaleString('en'), rate: Math.round(rows / Math.max(0.001, (performance.now() - started) / 1000)).toLocaleString('en') };
      if (!running) {
        bar.start(bytesTotal, bytesDone, payload);
        running = true;
      } else {
        bar.update(bytesDone, payload);
      }
    },
    stop() {
      if (running) bar.stop();
    },
  };
}
