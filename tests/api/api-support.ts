// Builds apps for the API tests: the embedded (compact) store `enduse serve` uses, with inline data or the shipped cases.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createApp } from '../../src/api/app.ts';
import { apiConfig, type ApiConfig, type ApiLimits } from '../../src/api/config.ts';
import { shippedCases } from '../../src/cases/shipped-cases.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { buildDataset, type InlineDataset } from '../support/build-dataset.ts';

export async function storeOf(inline: InlineDataset): Promise<CompactStore> {
  const store = new CompactStore();
  await store.load(buildDataset(inline));
  return store;
}

/** The three shipped cases merged in one store, as `npm start` serves them. */
export async function shippedStore(): Promise<CompactStore> {
  const store = new CompactStore();
  await store.load(readDatasets(shippedCases().map((shipped) => shipped.directory)));
  return store;
}

export function configWith(overrides: Partial<Omit<ApiConfig, 'limits'>> & { limits?: Partial<ApiLimits> } = {}): ApiConfig {
  return apiConfig({ cases: shippedCases(), ...overrides });
}

/** A logger that keeps every line it writes, to check what the logs hold. */
export function capturingLogger(): { logger: ReturnType<typeof pino>; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

export { createApp };
