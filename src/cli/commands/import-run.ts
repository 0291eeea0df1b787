// `enduse import …`: turns FtM, OFAC SDN and mapped spreadsheets into the dataset format,
// written to --out DIR or loaded into the store with --load, with a report of what was skipped.
// What the command does, imported only when it runs; import.ts declares its options and help.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { InvalidInputError } from '../../domain/errors.ts';
import { importFtm } from '../../import/ftm.ts';
import type { ImportReport, ImportResult } from '../../import/import-report.ts';
import { importOfacSdn } from '../../import/ofac-sdn.ts';
import { importOfacSdnDiff, type SdnChange } from '../../import/ofac-sdn-diff.ts';
import { neutraliseFormula, writeDataset } from '../../import/write-dataset.ts';
import { readReference } from '../../load/load-datasets.ts';
import { formatOption, type OutputFormat } from '../options.ts';
import { loadDataset } from '../open-view.ts';
import type { Output } from '../output.ts';

interface DestinationOptions {
  out?: string;
  load?: boolean;
  format?: string;
}

/** How many skipped rows of one category the text report lists before summarising. */
const SHOWN_PER_CATEGORY = 20;

export async function runImportFtm(file: string, options: DestinationOptions, output: Output): Promise<void> {
  await deliver(importFtm(file, readReference().lists), options, output);
}

export async function runImportOfacSdn(sdn: string, options: DestinationOptions & { add?: string; alt?: string }, output: Output): Promise<void> {
  await deliver(importOfacSdn({ sdn, add: options.add, alt: options.alt }, readReference().lists), options, output);
}

export function runImportOfacSdnDiff(oldFile: string, newFile: string, options: { out: string; format?: string }, output: Output): void {
  const format = formatOption(options.format);
  const diff = importOfacSdnDiff(oldFile, newFile, readReference().lists);
  writeDataset(diff.before, join(options.out, 'before'));
  writeDataset(diff.after, join(options.out, 'after'));
  const changes: ['added' | 'removed', SdnChange][] = [...diff.added.map((change) => ['added', change] as ['added', SdnChange]), ...diff.removed.map((change) => ['removed', change] as ['removed', SdnChange])];
  writeFileSync(
    join(options.out, 'changes.csv'),
    stringify([['change', 'entity_id', 'ent_num', 'name', 'programs'], ...changes.map(([kind, change]) => [kind, change.entityId, change.entNum, change.name, change.programs].map(neutraliseFormula))]),
  );
  if (format === 'json') {
    output.json({ out: options.out, added: diff.added, removed: diff.removed, report: diff.report });
    return;
  }
  output.line(`${diff.added.length} added, ${diff.removed.length} removed between ${oldFile} and ${newFile}`);
  output.line(`wrote ${join(options.out, 'before')}, ${join(options.out, 'after')} and ${join(options.out, 'changes.csv')}`);
  output.line(`compare with: --data-before YOUR_GRAPH --data-before ${join(options.out, 'before')} --data-after YOUR_GRAPH --data-after ${join(options.out, 'after')}`);
  printReport(diff.report, output);
}

export async function runImportCsv(options: DestinationOptions & { mapping: string; input?: string[] }, output: Output): Promise<void> {
  // On demand: the mapping reader brings the YAML parser, which no other command needs at start.
  const { importMapping } = await import('../../import/mapping.ts');
  await deliver(importMapping(options.mapping, readReference().lists, inputOverrides(options.input)), options, output);
}


async function deliver(result: ImportResult, options: DestinationOptions, output: Output): Promise<void> {
  const format = formatOption(options.format);
  if ((options.out === undefined) === (options.load !== true)) {
    throw new InvalidInputError('say where the import goes', [{ field: '--out/--load', message: 'give exactly one of --out DIR (write CSV files) or --load (load into the store)' }]);
  }
  if (options.out !== undefined) {
    const files = writeDataset(result.dataset, options.out);
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'import-report.json'), `${JSON.stringify(result.report, null, 2)}\n`);
    report(format, output, result.report, { out: options.out, files });
    return;
  }
  const outcome = await loadDataset(result.dataset, options);
  report(format, output, result.report, { load: outcome });
}

function report(format: OutputFormat, output: Output, importReport: ImportReport, destination: Record<string, unknown>): void {
  if (format === 'json') {
    output.json({ ...destination, report: importReport });
    return;
  }
  const { counts } = importReport;
  const what = `${counts.entities} entities, ${counts.relationships} relationships, ${counts.listings} listings`;
  if (destination.out !== undefined) output.line(`wrote ${what} to ${String(destination.out)} (validate with: enduse validate --data ${String(destination.out)})`);
  const load = destination.load as Awaited<ReturnType<typeof loadDataset>> | undefined;
  if (load !== undefined) {
    if (load.persists) output.line(`loaded ${what} into the ${load.backend} store`);
    else output.line(`would load ${what}: checked against the embedded ${load.backend} store, which does not persist after this command; use --out DIR to keep the data (or a persistent backend)`);
  }
  printReport(importReport, output);
}

function printReport(importReport: ImportReport, output: Output): void {
  for (const [label, notes, summary] of [['skipped', importReport.skipped, importReport.summary.skipped], ['warning', importReport.warnings, importReport.summary.warnings]] as const) {
    const total = notes.length;
    output.line(`${total} ${label === 'skipped' ? 'rows skipped' : 'warnings'}${total === 0 ? '' : `: ${Object.entries(summary).map(([category, count]) => `${category} ${count}`).join(', ')}`}`);
    const shown = new Map<string, number>();
    for (const note of notes) {
      const count = (shown.get(note.category) ?? 0) + 1;
      shown.set(note.category, count);
      if (count <= SHOWN_PER_CATEGORY) output.line(`  ${label} ${note.file}${note.line === undefined ? '' : `:${note.line}`}: ${note.category}${note.detail === undefined ? '' : `: ${note.detail}`}`);
      else if (count === SHOWN_PER_CATEGORY + 1) output.line(`  … more '${note.category}' rows: see import-report.json or --format json`);
    }
  }
}

function inputOverrides(values: string[] | undefined): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const value of values ?? []) {
    const match = /^([A-Za-z0-9_-]+)=(.+)$/.exec(value);
    if (match) overrides[match[1]!] = match[2]!;
    else overrides[''] = value;
  }
  return overrides;
}
