// Benchmark: entity search on a generated graph (issue 16: typo- and script-tolerant search must
// stay fast at a million entities). Loads a dataset folder into the compact store, times building
// the word index once, then times queries of each kind (exact, prefix as typed, a typo, words in
// another order, one letter, no match), the median and worst of REPEATS runs each.
// Run: npx tsx bench/entity-search.ts DATASET_FOLDER   (make one with: enduse generate --entities 1000000 --out DIR)
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { searchEntities } from '../src/analysis/entity-search.ts';
import { nameIndexOf } from '../src/analysis/name-index.ts';
import { compactStateFromFiles } from '../src/load/stream-datasets.ts';
import { CompactStore } from '../src/store/compact/compact-store.ts';

const REPEATS = 20;
const folder = process.argv[2];
if (folder === undefined) throw new Error('give the dataset folder: npx tsx bench/entity-search.ts DIR');

const store = new CompactStore();
await store.loadState(await compactStateFromFiles([folder]));
const view = await store.view();
// Queries from the data itself: an entity's name as written, its first word, a typo of that word.
const sample = [...view.entities()][Math.floor(view.entityCount() / 2)]!;
const firstWord = sample.name.split(' ')[0]!;
const typo = firstWord.length > 4 ? `${firstWord.slice(0, 2)}${firstWord[3]}${firstWord[2]}${firstWord.slice(4)}` : `${firstWord}x`;

const started = performance.now();
const index = nameIndexOf(view);
const buildMs = performance.now() - started;

const queries = {
  exact: sample.name,
  prefix: sample.name.slice(0, Math.max(3, Math.floor(sample.name.length / 2))),
  typo: `${typo} ${sample.name.split(' ').slice(1).join(' ')}`,
  typoOneWord: typo,
  reversed: sample.name.split(' ').reverse().join(' '),
  oneLetter: firstWord[0]!,
  none: 'zzqqxx nothing',
};
const timings: Record<string, { query: string; hits: number; didYouMean: string | null; complete: boolean; medianMs: number; worstMs: number }> = {};
for (const [kind, query] of Object.entries(queries)) {
  const times: number[] = [];
  let last = searchEntities(view, query);
  for (let run = 0; run < REPEATS; run++) {
    const start = performance.now();
    last = searchEntities(view, query);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  timings[kind] = { query, hits: last.hits.length, didYouMean: last.didYouMean, complete: last.complete, medianMs: round(times[Math.floor(REPEATS / 2)]!), worstMs: round(times[REPEATS - 1]!) };
}
console.log(
  JSON.stringify(
    { entities: view.entityCount(), texts: index.textEntity.length, distinctWords: index.words.length, indexBuildMs: round(buildMs), loadAverage: loadavg().map(round), repeats: REPEATS, timings },
    null,
    2,
  ),
);

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
