// Benchmark: k alternative routes, exposure and screening on a generated dataset (default 20k entities, 100k relationships).
// Run: npx tsx bench/investigation.ts [entities]   (generates into a temp folder; prints figures, asserts nothing)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeExposure } from '../src/analysis/exposure.ts';
import { flaggedEntities } from '../src/analysis/flags.ts';
import { rankedFlaggedRoutes } from '../src/analysis/ranked-routes.ts';
import { findFlaggedRoutes } from '../src/analysis/routes.ts';
import { screenSale } from '../src/analysis/screening.ts';
import { generateDataset } from '../src/generate/generate-dataset.ts';
import { readFreeTradeZones } from '../src/load/free-trade-zones.ts';
import { readDatasets, readReference } from '../src/load/load-datasets.ts';
import { MemoryStore } from '../src/store/memory/memory-store.ts';

async function timed<T>(label: string, run: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(3)} s`);
  return result;
}

const entities = Number(process.argv[2] ?? 20_000);
const out = mkdtempSync(join(tmpdir(), 'enduse-bench-'));
await timed(`generate ${entities} entities, ${entities * 5} relationships (seed 7)`, () =>
  generateDataset(out, { entities, relationships: entities * 5, seed: 7, listCodes: [...readReference().lists.keys()] }),
);
const store = new MemoryStore();
await timed('read, validate and load', async () => store.load(readDatasets([out])));
const view = await store.view();
const asOf = '2024-06-30';
const freeTradeZones = readFreeTradeZones();
const flags = await timed('flags at the as-of date', () => flaggedEntities(view, asOf));
const sources = [...view.entities()].filter((entity) => entity.kind === 'manufacturer').slice(0, 5).map((entity) => entity.id);
for (const from of sources) {
  const single = await timed(`${from}: findFlaggedRoutes`, () => findFlaggedRoutes(view, from, { asOf, flags }));
  for (const k of [1, 5, 20]) {
    const ranked = await timed(`${from}: routes --k ${k} with red flags and scores`, () => rankedFlaggedRoutes(view, from, { asOf, flags, k, sort: 'score', freeTradeZones }));
    console.log(`  ${single.length} flagged targets, ${ranked.length} routes`);
  }
  const exposure = await timed(`${from}: exposure`, () => computeExposure(view, from, { asOf, flags, freeTradeZones }));
  console.log(`  ${exposure.reachable.entities} reachable, ${exposure.byJurisdiction.length} countries`);
  const buyer = view.outEdges(from, ['SUPPLIES'])[0]?.target;
  if (buyer !== undefined) {
    const screening = await timed(`${from}: screen a sale to ${buyer}`, () => screenSale(view, { seller: from, buyer: { id: buyer }, date: asOf }, { freeTradeZones }));
    console.log(`  verdict ${screening.verdict.decision}, ${screening.routes.length} routes through the sale`);
  }
}
