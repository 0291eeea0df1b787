// Benchmark: the HTTP API in-process (supertest) on a seeded 20k-entity, 60k-edge graph:
// cold and warm latency of search, one entity, routes (k = 1 and 3), exposure and chokepoints.
// Run: npm run bench:http-api   (prints figures, asserts nothing)
import request from 'supertest';
import { createApp } from '../src/api/app.ts';
import { apiConfig } from '../src/api/config.ts';
import { MemoryStore } from '../src/store/memory/memory-store.ts';
import { buildDataset } from '../tests/support/build-dataset.ts';
import { seededRandom } from '../tests/support/random.ts';

const ENTITIES = 20_000;
const EDGES = 60_000;
const random = seededRandom(42);
const entities = Array.from({ length: ENTITIES }, (_, index) => ({
  id: `e${index}`,
  name: `Entity number ${index} Trading`,
  kind: 'company',
  country: index % 100 === 0 ? 'SY' : 'DE',
}));
const relationships = Array.from({ length: EDGES }, () => ({
  source: `e${Math.floor(random() * ENTITIES)}`,
  target: `e${Math.floor(random() * ENTITIES)}`,
  type: 'SUPPLIES',
  start: '2010-01-01',
})).filter((edge) => edge.source !== edge.target);

const store = new MemoryStore();
let started = performance.now();
await store.load(buildDataset({ entities, relationships, jurisdictions: [{ code: 'SY', flag: 'comprehensive_sanctions' }] }));
console.log(`validate + load ${ENTITIES} entities, ${relationships.length} edges: ${(performance.now() - started).toFixed(0)} ms`);

const app = createApp(store, apiConfig());
const from = relationships[0]!.source;
const paths = [
  '/api/entities?q=number%2012&asOf=2011-06-30',
  `/api/entities/${from}?asOf=2011-06-30&depth=2`,
  `/api/entities/${from}/routes?asOf=2011-06-30&maxHops=6`,
  `/api/entities/${from}/routes?asOf=2011-06-30&maxHops=6&k=3`,
  `/api/entities/${from}/exposure?asOf=2011-06-30`,
  `/api/entities/${from}/chokepoints?asOf=2011-06-30&maxHops=4`,
];
for (const path of paths) {
  const times: string[] = [];
  let status = 0;
  for (const run of ['cold', 'warm']) {
    started = performance.now();
    status = (await request(app).get(path)).status;
    times.push(`${run} ${(performance.now() - started).toFixed(0)} ms`);
  }
  console.log(`${status} ${path}: ${times.join(', ')}`);
}
