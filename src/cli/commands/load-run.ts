// `enduse load`: validates dataset files, then writes them into the chosen store (Neo4j keeps
// them; the embedded store only checks), with a progress bar on a terminal and what was new.
// What the command does, imported only when it runs; load.ts declares its options and help.
import { SingleBar, Presets } from 'cli-progress';
import { userInfo } from 'node:os';
import { AuditLog, datasetCounts, datasetDigest, defaultAuditLogPath } from '../../audit/audit-log.ts';
import { readDatasets } from '../../load/load-datasets.ts';
import type { Neo4jLoadReport, PhaseCounts, WriteOptions } from '../../store/neo4j/write-dataset.ts';
import { DEFAULT_BATCH_SIZE, LOAD_PHASES } from '../../store/neo4j/neo4j-defaults.ts';
import { backendOption, type BackendCliOptions } from '../backend-options.ts';
import { openNeo4jStore, openStore } from '../open-view.ts';
import { choiceOption, dataOption, formatOption, positiveIntegerOption } from '../options.ts';
import { LOAD_MODES, VERSION_NAME_PATTERN } from '../../datasets/dataset-version.ts';
import type { Neo4jVersionPlan } from '../../datasets/neo4j-versions.ts';
import { baseVersionName } from '../../datasets/dataset-version.ts';
import { ConflictError, InvalidInputError } from '../../domain/errors.ts';
import type { Output } from '../output.ts';

const MAX_BATCH_SIZE = 100_000;

export async function runLoad(options: BackendCliOptions & { data?: string[]; batchSize?: string; format?: string; name?: string; mode?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const mode = options.mode === undefined ? undefined : choiceOption(options.mode, '--mode', LOAD_MODES, 'merge');
  if (options.name !== undefined && !VERSION_NAME_PATTERN.test(options.name)) {
    throw new InvalidInputError('bad value for --name', [{ field: '--name', message: `'${options.name}' is not a dataset name; use 1 to 64 letters, digits, dots, dashes or underscores` }]);
  }
  const batchSize = positiveIntegerOption(options.batchSize, '--batch-size', DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE);
  const backend = backendOption(options.backend);
  const paths = dataOption(options.data);
  // Validation first: bad data loads nothing. CSV folders going to Neo4j are checked row by row
  // and written from a second reading (neo4j-file-load.ts), so a load holds a few batches, not
  // the dataset; anything else is read whole.
  // (Imported here: the driver is loaded only by commands that use Neo4j.)
  const fileLoad = backend === 'neo4j' ? await import('../../datasets/neo4j-file-load.ts') : undefined;
  const files = await fileLoad?.checkDatasetFiles(paths);
  const dataset = files === undefined ? readDatasets(paths) : undefined;

  if (backend === 'memory') {
    const store = await openStore({ backend });
    const summary = await store.load(dataset!).finally(() => store.close());
    if (format === 'json') output.json({ backend, persists: false, summary });
    else output.line(`checked ${summary.entities} entities, ${summary.relationships} relationships, ${summary.listings} listings: valid. The embedded store keeps nothing after this command; load into Neo4j with --backend neo4j`);
    return;
  }

  const store = await openNeo4jStore(options);
  const { planNeo4jVersion, recordNeo4jVersion } = await import('../../datasets/neo4j-versions.ts');
  const { datasetRowCounts } = await import('../../store/neo4j/write-dataset.ts');
  const { planFilesVersion, recordFilesVersion, writeFiles } = fileLoad!;
  // Every load into Neo4j is recorded, whether it completes or stops half-way (ENDUSE_AUDIT_LOG).
  const audit = new AuditLog(process.env.ENDUSE_AUDIT_LOG?.trim() || defaultAuditLogPath());
  const who = `cli:${userInfo().username}`;
  const content = files === undefined ? { sha256: datasetDigest(dataset!), ...datasetCounts(dataset!) } : { sha256: files.sha256, ...files.counts };
  const entry = { who, via: 'cli', action: 'load', backend: 'neo4j', dataset: content } as const;
  const request = { name: options.name ?? baseVersionName(options.data), who, ...(mode ? { mode } : {}) };
  let load: { plan: Pick<Neo4jVersionPlan, 'version' | 'changes'>; totals: PhaseCounts; write(options: WriteOptions): Promise<Neo4jLoadReport>; record(): Promise<void> };
  try {
    if (files === undefined) {
      const plan = await planNeo4jVersion(store, dataset!, request);
      load = { plan, totals: datasetRowCounts(plan.dataset), write: async (writeOptions) => (await store.load(plan.dataset, writeOptions)).report, record: () => recordNeo4jVersion(store, plan) };
    } else {
      const plan = await planFilesVersion(store, files, request);
      load = { plan, totals: files.totals, write: (writeOptions) => writeFiles(store, files, plan, writeOptions), record: () => recordFilesVersion(store, files, plan) };
    }
  } catch (error) {
    if (error instanceof ConflictError) await audit.record({ ...entry, outcome: 'rejected', message: `${error.problems.length} conflict(s)` });
    await store.close();
    throw error;
  }
  const { plan } = load;
  const bar = output.progressStream === undefined ? undefined : new SingleBar({ stream: output.progressStream, format: 'loading {phase} [{bar}] {value}/{total} rows', hideCursor: true }, Presets.shades_classic);
  const totalRows = LOAD_PHASES.reduce((sum, phase) => sum + load.totals[phase], 0);
  const doneBefore = new Map<string, number>();
  bar?.start(totalRows, 0, { phase: LOAD_PHASES[0] });
  try {
    const report = await load
      .write({
        batchSize,
        onProgress: ({ phase, written }) => {
          doneBefore.set(phase, written);
          bar?.update([...doneBefore.values()].reduce((sum, count) => sum + count, 0), { phase });
        },
      })
      .catch(async (error: unknown) => {
        await audit.record({ ...entry, outcome: 'failed', written: Object.fromEntries([...doneBefore].filter(([phase]) => phase !== 'lists')), message: (error instanceof Error ? error.message : String(error)).split('\n')[0]! });
        throw error;
      });
    bar?.stop();
    await load.record();
    const { lists: _lists, ...written } = report.rows;
    await audit.record({ ...entry, outcome: 'loaded', written, message: `version ${plan.version.id}` });
    if (format === 'json') output.json({ backend, persists: true, uri: store.settings.uri, database: store.settings.database ?? null, ...report, version: plan.version, changes: plan.changes });
    else for (const line of [...describeLoad(report, store.settings.uri), ...describeVersion(plan)]) output.line(line);
  } finally {
    bar?.stop();
    await store.close();
  }
}

/** The version the load was recorded as, and every field it changed on a stored entity. */
export function describeVersion(plan: Pick<Neo4jVersionPlan, 'version' | 'changes'>): string[] {
  const shown = (value: string | string[] | undefined) => (value === undefined ? '(none)' : JSON.stringify(value));
  return [
    `dataset version ${plan.version.id}${plan.changes.length === 0 ? '' : `, changing ${plan.version.changed} stored entit${plan.version.changed === 1 ? 'y' : 'ies'} (--mode ${plan.version.mode}):`}`,
    ...plan.changes.map((change) => `  ${change.entity} ${change.field}: ${shown(change.from)} → ${shown(change.to)}`),
  ];
}

/** One line per kind of row: how many were sent, how many were new, how many were there already. */
export function describeLoad(report: Neo4jLoadReport, uri: string): string[] {
  return [
    `loaded into Neo4j at ${uri} in ${report.batches} batch${report.batches === 1 ? '' : 'es'}:`,
    ...LOAD_PHASES.map((phase) => `  ${phase}: ${report.rows[phase]} (${report.created[phase]} created, ${report.rows[phase] - report.created[phase]} already present)`),
  ];
}
