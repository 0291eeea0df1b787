// Writes the Neo4j benchmark's Markdown: one table, sizes as columns, Neo4j beside the embedded
// store with ratios against it, then the sources of the largest size one by one.
import type { ChildAnswer } from '../measuring-child.ts';
import type { Timing } from '../scale/stats.ts';

export interface CommandFigures {
  from: string;
  embedded: { ms: Timing; peakMb: number } | { failure: string };
  neo4j: { ms: Timing; peakMb: number } | { failure: string };
}

export interface Neo4jSizeResult {
  entities: number;
  relationships: number;
  /** The command that measured this size, and the machine's load average around it. */
  command: string;
  loadAverage: string;
  bulkImport: ChildAnswer;
  driverLoad: ChildAnswer;
  engine: ChildAnswer;
  commands?: CommandFigures[];
}

export interface Neo4jBenchResults {
  date: string;
  machine: string;
  command: string;
  totalMinutes: number;
  asOf: string;
  batchSize: number;
  sizes: Neo4jSizeResult[];
}

interface BulkFigures {
  rows: number;
  exportMs: number;
  importAndStartMs: number;
  schemaMs: number;
  totalMs: number;
  rowsPerSecond: number;
}

interface DriverFigures {
  rows: number;
  load: { ms: number; rowsPerSecond: number };
  reload?: { ms: number; rowsPerSecond: number };
}

/** Push-down absent where it was not timed (a source the automatic choice answers on the projection, at 1M). */
type ThreeWays = { embedded: Timing; projection: Timing; pushdown?: Timing };

/** One source of measure-engine.ts. */
export interface SourceFigures {
  id: string;
  goodsEdges: number;
  /** What the automatic choice picks for this source (push-down gives way past the limit). */
  auto: string;
  /** Time the automatic choice took to decide (for push-down: the whole read). */
  autoMs: number;
  reached: number;
  routesFound: number;
  routes: ThreeWays;
  exposure: ThreeWays;
  /** Whether push-down gave exactly the projection's answers. */
  pushdownSame: boolean;
  /**
   * Whether the embedded store gave the same answers as the projection, lists compared in any
   * order: ties come in file order on the embedded store, in id order on the projection.
   */
  embeddedSame: boolean;
}

interface EngineFigures {
  projection: { ms: number; cpuSeconds: number; peakMb: number; entities: number; relationships: number };
  embeddedLoad: { ms: number; cpuSeconds: number };
  /** The automatic choice's push-down budget, in words (a number of relationships in results before December 2026). */
  pushdownLimit: string | number;
  routes: ThreeWays;
  exposure: ThreeWays;
  pushedDown: number;
  pushdownEverywhere: boolean;
  pushdownSame: boolean;
  embeddedSame: boolean;
  sources: SourceFigures[];
}

const yesNo = (same: boolean) => (same ? 'yes' : '**NO**');
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(2)} ms`);
const times = (value: number, baseline: number) => `${(value / Math.max(baseline, 0.001)).toFixed(1)}x`;
const rate = (perSecond: number) => `${perSecond.toLocaleString('en-US')} rows/s`;
/** A child's figures, or why there are none. */
const cell = <R>(measured: ChildAnswer, text: (result: R) => string) => (measured.result === undefined ? `not run: ${measured.failure}` : text(measured.result as unknown as R));

/** embedded · projection (ratio) · push-down (ratio), medians. */
function threeWays(timings: ThreeWays): string {
  const { embedded, projection, pushdown } = timings;
  const pushed = pushdown === undefined ? 'not timed' : `${fmt(pushdown.median)} (${times(pushdown.median, embedded.median)})`;
  return `${fmt(embedded.median)} · ${fmt(projection.median)} (${times(projection.median, embedded.median)}) · ${pushed}`;
}

function wholeCommand(figures: CommandFigures): string {
  const { embedded, neo4j } = figures;
  if ('failure' in embedded) return `not run: ${embedded.failure}`;
  if ('failure' in neo4j) return `not run: ${neo4j.failure}`;
  return `${fmt(embedded.ms.median)}, ${embedded.peakMb} MB · ${fmt(neo4j.ms.median)} (${times(neo4j.ms.median, embedded.ms.median)}), ${neo4j.peakMb} MB`;
}

export function neo4jMarkdown(results: Neo4jBenchResults): string {
  const { sizes } = results;
  const head = ['', ...sizes.map(({ entities, relationships }) => `${entities.toLocaleString('en-US')} entities / ${relationships.toLocaleString('en-US')} rel.`)];
  const row = (label: string, text: (size: Neo4jSizeResult) => string) => [label, ...sizes.map(text)];
  const bulk = (text: (result: BulkFigures) => string) => (size: Neo4jSizeResult) => cell(size.bulkImport, text);
  const driver = (text: (result: DriverFigures) => string) => (size: Neo4jSizeResult) => cell(size.driverLoad, text);
  const engine = (text: (result: EngineFigures) => string) => (size: Neo4jSizeResult) => cell(size.engine, text);
  const command = (which: 0 | 1) => (size: Neo4jSizeResult) => (size.commands?.[which] === undefined ? cell(size.engine, () => 'n/a') : `\`${size.commands[which].from}\`: ${wholeCommand(size.commands[which])}`);
  const rows = [
    row('**Loading**', () => ''),
    row('bulk import end to end (export, neo4j-admin import, server start, constraints)', bulk((result) => `${fmt(result.totalMs)}, **${rate(result.rowsPerSecond)}** (${result.rows.toLocaleString('en-US')} rows)`)),
    row('  of which enduse export · import and start · constraints', bulk((result) => `${fmt(result.exportMs)} · ${fmt(result.importAndStartMs)} · ${fmt(result.schemaMs)}`)),
    row('driver load into an empty database (enduse load)', driver((result) => `${fmt(result.load.ms)}, **${rate(result.load.rowsPerSecond)}**`)),
    row('driver load again (every row merged)', driver((result) => (result.reload === undefined ? 'not run at this size' : `${fmt(result.reload.ms)}, ${rate(result.reload.rowsPerSecond)}`))),
    row('**Ready to question** (baseline: embedded)', () => ''),
    row('embedded: files → compact engine (baseline)', engine((result) => `${fmt(result.embeddedLoad.ms)} (${result.embeddedLoad.cpuSeconds} s CPU)`)),
    row('Neo4j → compact engine (projection), time · ratio', engine((result) => `**${fmt(result.projection.ms)}** (${result.projection.cpuSeconds} s CPU) · ${times(result.projection.ms, result.embeddedLoad.ms)}`)),
    row('  projection peak memory (whole process)', engine((result) => `**${result.projection.peakMb} MB**`)),
    row('**Questions** (median of sources: embedded · projection (ratio) · push-down (ratio))', () => ''),
    row('routes (k = 1, red flags and score)', engine((result) => threeWays(result.routes))),
    row('exposure (best 100 routes, as the API answers)', engine((result) => threeWays(result.exposure))),
    row('automatic strategy (push-down within a budget of relationships read)', engine((result) => `push-down for ${result.pushedDown} of ${result.sources.length} sources (budget ${result.pushdownLimit.toLocaleString('en-US')})${result.pushdownEverywhere ? '' : '; forced push-down timed for those only'}`)),
    row('same answers: push-down = projection (exactly) · embedded = projection (lists in any order)', engine((result) => `${yesNo(result.pushdownSame)} · ${yesNo(result.embeddedSame)}`)),
    row('**Whole command** `enduse routes --from X --format json` (embedded `--data` · `--backend neo4j`, automatic strategy)', () => ''),
    row('  largest manufacturer', command(0)),
    row('  median-degree supplier', command(1)),
  ];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const largest = [...sizes].reverse().find((size) => size.engine.result !== undefined);
  return [
    '# enduse on Neo4j beside the embedded store',
    '',
    `${results.date}, ${results.machine}. Last command: \`${results.command}\` (${results.totalMinutes} min).`,
    '',
    ...sizes.map((size) => `- ${size.entities.toLocaleString('en-US')} entities: \`${size.command}\`, load average ${size.loadAverage} (2 cores).`),
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
    '',
    ...(largest === undefined ? [] : sourceTable(largest)),
    `- Datasets from \`enduse generate --entities N --relationships 5N --seed 1\`; as-of date ${results.asOf}; questions within 6 hops. Each part runs in its own child process on a fresh test server (scripts/neo4j-test-server.mjs).`,
    `- Loading: bench/neo4j-loading/measure-bulk-import.ts (from the dataset folder to a database enduse can query) and measure-driver-load.ts (batches of ${results.batchSize.toLocaleString('en-US')} rows; the time excludes reading the files).`,
    '- Ready to question: on a database bulk-imported from the same files, `Neo4jStore.view()` (one read transaction streamed into the compact builder), its time and the peak resident memory of the process at its end (VmHWM, Node included); then, in the same process, the embedded store loaded from the files (compactStateFromFiles), the baseline of the ratio.',
    '- Questions: in that same process, from 5 sources (the manufacturer with the most goods edges, mfr-1, the supplier of median goods out-degree, two seeded suppliers), each way timed 3 times after a first run that gives the answer (once only when that first run took over 20 s); push-down is forced (`--strategy pushdown`), one read per run answering both questions (a question\'s time is the read plus its own analysis), for every source below 1M and, at 1M, for the sources the automatic choice pushes down (the others read more than its limit layer by layer, which takes minutes); the automatic choice is shown beside it; ratios are against the embedded store.',
    '- Whole command: `node bin/enduse.js routes …` as a user runs it, wall time and peak memory (/usr/bin/time), median of 3 runs (1 at 1M); with `--backend neo4j` it pushes down or projects as the automatic choice decides.',
    '',
  ].join('\n');
}

/** Each source of one size: what it reaches, what the automatic choice took, the three ways. */
function sourceTable(size: Neo4jSizeResult): string[] {
  const result = size.engine.result as unknown as EngineFigures;
  const head = ['source', 'goods edges out', 'entities reached', 'routes found', 'automatic choice (time to decide)', 'routes: embedded · projection · push-down', 'exposure: embedded · projection · push-down', 'same: push-down · embedded'];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    `At ${size.entities.toLocaleString('en-US')} entities, source by source:`,
    '',
    line(head),
    line(head.map(() => '---')),
    ...result.sources.map((source) =>
      line([`\`${source.id}\``, source.goodsEdges, source.reached.toLocaleString('en-US'), source.routesFound, `${source.auto} (${fmt(source.autoMs)})`, threeWays(source.routes), threeWays(source.exposure), `${yesNo(source.pushdownSame)} · ${yesNo(source.embeddedSame)}`]),
    ),
    '',
  ];
}
