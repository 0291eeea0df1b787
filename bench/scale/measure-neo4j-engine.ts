// Child process of the scale benchmark: on a Neo4j that already holds the dataset (measure-neo4j.ts
// loaded it), times the projection into the compact engine (and its peak memory, read before
// anything else runs here), then `routes` (k = 1) and `exposure` (best 100 routes, as the API
// answers) from the same sources three ways in this one process: on the projection, pushed down
// into Neo4j, and on the embedded store read from the files, which is the baseline.
// Usage: tsx bench/scale/measure-neo4j-engine.ts DIR URI AS_OF RUNS SOURCE...
import { computeExposure } from '../../src/analysis/exposure.ts';
import { rankedFlaggedRoutes } from '../../src/analysis/ranked-routes.ts';
import { PUSHDOWN_RELATIONSHIP_LIMIT, viewForSearch } from '../../src/analysis/search-strategy.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { compactStateFromFiles } from '../../src/load/stream-datasets.ts';
import { CompactStore } from '../../src/store/compact/compact-store.ts';
import type { GraphView } from '../../src/store/graph-view.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { cpuSeconds, peakMemoryMb, printResult, round, summarise, type Timing } from './stats.ts';

const [folder, uri, asOf = '2024-06-30', runsText = '3', ...sources] = process.argv.slice(2);
const runs = Number(runsText);
const freeTradeZones = readFreeTradeZones();
const question = { asOf, maxHops: 6 };

const store = await Neo4jStore.connect({ uri: uri! });
const cpuBefore = cpuSeconds();
const projectionStarted = performance.now();
const projection = await store.view();
const projectionMs = performance.now() - projectionStarted;
const projectionCpu = cpuSeconds() - cpuBefore;
const projectionPeakMb = peakMemoryMb();

const embedded = new CompactStore();
await embedded.loadState(await compactStateFromFiles([folder!]));
const embeddedView = await embedded.view();

/** Median of `runs` timings of `work` (after one warm-up run, which also checks the answer). */
async function timed(work: () => Promise<unknown> | unknown): Promise<Timing> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return summarise(times);
}

const routesOn = (view: GraphView, from: string) => rankedFlaggedRoutes(view, from, { ...question, freeTradeZones });
const exposureOn = (view: GraphView, from: string) => computeExposure(view, from, { ...question, freeTradeZones, limit: 100 });
const pushedDown = async (from: string) => (await viewForSearch(store, from, question, 'pushdown')).view;

interface SourceFigures {
  id: string;
  /** What the automatic choice picks for this source. */
  auto: string;
  routes: { embedded: Timing; projection: Timing; pushdown?: Timing };
  exposure: { embedded: Timing; projection: Timing; pushdown?: Timing };
  reached: number;
  /** Whether push-down and projection gave the same answers (not compared where push-down gives way). */
  same?: boolean;
}

const perSource: SourceFigures[] = [];
for (const id of sources) {
  // A source whose search reads more than the push-down limit is answered on the projection when
  // the choice is automatic: push-down is timed only where it is chosen.
  const auto = (await viewForSearch(store, id, question)).strategy;
  const pushed = auto === 'pushdown';
  const pushedView = pushed ? await pushedDown(id) : undefined;
  perSource.push({
    id,
    auto,
    routes: {
      embedded: await timed(() => routesOn(embeddedView, id)),
      projection: await timed(() => routesOn(projection, id)),
      ...(pushed ? { pushdown: await timed(async () => routesOn(await pushedDown(id), id)) } : {}),
    },
    exposure: {
      embedded: await timed(() => exposureOn(embeddedView, id)),
      projection: await timed(() => exposureOn(projection, id)),
      ...(pushed ? { pushdown: await timed(async () => exposureOn(await pushedDown(id), id)) } : {}),
    },
    reached: exposureOn(projection, id).reachable.entities,
    ...(pushedView === undefined
      ? {}
      : { same: JSON.stringify(exposureOn(pushedView, id)) === JSON.stringify(exposureOn(projection, id)) && JSON.stringify(routesOn(pushedView, id)) === JSON.stringify(routesOn(projection, id)) }),
  });
}
await store.close();

const medianOf = (pick: (source: SourceFigures) => Timing | undefined) => {
  const medians = perSource.flatMap((source) => pick(source)?.median ?? []);
  return medians.length === 0 ? undefined : summarise(medians);
};
printResult({
  projection: { ms: round(projectionMs), cpuSeconds: round(projectionCpu, 1), peakMb: projectionPeakMb, entities: projection.entityCount(), relationships: projection.relationshipCount() },
  pushdownLimit: PUSHDOWN_RELATIONSHIP_LIMIT,
  routes: { embedded: medianOf((source) => source.routes.embedded), projection: medianOf((source) => source.routes.projection), pushdown: medianOf((source) => source.routes.pushdown) },
  exposure: { embedded: medianOf((source) => source.exposure.embedded), projection: medianOf((source) => source.exposure.projection), pushdown: medianOf((source) => source.exposure.pushdown) },
  pushedDown: perSource.filter((source) => source.auto === 'pushdown').length,
  allSame: perSource.every((source) => source.same !== false),
  sources: perSource,
});
