// `enduse merge`: applies accepted judgements to datasets and writes the merged dataset.
// What the command does, imported only when it runs; merge.ts declares its options and help.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../domain/errors.ts';
import { writeDataset } from '../../import/write-dataset.ts';
import { readReference } from '../../load/load-datasets.ts';
import { readJudgements } from '../../resolve/judgements.ts';
import { mergeEntities } from '../../resolve/merge-entities.ts';
import { readSources } from '../../resolve/read-sources.ts';
import { dataOption, formatOption } from '../options.ts';
import type { Output } from '../output.ts';

export function runMerge(options: { data?: string[]; judgements?: string; out?: string; format?: string }, output: Output): void {
  const format = formatOption(options.format);
  const paths = dataOption(options.data);
  if (options.judgements === undefined) throw new InvalidInputError('merge needs decisions', [{ field: '--judgements', message: 'give the judgements file written while reviewing enduse match' }]);
  if (options.out === undefined) throw new InvalidInputError('merge needs a destination', [{ field: '--out', message: 'give a folder for the merged dataset' }]);
  const lists = readReference().lists;
  const result = mergeEntities(readSources(paths, lists), readJudgements(options.judgements), lists);
  writeDataset(result.dataset, options.out);
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, 'import-report.json'), `${JSON.stringify(result.report, null, 2)}\n`);
  const merged = result.dataset.entities.filter((entity) => entity.identifiers?.some((identifier) => identifier.startsWith('merged:'))).length;
  if (format === 'json') output.json({ out: options.out, mergedEntities: merged, report: result.report });
  else {
    output.line(`wrote ${result.report.counts.entities} entities (${merged} merged), ${result.report.counts.relationships} relationships, ${result.report.counts.listings} listings to ${options.out}`);
    for (const note of result.report.skipped) output.line(`  skipped ${note.file}: ${note.category}${note.detail === undefined ? '' : `: ${note.detail}`}`);
  }
}

