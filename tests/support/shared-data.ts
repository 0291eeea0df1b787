// Where the real public data of ../shared/data is, and whether this checkout has it.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
export const hasSharedData = existsSync(join(SHARED_DATA, 'SOURCES.md'));

/** Call at the top of a real-data test file: says why its suites are skipped. */
export function noteIfSharedDataMissing(what: string): void {
  if (!hasSharedData) console.warn(`skipping ${what}: ${SHARED_DATA} is absent (real public data, see SOURCES.md there)`);
}
