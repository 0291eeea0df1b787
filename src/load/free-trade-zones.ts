// Reads the free-trade-zone keywords (data/reference/free-trade-zones.csv) that the
// FREE_TRADE_ZONE_ADDRESS red flag matches against consignee addresses and names.
import { SHIPPED_DATA_MAX_BYTES } from '../settings/input-limit.ts';
import { join } from 'node:path';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import { freeTradeZoneSchema, type FreeTradeZone } from '../domain/red-flags.ts';
import { columnsOf } from '../domain/schema.ts';
import { REFERENCE_DIR } from './load-datasets.ts';
import { readCsvFile } from './read-csv.ts';
import { parseRows } from './validate-dataset.ts';
import { appendAll } from '../domain/append-all.ts';
import { cachedReference } from './reference-cache.ts';

export const FREE_TRADE_ZONES_FILE = 'free-trade-zones.csv';

/**
 * Every row of `free-trade-zones.csv` in `directory`, validated; throws InvalidInputError with
 * every problem (file, line, field) when any row is bad.
 *
 * @example readFreeTradeZones().find((zone) => zone.keyword === 'JAFZA')?.name // 'Jebel Ali Free Zone'
 */
export function readFreeTradeZones(directory: string = REFERENCE_DIR): FreeTradeZone[] {
  const cached = cachedReference(directory)?.freeTradeZones;
  if (cached !== undefined) return cached;
  const file = join(directory, FREE_TRADE_ZONES_FILE);
  const problems: Problem[] = [];
  const read = readCsvFile(file, columnsOf(freeTradeZoneSchema), SHIPPED_DATA_MAX_BYTES);
  appendAll(problems, read.problems);
  const zones = parseRows(read.rows, freeTradeZoneSchema, problems).map(([zone]) => zone as FreeTradeZone);
  if (problems.length > 0) throw new InvalidInputError(`free-trade-zone keywords in ${file} are invalid`, problems);
  return zones;
}
