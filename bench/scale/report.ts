// Writes the scale benchmark's results: JSON, a Markdown table, and an SVG chart of time and
// memory against size (vega-lite compiled to vega, rendered headless).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { Timing } from './stats.ts';

export interface SizeResult {
  entities: number;
  relationships: number;
  compact: CompactFigures;
  graphology?: { load: { ms: number; peakMb: number }; routes: Timing; flags: Timing; peakMb: number } | { skipped: string };
  /**
   * failedAttempts: the attempts that failed, by Neo4j error code (the driver retries transient ones);
   * settleMs: time spent after timeouts waiting for the server to run nothing else. Both absent in
   * results from before they were measured.
   */
  neo4j?: { load: { ms: number; rows: number; rowsPerSecond: number }; routes?: Timing; timedOut: number; timeoutMs: number; sources: unknown[]; failedAttempts?: Record<string, number>; settleMs?: number } | { skipped: string };
  /** The snapshot `enduse index` writes, and reading it back (bench/scale/measure-snapshot.ts); absent in older results. */
  snapshot?: SnapshotFigures | { skipped: string };
}

export interface SnapshotFigures {
  bytes: number;
  writeMs: number;
  /** Reading back into a ready store, checksum checked, each read in a fresh process. */
  read: Timing;
  readCpuSeconds: number;
  readPeakMb: number;
  /** SHA-256 of the whole file alone, for its share of the read. */
  checksumMs: number;
}

export interface CompactFigures {
  load: { ms: number; cpuSeconds: number; peakMb: number };
  /** The loaded state's arrays per entity and relationship against the memory model; absent in older results. */
  memory?: { perEntity: number; perRelationship: number; modelPerEntity: number; modelPerRelationship: number; withinModel: boolean; heapUsedMb: number };
  flags: Timing;
  ownership50: Timing;
  routes: Timing;
  /** The search alone, the bare BFS and the ratios to it: absent from a `--targets-only` run (the 10M size), which measures only issue 17's targets. */
  bfs?: Timing;
  routeToBfs?: Timing;
  search?: Timing;
  searchToBfs?: Timing;
  cold: Timing;
  exposure: Timing & { from: string; limit?: number };
  /** Exposure listing every flagged route; absent in results from before it was measured. */
  exposureAll?: Timing & { from: string };
  /** k = 3 alternatives per target from the same sources; `cut` sources ran out of their budget. */
  kRoutes?: Timing & { cut: number; budgetMs: number };
  /** k = 3 for the largest manufacturer, compact and reference Yen on the same view; absent in results from before it was measured. */
  kLargest?: { from: string; targets: number; compact: LargestK; reference: LargestK };
  peakMb: number;
  sources: { id: string; routes: Timing; bfs?: Timing }[];
}

/** Timing of k = 3 from one source, with the alternatives found; `cut` when a run ran out of its budget. */
export type LargestK = Timing & { alternatives: number; cut: boolean; budgetMs: number };

export interface BenchResults {
  date: string;
  machine: string;
  command: string;
  notes: string[];
  sizes: SizeResult[];
}

const spread = (timing: Timing | undefined) => (timing === undefined ? 'n/a' : `${fmt(timing.median)} (${fmt(timing.min)}–${fmt(timing.max)})`);
const ratioSpread = (timing: Timing | undefined) => timing === undefined ? 'n/a' : `${timing.median.toFixed(1)}x (${timing.min.toFixed(1)}–${timing.max.toFixed(1)})`;
/** ", N failed attempt(s): code × n, …" when any (the driver retries a transient failure after a growing wait, which the query's time then includes). */
const failedAttempts = (failed: Record<string, number> | undefined) => {
  const count = Object.values(failed ?? {}).reduce((sum, n) => sum + n, 0);
  return count === 0 ? '' : `, ${count} failed attempt(s): ${Object.entries(failed!).map(([code, n]) => `${code} × ${n}`).join(', ')} (transient ones retried after growing waits, in the time)`;
};
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(2)} ms`);

/** The Markdown table the README quotes. */
export function markdownTable(results: BenchResults): string {
  const head = ['', ...results.sizes.map((size) => `${size.entities.toLocaleString('en')} entities / ${size.relationships.toLocaleString('en')} rel.`)];
  const row = (label: string, cell: (size: SizeResult) => string) => [label, ...results.sizes.map(cell)];
  const graphology = (size: SizeResult) => (size.graphology !== undefined && 'routes' in size.graphology ? size.graphology : undefined);
  const snapshot = (size: SizeResult) => (size.snapshot !== undefined && 'read' in size.snapshot ? size.snapshot : undefined);
  const neo4j = (size: SizeResult) => (size.neo4j !== undefined && 'load' in size.neo4j ? size.neo4j : undefined);
  const skipped = (part: { skipped: string } | object | undefined) => (part !== undefined && 'skipped' in part ? `not run: ${part.skipped}` : 'n/a');
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(1)}x`);
  const rows = [
    row('load CSV → ready (enduse, compact)', (size) => `${fmt(size.compact.load.ms)} (${size.compact.load.cpuSeconds.toFixed(1)} s CPU)`),
    row('peak memory (enduse, compact)', (size) => `${size.compact.peakMb} MB`),
    row('  load time per relationship', (size) => `${((size.compact.load.ms * 1e6) / size.relationships).toFixed(0)} ns`),
    row('  memory model: state bytes per entity / per relationship (ceiling)', (size) => {
      const memory = size.compact.memory;
      return memory === undefined ? 'n/a' : `${memory.perEntity} / ${memory.perRelationship} (${memory.modelPerEntity} / ${memory.modelPerRelationship}: ${memory.withinModel ? 'within' : 'OVER'}), heap ${memory.heapUsedMb} MB`;
    }),
    row('load snapshot → ready (`--data FILE.enduse`), median of fresh processes', (size) => (snapshot(size) ? `${spread(snapshot(size)!.read)} (${snapshot(size)!.readCpuSeconds.toFixed(1)} s CPU)` : skipped(size.snapshot))),
    row('  the file read and CRC-32 checked alone, one thread (apart, same load)', (size) => (snapshot(size) ? fmt(snapshot(size)!.checksumMs) : skipped(size.snapshot))),
    row('  snapshot size, write time (`enduse index`), reading peak memory', (size) => (snapshot(size) ? `${(snapshot(size)!.bytes / 1e6).toFixed(0)} MB, ${fmt(snapshot(size)!.writeMs)}, ${snapshot(size)!.readPeakMb} MB` : skipped(size.snapshot))),
    row('load (graphology store, readDatasets)', (size) => (graphology(size) ? fmt(graphology(size)!.load.ms) : skipped(size.graphology))),
    row('peak memory (graphology store)', (size) => (graphology(size) ? `${graphology(size)!.peakMb} MB` : skipped(size.graphology))),
    row('flagged routes, 6 hops, median of sources (min–max)', (size) => spread(size.compact.routes)),
    row('  same, first query (ids not yet derived)', (size) => spread(size.compact.cold)),
    row('  of which the search (no route objects)', (size) => spread(size.compact.search)),
    row('bare CSR BFS, same edges', (size) => spread(size.compact.bfs)),
    row('k = 3 alternatives per target, median of sources', (size) =>
      size.compact.kRoutes === undefined ? 'n/a' : `${spread(size.compact.kRoutes)}${size.compact.kRoutes.cut > 0 ? `, ${size.compact.kRoutes.cut} source(s) cut at ${size.compact.kRoutes.budgetMs / 1000} s` : ''}`,
    ),
    row('k = 3 alternatives, largest manufacturer (compact Yen)', (size) => largestK(size, 'compact')),
    row('  same, reference Yen over objects (before)', (size) => largestK(size, 'reference')),
    row('enduse search / bare BFS (median of per-source ratios)', (size) => ratioSpread(size.compact.searchToBfs)),
    row('enduse routes with evidence / bare BFS', (size) => ratioSpread(size.compact.routeToBfs)),
    row('graphology traversal, same checks', (size) => (graphology(size) ? spread(graphology(size)!.routes) : skipped(size.graphology))),
    row('graphology / enduse', (size) => ratio(graphology(size)?.routes.median, size.compact.routes.median)),
    row('Cypher route query (Neo4j)', (size) => (neo4j(size) ? `${spread(neo4j(size)!.routes)}${neo4j(size)!.timedOut > 0 ? `, ${neo4j(size)!.timedOut} source(s) over ${fmt(neo4j(size)!.timeoutMs)}` : ''}${failedAttempts(neo4j(size)!.failedAttempts)}` : skipped(size.neo4j))),
    row('Cypher / enduse', (size) => ratio(neo4j(size)?.routes?.median, size.compact.routes.median)),
    row('Neo4j bulk load through the driver', (size) => (neo4j(size) ? `${fmt(neo4j(size)!.load.ms)}, ${neo4j(size)!.load.rowsPerSecond.toLocaleString('en')} rows/s` : skipped(size.neo4j))),
    row('flags, all rules (enduse)', (size) => spread(size.compact.flags)),
    row('50% rule fixed point (enduse)', (size) => spread(size.compact.ownership50)),
    row('exposure of the largest manufacturer, best 100 routes listed as the API answers (enduse)', (size) => spread(size.compact.exposure)),
    row('  same, every flagged route listed with its evidence (CLI)', (size) => (size.compact.exposureAll === undefined ? 'n/a' : spread(size.compact.exposureAll))),
  ];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function largestK(size: SizeResult, which: 'compact' | 'reference'): string {
  const figures = size.compact.kLargest;
  if (figures === undefined) return 'n/a';
  const run = figures[which];
  const found = `${run.alternatives.toLocaleString('en')} alternatives to ${figures.targets.toLocaleString('en')} targets`;
  return run.cut ? `cut at ${fmt(run.budgetMs)} with ${found}` : `${spread(run)}, ${found}`;
}

/** The 10M targets of issue 17, each with what was measured and whether it was met (empty without a 10M size). */
export function targetLines(results: BenchResults): string[] {
  const large = results.sizes.find((size) => size.entities >= 10_000_000);
  const million = results.sizes.find((size) => size.entities === 1_000_000);
  if (large === undefined) return [];
  const { compact } = large;
  const perRelationship = (size: SizeResult) => size.compact.load.ms / size.relationships;
  const growth = million === undefined ? undefined : perRelationship(large) / perRelationship(million);
  // CPU seconds too: on a shared machine wall time says more about the other processes than about the load.
  const cpuGrowth = million === undefined ? undefined : large.compact.load.cpuSeconds / large.relationships / (million.compact.load.cpuSeconds / million.relationships);
  const target = (label: string, measured: string, met: boolean | undefined) => `- ${label}: ${measured} (${met === undefined ? 'not measured' : met ? 'met' : 'NOT met'})`;
  const snapshotTarget = (label: string, snapshot: SizeResult['snapshot'], limitMs: number) =>
    snapshot === undefined || !('read' in snapshot)
      ? target(label, snapshot === undefined ? 'not run' : `not run: ${snapshot.skipped}`, undefined)
      : target(label, `${fmt(snapshot.read.median)} median of fresh processes, ${snapshot.readCpuSeconds.toFixed(1)} s CPU`, snapshot.read.median <= limitMs);
  return [
    target('loaded from CSV ≤ 150 s', fmt(compact.load.ms), compact.load.ms <= 150_000),
    target('peak RSS ≤ 12 GB (whole run)', `${(compact.peakMb / 1024).toFixed(1)} GB, ${(compact.load.peakMb / 1024).toFixed(1)} GB at the end of the load`, compact.peakMb <= 12 * 1024),
    target('routes from one source, median ≤ 10 ms', fmt(compact.routes.median), compact.routes.median <= 10),
    target('exposure of the largest manufacturer ≤ 5 s', fmt(compact.exposure.median), compact.exposure.median <= 5_000),
    target('50% fixed point ≤ 1 s', fmt(compact.ownership50.median), compact.ownership50.median <= 1_000),
    snapshotTarget('snapshot read back (`--data FILE.enduse`) ≤ 20 s at 10M', large.snapshot, 20_000),
    snapshotTarget('snapshot read back ≤ 2 s at 1M', million?.snapshot, 2_000),
    target('time per relationship within 1.5x of 1M', growth === undefined ? 'no 1M size in this run' : `${growth.toFixed(2)}x wall, ${cpuGrowth!.toFixed(2)}x CPU`, growth === undefined ? undefined : growth <= 1.5),
    target('memory model', compact.memory === undefined ? 'n/a' : `${compact.memory.perEntity} B per entity, ${compact.memory.perRelationship} B per relationship`, compact.memory?.withinModel),
  ];
}

/** Time and memory against size, two panels, log scales. */
export async function chartSvg(results: BenchResults): Promise<string> {
  const values: { entities: number; series: string; panel: string; value: number }[] = [];
  for (const size of results.sizes) {
    const add = (panel: string, series: string, value: number | undefined) => {
      if (value !== undefined && value > 0) values.push({ entities: size.entities, series, panel, value });
    };
    add('route query, ms (median)', 'enduse (compact)', size.compact.routes.median);
    add('route query, ms (median)', 'enduse search only', size.compact.search?.median);
    add('route query, ms (median)', 'bare CSR BFS', size.compact.bfs?.median);
    if (size.graphology !== undefined && 'routes' in size.graphology) add('route query, ms (median)', 'graphology traversal', size.graphology.routes.median);
    if (size.neo4j !== undefined && 'load' in size.neo4j) add('route query, ms (median)', 'Cypher (Neo4j)', size.neo4j.routes?.median);
    add('load, s', 'enduse (compact)', size.compact.load.ms / 1000);
    if (size.graphology !== undefined && 'routes' in size.graphology) add('load, s', 'graphology traversal', size.graphology.load.ms / 1000);
    if (size.neo4j !== undefined && 'load' in size.neo4j) add('load, s', 'Cypher (Neo4j)', size.neo4j.load.ms / 1000);
    add('peak memory, MB', 'enduse (compact)', size.compact.peakMb);
    if (size.graphology !== undefined && 'routes' in size.graphology) add('peak memory, MB', 'graphology traversal', size.graphology.peakMb);
  }
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `enduse at scale (${results.machine}, ${results.date})`,
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null } },
    spec: {
      width: 220,
      height: 200,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'entities', type: 'quantitative', scale: { type: 'log' }, title: 'entities (5 relationships each)' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null },
        color: { field: 'series', type: 'nominal', title: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

export async function writeResults(folder: string, results: BenchResults): Promise<void> {
  writeFileSync(join(folder, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const notes = results.notes.map((note) => `- ${note}`).join('\n');
  const targets = targetLines(results);
  const targetText = targets.length === 0 ? '' : `\n## Targets at 10M (issue 17)\n\n${targets.join('\n')}\n`;
  writeFileSync(join(folder, 'latest.md'), `# enduse scale benchmark\n\n${results.date}, ${results.machine}. Command: \`${results.command}\`.\n\n${markdownTable(results)}\n\n${notes}\n${targetText}`);
  writeFileSync(join(folder, 'latest.svg'), await chartSvg(results));
}
