import { Neo4jStore } from '../src/store/neo4j/neo4j-store.ts';
import { viewForSearch } from '../src/analysis/search-strategy.ts';
import { computeExposure } from '../src/analysis/exposure.ts';
import { rankedFlaggedRoutes } from '../src/analysis/ranked-routes.ts';
import { readFreeTradeZones } from '../src/load/free-trade-zones.ts';
const store = await Neo4jStore.connect({ uri: process.env.NEO4J_URI! });
const t0 = performance.now();
const view = await store.view();
const t1 = performance.now();
console.log('projection', Math.round(t1 - t0), 'ms', view.entityCount(), view.relationshipCount(), 'rss', Math.round(process.memoryUsage().rss / 1e6), 'MB');
const freeTradeZones = readFreeTradeZones();
for (const from of (process.argv[2] ?? 'mfr-1,dst-820').split(',')) {
  const q = { asOf: '2024-06-30', maxHops: 6 };
  let t = performance.now();
  const a = computeExposure(view, from, { ...q, freeTradeZones, limit: 100 });
  const tp = performance.now() - t;
  t = performance.now();
  const pushed = await viewForSearch(store, from, q, 'pushdown');
  const b = computeExposure(pushed.view, from, { ...q, freeTradeZones, limit: 100 });
  const tpd = performance.now() - t;
  console.log(from, 'exposure projection', Math.round(tp), 'ms; pushdown', Math.round(tpd), 'ms; reached', a.reachable.entities, 'same', JSON.stringify(a) === JSON.stringify(b), 'pushdown view entities', pushed.view.entityCount(), 'rels', pushed.view.relationshipCount());
  const r1 = rankedFlaggedRoutes(view, from, { ...q, freeTradeZones });
  const r2 = rankedFlaggedRoutes(pushed.view, from, { ...q, freeTradeZones });
  console.log('  routes', r1.length, 'same', JSON.stringify(r1) === JSON.stringify(r2));
}
await store.close();
