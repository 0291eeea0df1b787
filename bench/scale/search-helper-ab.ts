// Exposure of the largest manufacturer (limit 100, as the API answers) with the route search on
// one thread against two (the helper thread, src/analysis/compact/layer-helper.ts), in one process
// over one loaded snapshot, alternating which goes first, wall time, with a check that both give
// the same answer and the same search state for state.
// Usage: tsx bench/scale/search-helper-ab.ts SNAPSHOT [RUNS] [AS_OF]
import { compactRouteSearch } from '../../src/analysis/compact/flagged-routes.ts';
import { configureSearchHelper, searchHelperUp } from '../../src/analysis/compact/layer-helper.ts';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { readSnapshot } from '../../src/snapshot/read-snapshot.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { summarise } from './stats.ts';

const [snapshot, runs = '5', asOf = '2024-06-30'] = process.argv.slice(2);
if (snapshot === undefined) throw new Error('usage: tsx bench/scale/search-helper-ab.ts SNAPSHOT [RUNS] [AS_OF]');
const store = new CompactStore();
await store.loadState((await readSnapshot(snapshot)).state);
const view = await store.view();
const graph = view.compact!()!;
const flags = flaggedEntities(view, asOf);
const FROM = 'mfr-1';
const oneThread = { minEntities: Number.POSITIVE_INFINITY };
const twoThreads = { minEntities: 0 };
configureSearchHelper(twoThreads);
if (!(await searchHelperUp(graph))) throw new Error('the search helper did not start (one core, or not the main thread?)');

/** The search's whole result, hashed: states in order with arrival, edge and parent, and the entities reached. */
function searchHash(): string {
  const { states, found, reached } = compactRouteSearch(graph, graph.indexOf(FROM)!, { asOf, product: undefined, maxHops: 6, flags, collectReached: true });
  let hash = 0;
  for (let state = 0; state < states.length; state++) hash = (Math.imul(hash, 31) + states.node[state]! * 7 + states.time[state]! * 13 + states.edge[state]! * 17 + states.parent[state]!) | 0;
  for (let index = 0; index < reached.length; index++) hash = (Math.imul(hash, 31) + reached[index]!) | 0;
  return `${states.length} states, ${found.length} flagged, ${reached.length} reached, hash ${hash}`;
}

const run = (threads: 'one' | 'two') => {
  configureSearchHelper(threads === 'one' ? oneThread : twoThreads);
  const started = performance.now();
  const answer = computeExposure(view, FROM, { asOf, flags, freeTradeZones: [], limit: 100, maxHops: 6 });
  const exposureMs = performance.now() - started;
  const searchStarted = performance.now();
  const search = searchHash();
  return { exposureMs, searchMs: performance.now() - searchStarted, json: JSON.stringify(answer), search };
};
run('one');
run('two');
const times = { one: { exposure: [] as number[], search: [] as number[] }, two: { exposure: [] as number[], search: [] as number[] } };
let same = true;
for (let index = 0; index < Number(runs); index++) {
  const order = index % 2 === 0 ? (['one', 'two'] as const) : (['two', 'one'] as const);
  const results = Object.fromEntries(order.map((threads) => [threads, run(threads)])) as Record<'one' | 'two', ReturnType<typeof run>>;
  for (const threads of ['one', 'two'] as const) {
    times[threads].exposure.push(results[threads].exposureMs);
    times[threads].search.push(results[threads].searchMs);
  }
  same &&= results.one.json === results.two.json && results.one.search === results.two.search;
  console.log(`run ${index}: exposure one thread ${results.one.exposureMs.toFixed(0)} ms (search ${results.one.searchMs.toFixed(0)}), two ${results.two.exposureMs.toFixed(0)} ms (search ${results.two.searchMs.toFixed(0)}); same answer and search: ${results.one.json === results.two.json && results.one.search === results.two.search} (${results.two.search})`);
}
const line = (threads: 'one' | 'two') => {
  const exposure = summarise(times[threads].exposure);
  const search = summarise(times[threads].search);
  const ms = (value: number) => `${Math.round(value)} ms`;
  return `exposure ${ms(exposure.median)} (${ms(exposure.min)}-${ms(exposure.max)}), search alone ${ms(search.median)} (${ms(search.min)}-${ms(search.max)})`;
};
console.log(`one thread: ${line('one')}\ntwo threads: ${line('two')}\nsame answers: ${same}`);
process.exitCode = same ? 0 : 1;
