// Child process of the scale benchmark: loads one dataset into the compact store and times
// flags, the 50% rule, flagged routes, the bare BFS, k alternatives and exposure, in this process only, so its
// peak memory is its own. Usage: tsx bench/scale/measure-compact.ts DIR AS_OF SOURCES RUNS [--targets-only | --k-only]
// `--targets-only` (the 10M size) measures what issue 17 sets targets for (load, flags, the 50%
// fixed point, routes per source, exposure as the API answers) and leaves out k alternatives and
// exposure listing every route, which at 10M take many minutes and have no target.
// --k-only times only the compact k = 3 for the largest manufacturer (wall and CPU seconds), so
// work on Yen's spur searches need not wait for every other row.
import { computeExposure } from '../../src/analysis/exposure.ts';
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { entitiesOwned50ByBlocked } from '../../src/analysis/ownership.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { kShortestFlaggedRoutes } from '../../src/analysis/k-shortest-routes.ts';
import { referenceKShortestRoutes } from '../../src/analysis/reference/k-shortest-routes.ts';
import { SearchBudget } from '../../src/analysis/search-budget.ts';
import { compactRouteSearch } from '../../src/analysis/compact/flagged-routes.ts';
import { pickOne, seededRandom } from '../../src/generate/seeded-random.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import { MEMORY_MODEL, stateBytes } from '../../src/store/compact/memory-model.ts';
import { bareBfs, bareBfsGoodsAdjacency } from './bare-bfs.ts';
import { cpuSeconds, peakMemoryMb, printResult, round, summarise, timeRuns } from './stats.ts';

const targetsOnly = process.argv.includes('--targets-only');
const kOnly = process.argv.includes('--k-only');
const [folder, asOf = '2024-06-30', sourceCount = '10', runsText = '5'] = process.argv.slice(2).filter((arg) => arg !== '--targets-only' && arg !== '--k-only');
const runs = Number(runsText);
const MAX_HOPS = 6;

const cpuBefore = cpuSeconds();
const loadStarted = performance.now();
/** Each phase on stderr as it ends (wall and CPU since the start): at 10M a run takes many minutes, and one stopped early must still say where its time went. */
function phaseDone(name: string): void {
  process.stderr.write(`measure-compact: ${name} done at ${((performance.now() - loadStarted) / 1000).toFixed(1)} s wall, ${(cpuSeconds() - cpuBefore).toFixed(1)} s CPU\n`);
}
const store = new CompactStore();
const state = await compactStateFromFiles([folder!]);
await store.loadState(state);
const view = await store.view();
const graph = view.compact!();
phaseDone('load');
const load = { ms: round(performance.now() - loadStarted), cpuSeconds: round(cpuSeconds() - cpuBefore), peakMb: peakMemoryMb(), entities: graph.nodeCount, relationships: graph.edgeCount };
// The memory model (README, Performance): the state's arrays per entity and per relationship, against the published ceilings.
const bytes = stateBytes(state);
const memory = {
  perEntity: round(bytes.perEntity, 1),
  perRelationship: round(bytes.perRelationship, 1),
  modelPerEntity: MEMORY_MODEL.bytesPerEntity,
  modelPerRelationship: MEMORY_MODEL.bytesPerRelationship,
  withinModel: bytes.perEntity <= MEMORY_MODEL.bytesPerEntity && bytes.perRelationship <= MEMORY_MODEL.bytesPerRelationship,
  heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576),
};

const flags = flaggedEntities(view, asOf);
const flagsTiming = timeRuns(Math.min(runs, 3), () => flaggedEntities(view, asOf), false);
phaseDone('flags');
const ownershipTiming = timeRuns(Math.min(runs, 3), () => entitiesOwned50ByBlocked(view, asOf), false);
phaseDone('50% fixed point');

// Sources: the manufacturer with the most goods edges, and a seeded sample of suppliers.
// By entity number, from the kind column: no object per entity (ten million would fill the heap).
const degree = graph.goodsOutDegree();
const suppliers: number[] = [];
for (let index = 0; index < graph.nodeCount; index++) {
  const kind = graph.entities.kindAt(index);
  if ((kind === 'manufacturer' || kind === 'distributor') && degree[index]! > 0) suppliers.push(index);
}
const largestIndex = suppliers.filter((index) => graph.entities.kindAt(index) === 'manufacturer').reduce((best, index) => (degree[index]! > degree[best]! ? index : best));
const largest = { id: graph.idAt(largestIndex) };
const random = seededRandom(2026);
const sources = [largest.id, ...Array.from({ length: Number(sourceCount) - 1 }, () => graph.idAt(pickOne(random, suppliers)))];

if (kOnly) {
  const first = findFlaggedRoutes(view, largest.id, { asOf, flags, maxHops: MAX_HOPS });
  const walls: number[] = [];
  const cpus: number[] = [];
  let alternatives = 0;
  let cut = false;
  for (let run = 0; run < runs; run++) {
    const budget = new SearchBudget({ deadline: performance.now() + 60_000 });
    const cpuStarted = cpuSeconds();
    const started = performance.now();
    alternatives = kShortestFlaggedRoutes(view, largest.id, { asOf, flags, maxHops: MAX_HOPS, k: 3, budget }).length - first.length;
    walls.push(performance.now() - started);
    cpus.push(cpuSeconds() - cpuStarted);
    cut ||= budget.exhausted;
  }
  printResult({ load, kLargest: { from: largest.id, targets: first.length, alternatives, cut, wallMs: summarise(walls), cpuSeconds: summarise(cpus) }, peakMb: peakMemoryMb() });
  process.exit(0);
}

// Per source: the first (cold) query, which also warms the code for the timed runs and says how
// many routes there are, then `runs` timed queries. The search alone and the bare BFS compare
// with issue 6's baseline, not with a target of issue 17: `--targets-only` leaves them out (from
// the largest manufacturer at 10M each run walks most of the graph, so every extra pass costs
// many seconds and measures nothing the targets ask for).
const perSource = sources.map((id) => {
  const from = graph.indexOf(id)!;
  let routesFound = 0;
  const cold = timeRuns(1, () => (routesFound = findFlaggedRoutes(view, id, { asOf, flags, maxHops: MAX_HOPS }).length), false);
  const routes = timeRuns(runs, () => findFlaggedRoutes(view, id, { asOf, flags, maxHops: MAX_HOPS }), false);
  const result = { id, goodsEdges: degree[from]!, routesFound, cold, routes, ...(targetsOnly ? {} : baselines(from, routes)) };
  phaseDone(`routes from ${id} (${routesFound.toLocaleString('en')} routes)`);
  return result;
});

/** The search alone and the bare BFS from entity `from`, with the routes' ratios to the BFS. */
function baselines(from: number, routes: { median: number }) {
  const search = timeRuns(runs, () => compactRouteSearch(graph, from, { asOf, flags, maxHops: MAX_HOPS, product: undefined }), false);
  const columnsBfs = timeRuns(runs, () => bareBfs(graph, from, MAX_HOPS));
  const adjacencyBfs = timeRuns(runs, () => bareBfsGoodsAdjacency(graph, from, MAX_HOPS));
  const bfs = columnsBfs.median <= adjacencyBfs.median ? columnsBfs : adjacencyBfs;
  return {
    bfsReached: bareBfs(graph, from, MAX_HOPS),
    search,
    bfs,
    ratio: round(routes.median / Math.max(bfs.median, 0.001)),
    searchRatio: round(search.median / Math.max(bfs.median, 0.001)),
  };
}

// k = 3 alternatives per target (Yen), from the same sources, one run each under a 10 s budget:
// a source whose runs ran out of it is counted, with the time it was given.
const K_BUDGET_MS = 10_000;
const kRoutes = (targetsOnly ? [] : sources).map((id) => {
  let cut = false;
  const timing = timeRuns(1, () => {
    const budget = new SearchBudget({ deadline: performance.now() + K_BUDGET_MS });
    kShortestFlaggedRoutes(view, id, { asOf, flags, maxHops: MAX_HOPS, k: 3, budget });
    cut ||= budget.exhausted;
  }, false);
  return { id, timing, cut };
});

// k = 3 for the largest manufacturer alone (at 1M, 24k flagged targets): the compact Yen, then
// the reference Yen over the view's objects (what every view ran before the compact one) on the
// same view, for the before and after of one run. Each under a budget; a cut run says how far it got.
const LARGEST_K_BUDGET_MS = 60_000;
const LARGEST_K_REFERENCE_BUDGET_MS = 10_000;
const largestFirstRoutes = targetsOnly ? [] : findFlaggedRoutes(view, largest.id, { asOf, flags, maxHops: MAX_HOPS });
const largestK = (budgetMs: number, runs: number, alternatives: (budget: SearchBudget) => number) => {
  let cut = false;
  let found = 0;
  const timing = timeRuns(runs, () => {
    const budget = new SearchBudget({ deadline: performance.now() + budgetMs });
    found = alternatives(budget);
    cut ||= budget.exhausted;
  }, false);
  return { ...timing, alternatives: found, cut, budgetMs };
};
const kLargest = targetsOnly ? undefined : {
  from: largest.id,
  targets: largestFirstRoutes.length,
  compact: largestK(LARGEST_K_BUDGET_MS, Math.min(runs, 3), (budget) => kShortestFlaggedRoutes(view, largest.id, { asOf, flags, maxHops: MAX_HOPS, k: 3, budget }).length - largestFirstRoutes.length),
  reference: largestK(LARGEST_K_REFERENCE_BUDGET_MS, 1, (budget) => {
    const first = findFlaggedRoutes(view, largest.id, { asOf, flags, maxHops: MAX_HOPS, budget });
    return referenceKShortestRoutes(view, first, { k: 3, asOf, product: undefined, maxHops: MAX_HOPS, flags, budget }).length - first.length;
  }),
};

const freeTradeZones = readFreeTradeZones();
// As the API answers (every flagged entity counted, the best 100 routes listed with their
// evidence), and as `enduse exposure` prints it (every route with its evidence).
const EXPOSURE_LIMIT = 100;
const exposure = timeRuns(Math.min(runs, 5), () => computeExposure(view, largest.id, { asOf, flags, freeTradeZones, maxHops: MAX_HOPS, limit: EXPOSURE_LIMIT }));
phaseDone('exposure of the largest manufacturer');
const exposureAll = targetsOnly ? undefined : timeRuns(Math.min(runs, 3), () => computeExposure(view, largest.id, { asOf, flags, freeTradeZones, maxHops: MAX_HOPS }));

printResult({
  load,
  memory,
  flagged: flags.size,
  flags: flagsTiming,
  ownership50: ownershipTiming,
  sources: perSource,
  routes: summarise(perSource.map((source) => source.routes.median)),
  ...(targetsOnly ? {} : {
    bfs: summarise(perSource.map((source) => source.bfs!.median)),
    routeToBfs: summarise(perSource.map((source) => source.ratio!)),
    search: summarise(perSource.map((source) => source.search!.median)),
    searchToBfs: summarise(perSource.map((source) => source.searchRatio!)),
  }),
  cold: summarise(perSource.map((source) => source.cold.median)),
  exposure: { from: largest.id, limit: EXPOSURE_LIMIT, ...exposure },
  exposureAll: exposureAll && { from: largest.id, ...exposureAll },
  kLargest,
  kRoutes: targetsOnly ? undefined : { ...summarise(kRoutes.map((source) => source.timing.median)), cut: kRoutes.filter((source) => source.cut).length, budgetMs: K_BUDGET_MS },
  peakMb: peakMemoryMb(),
});
