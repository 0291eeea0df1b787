// Child process of the scale benchmark: the straightforward way, readDatasets (zod per row) into
// the graphology store, and the reference route search (routes.ts over graphology's adjacency,
// no compact index) from the same sources. Usage: tsx bench/scale/measure-graphology.ts DIR AS_OF RUNS SOURCE...
import { flaggedEntities } from '../../src/analysis/flags.ts';
import { findFlaggedRoutes } from '../../src/analysis/routes.ts';
import { readDatasets } from '../../src/load/load-datasets.ts';
import { MemoryStore } from '../../src/store/memory/memory-store.ts';
import { cpuSeconds, peakMemoryMb, printResult, round, summarise, timeRuns } from './stats.ts';

const [folder, asOf = '2024-06-30', runsText = '3', ...sources] = process.argv.slice(2);
const runs = Number(runsText);

const cpuBefore = cpuSeconds();
const loadStarted = performance.now();
const store = new MemoryStore();
await store.load(readDatasets([folder!]));
const view = await store.view();
const load = { ms: round(performance.now() - loadStarted), cpuSeconds: round(cpuSeconds() - cpuBefore), peakMb: peakMemoryMb() };

const flags = flaggedEntities(view, asOf);
const flagsTiming = timeRuns(Math.min(runs, 3), () => flaggedEntities(view, asOf), false);
const perSource = sources.map((id) => ({ id, routes: timeRuns(runs, () => findFlaggedRoutes(view, id, { asOf, flags, maxHops: 6 })) }));
printResult({ load, flagged: flags.size, flags: flagsTiming, sources: perSource, routes: summarise(perSource.map((source) => source.routes.median)), peakMb: peakMemoryMb() });
