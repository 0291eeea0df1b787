// Child process of the Neo4j benchmark: on a Neo4j that already holds the dataset, times the
// projection into the compact engine (and its peak memory, read before anything else runs here),
// then the embedded store's load from the files (the baseline), then `routes` (k = 1) and
// `exposure` (best 100 routes, as the API answers) from the same sources three ways in this one
// process: on the embedded store, on the projection, and pushed down into Neo4j (forced), with
// the strategy the automatic choice takes for each.
// Usage: tsx bench/neo4j/measure-engine.ts DIR URI AS_OF RUNS [SOURCE...]
// Without sources: the manufacturer with the most goods edges, mfr-1, the supplier of median
// goods out-degree, and two seeded suppliers.
import { computeExposure } from '../../src/analysis/exposure.ts';
import { rankedFlaggedRoutes } from '../../src/analysis/ranked-routes.ts';
import { PUSHDOWN_BUDGET, viewForSearch } from '../../src/analysis/search-strategy.ts';
import { pickOne, seededRandom } from '../../src/generate/seeded-random.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { cpuSeconds, peakMemoryMb, printResult, round, summarise, type Timing } from '../scale/stats.ts';
import type { SourceFigures } from './report.ts';

const [folder, uri, asOf = '2024-06-30', runsText = '3', ...given] = process.argv.slice(2);
const runs = Number(runsText);
const freeTradeZones = readFreeTradeZones();
const question = { asOf, maxHops: 6 };
/** A strategy whose first run takes longer than this is timed once: the run stays within the hour at 1M. */
const SLOW_MS = 20_000;
/** BENCH_PUSHDOWN_EVERYWHERE=1 times forced push-down for every source, not only those the automatic choice pushes down. */
const pushdownEverywhere = process.env.BENCH_PUSHDOWN_EVERYWHERE === '1';

const store = await Neo4jStore.connect({ uri: uri! });
const cpuBefore = cpuSeconds();
const projectionStarted = performance.now();
const projection = await store.view();
const projectionMs = performance.now() - projectionStarted;
const projectionCpu = cpuSeconds() - cpuBefore;
const projectionPeakMb = peakMemoryMb();

const embeddedCpuBefore = cpuSeconds();
const embeddedStarted = performance.now();
const embedded = new CompactStore();
await embedded.loadState(await compactStateFromFiles([folder!]));
const embeddedView = await embedded.view();
const embeddedLoad = { ms: round(performance.now() - embeddedStarted), cpuSeconds: round(cpuSeconds() - embeddedCpuBefore, 1) };

const graph = embeddedView.compact!();
const degree = graph.goodsOutDegree();
const sources = given.length > 0 ? given : chooseSources();

/** The largest manufacturer, mfr-1, the median-degree supplier and two seeded suppliers. */
function chooseSources(): string[] {
  const suppliers = [...embeddedView.entities()].filter((entity) => (entity.kind === 'manufacturer' || entity.kind === 'distributor') && degree[graph.indexOf(entity.id)!]! > 0);
  const degreeOf = (id: string) => degree[graph.indexOf(id)!]!;
  const largest = suppliers.filter((entity) => entity.kind === 'manufacturer').reduce((best, entity) => (degreeOf(entity.id) > degreeOf(best.id) ? entity : best));
  const byDegree = [...suppliers].sort((a, b) => degreeOf(a.id) - degreeOf(b.id));
  const random = seededRandom(2026);
  const picked = [largest.id, 'mfr-1', byDegree[byDegree.length >> 1]!.id, pickOne(random, suppliers).id, pickOne(random, suppliers).id];
  return [...new Set(picked.filter((id) => graph.indexOf(id) !== undefined))];
}

/** Median of up to `runs` timings of `work`, after one run that also gives the answer; one run only when that one was slow. */
async function timed(work: () => Promise<unknown> | unknown): Promise<Timing & { answer: string }> {
  const firstStarted = performance.now();
  const answer = JSON.stringify(await work());
  const first = performance.now() - firstStarted;
  if (first > SLOW_MS) return { ...summarise([first]), answer };
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { ...summarise(times), answer };
}

const routesOn = (view: GraphView, from: string) => rankedFlaggedRoutes(view, from, { ...question, freeTradeZones });
const exposureOn = (view: GraphView, from: string) => computeExposure(view, from, { ...question, freeTradeZones, limit: 100 });
/** Push-down forced: the search read layer by layer in Neo4j, then the same analysis on what it read. */
const pushedDown = async (from: string) => (await viewForSearch(store, from, question, 'pushdown')).view;

/**
 * Push-down forced, both questions: each run reads once and answers routes and exposure on what
 * it read; a question's time is the read plus its own analysis. Runs as `timed` does.
 */
async function timedPushdown(from: string): Promise<{ routes: Timing & { answer: string }; exposure: Timing & { answer: string } }> {
  const routeTimes: number[] = [];
  const exposureTimes: number[] = [];
  const answers: string[] = [];
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const view = await pushedDown(from);
    const read = performance.now() - started;
    const routes = routesOn(view, from);
    const routed = performance.now();
    const exposure = exposureOn(view, from);
    // The first run gives the answers, as `timed` does; it counts only when it is the one run.
    if (run === 0) answers.push(JSON.stringify(routes), JSON.stringify(exposure));
    if (run > 0 || performance.now() - started > SLOW_MS) {
      routeTimes.push(routed - started);
      exposureTimes.push(read + performance.now() - routed);
    }
    if (run === 0 && routeTimes.length > 0) break;
  }
  return { routes: { ...summarise(routeTimes), answer: answers[0]! }, exposure: { ...summarise(exposureTimes), answer: answers[1]! } };
}

/** An answer with every list of objects sorted (lists of strings, such as paths, keep their order). */
function inAnyOrder(json: string): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const items = value.map(sorted);
      return items.every((item) => typeof item === 'object' && item !== null) ? items.map((item) => JSON.stringify(item)).sort().map((item) => JSON.parse(item) as unknown) : items;
    }
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sorted(item)]));
    return value;
  };
  return JSON.stringify(sorted(JSON.parse(json)));
}

const withoutAnswer = ({ answer: _answer, ...timing }: Timing & { answer: string }): Timing => timing;
const perSource: SourceFigures[] = [];
for (const id of sources) {
  process.stderr.write(`bench: measure-engine: ${id}\n`);
  const autoStarted = performance.now();
  const auto = (await viewForSearch(store, id, question)).strategy;
  const autoMs = performance.now() - autoStarted;
  // Forced push-down of a source the automatic choice answers on the projection reads a large
  // part of the graph, layer by layer: at 1M that is too long for the run unless asked for.
  const pushdown = auto === 'pushdown' || pushdownEverywhere ? await timedPushdown(id) : undefined;
  const routes = { embedded: await timed(() => routesOn(embeddedView, id)), projection: await timed(() => routesOn(projection, id)), pushdown: pushdown?.routes };
  const exposure = { embedded: await timed(() => exposureOn(embeddedView, id)), projection: await timed(() => exposureOn(projection, id)), pushdown: pushdown?.exposure };
  perSource.push({
    id,
    goodsEdges: degree[graph.indexOf(id)!]!,
    auto,
    autoMs: round(autoMs),
    reached: exposureOn(projection, id).reachable.entities,
    routesFound: routesOn(projection, id).length,
    routes: { embedded: withoutAnswer(routes.embedded), projection: withoutAnswer(routes.projection), ...(routes.pushdown ? { pushdown: withoutAnswer(routes.pushdown) } : {}) },
    exposure: { embedded: withoutAnswer(exposure.embedded), projection: withoutAnswer(exposure.projection), ...(exposure.pushdown ? { pushdown: withoutAnswer(exposure.pushdown) } : {}) },
    pushdownSame: routes.pushdown === undefined || (routes.pushdown.answer === routes.projection.answer && exposure.pushdown!.answer === exposure.projection.answer),
    embeddedSame: inAnyOrder(routes.embedded.answer) === inAnyOrder(routes.projection.answer) && inAnyOrder(exposure.embedded.answer) === inAnyOrder(exposure.projection.answer),
  });
}
await store.close();

const medianOf = (pick: (source: SourceFigures) => Timing | undefined) => {
  const medians = perSource.flatMap((source) => pick(source)?.median ?? []);
  return medians.length === 0 ? undefined : summarise(medians);
};
printResult({
  projection: { ms: round(projectionMs), cpuSeconds: round(projectionCpu, 1), peakMb: projectionPeakMb, entities: projection.entityCount(), relationships: projection.relationshipCount() },
  embeddedLoad,
  pushdownLimit: `${PUSHDOWN_BUDGET.share * 100}% of the relationships, at least ${PUSHDOWN_BUDGET.minimum.toLocaleString('en-US')}`,
  routes: { embedded: medianOf((source) => source.routes.embedded), projection: medianOf((source) => source.routes.projection), pushdown: medianOf((source) => source.routes.pushdown) },
  exposure: { embedded: medianOf((source) => source.exposure.embedded), projection: medianOf((source) => source.exposure.projection), pushdown: medianOf((source) => source.exposure.pushdown) },
  pushedDown: perSource.filter((source) => source.auto === 'pushdown').length,
  pushdownEverywhere,
  pushdownSame: perSource.every((source) => source.pushdownSame),
  embeddedSame: perSource.every((source) => source.embeddedSame),
  sources: perSource,
  peakMb: peakMemoryMb(),
});
