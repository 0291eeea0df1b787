import { Neo4jStore } from '../src/store/neo4j/neo4j-store.ts';
import { viewForSearch } from '../src/analysis/search-strategy.ts';
const store = await Neo4jStore.connect({ uri: process.env.NEO4J_URI! });
for (const from of process.argv[2]!.split(',')) {
  const t = performance.now();
  const pushed = await viewForSearch(store, from, { asOf: '2024-06-30', maxHops: 6 }, 'pushdown');
  console.log(from, Math.round(performance.now() - t), 'ms', pushed.view.entityCount(), pushed.view.relationshipCount());
}
await store.close();
