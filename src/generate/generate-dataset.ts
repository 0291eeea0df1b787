// `enduse generate`: writes a realistic synthetic dataset folder in the normal CSV format,
// byte for byte the same for the same seed and sizes.
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { COLLECTIONS, columnsOf, type CollectionName, type EntityKind } from '../domain/schema.ts';
import { CSV_FILE_NAMES } from '../load/read-source.ts';
import { entityRow, HUB_COUNTRIES, planEntities, type EntityPlan, entityId } from './entity-plan.ts';
import { period, relationshipRows } from './relationship-plan.ts';
import { cumulativeOf, pickWeighted, randomIndex, seededRandom, type Random } from './seeded-random.ts';

export interface GenerateOptions {
  entities: number;
  relationships: number;
  seed: number;
  /** Codes of the lists listings may use (from data/reference/lists.csv). */
  listCodes: readonly string[];
}

export interface GenerateSummary {
  entities: number;
  relationships: number;
  listings: number;
  jurisdictions: number;
}

export { MIN_GENERATED_ENTITIES } from './generate-limits.ts';

/** Kinds listings fall on, with weights: people and holding companies most, so the 50% rule bites. */
const LISTED_KINDS: readonly [EntityKind, number][] = [
  ['person', 30], ['company', 25], ['distributor', 8], ['reseller', 10], ['front_company', 10], ['end_user', 15], ['freight_forwarder', 2],
];
const ROWS_PER_WRITE = 20_000;

/**
 * Writes entities.csv, relationships.csv, listings.csv and jurisdictions.csv into `folder`.
 *
 * @example await generateDataset('/tmp/big', { entities: 1_000_000, relationships: 5_000_000, seed: 1, listCodes })
 */
export async function generateDataset(folder: string, options: GenerateOptions): Promise<GenerateSummary> {
  mkdirSync(folder, { recursive: true });
  const random = seededRandom(options.seed);
  const plan = planEntities(options.entities);
  await writeCsv(folder, 'entities', entityRows(random, plan));
  await writeCsv(folder, 'relationships', relationshipRows(random, plan, options.relationships));
  const listings = Math.max(10, Math.round(options.entities * 0.012));
  await writeCsv(folder, 'listings', listingRows(random, plan, listings, options.listCodes));
  const jurisdictions = jurisdictionRows();
  await writeCsv(folder, 'jurisdictions', jurisdictions);
  return { entities: options.entities, relationships: options.relationships, listings, jurisdictions: jurisdictions.length };
}

function* entityRows(random: Random, plan: EntityPlan): Generator<Record<string, string>> {
  for (const block of Object.values(plan.blocks)) {
    for (let offset = 0; offset < block.count; offset++) yield entityRow(random, block, offset);
  }
}

function* listingRows(random: Random, plan: EntityPlan, count: number, listCodes: readonly string[]): Generator<Record<string, string>> {
  const kindWeights = cumulativeOf(LISTED_KINDS.map(([, weight]) => weight));
  // The first list (OFAC SDN in the shipped reference) is the most used, as in real data.
  const listWeights = cumulativeOf(listCodes.map((_, index) => (index === 0 ? 4 : 1)));
  for (let index = 0; index < count; index++) {
    const block = plan.blocks[LISTED_KINDS[pickWeighted(random, kindWeights)]![0]];
    const [from, to] = period(random, 0.95, 0.1);
    yield { entity_id: entityId(block, randomIndex(random, block.count)), list: listCodes[pickWeighted(random, listWeights)]!, from, to, source: `synthetic listing ${index + 1}` };
  }
}

/** Transshipment hubs as dated flags, on top of the reference jurisdictions read with every dataset. */
function jurisdictionRows(): Record<string, string>[] {
  const source = 'FinCEN/BIS joint alert FIN-2022-Alert003 (28 Jun 2022) and supplement (19 May 2023), hubs as summarised in DOMAIN.md (check)';
  return HUB_COUNTRIES.map((code) => ({ code, flag: 'transshipment_hub', from: '2022-06-28', source }));
}

/**
 * Streams rows to a CSV file with the collection's header (read off the schema, so new optional
 * columns stay empty), quoting as RFC 4180 needs.
 */
async function writeCsv(folder: string, collection: CollectionName, rows: Iterable<Record<string, string>>): Promise<void> {
  const file = createWriteStream(join(folder, CSV_FILE_NAMES[collection]));
  const columns = columnsOf(COLLECTIONS[collection]).all;
  file.write(stringify([columns]));
  let batch: string[][] = [];
  const flush = async () => {
    if (!file.write(stringify(batch))) await once(file, 'drain');
    batch = [];
  };
  for (const row of rows) {
    batch.push(columns.map((column) => row[column] ?? ''));
    if (batch.length === ROWS_PER_WRITE) await flush();
  }
  if (batch.length > 0) await flush();
  file.end();
  await once(file, 'finish');
}
