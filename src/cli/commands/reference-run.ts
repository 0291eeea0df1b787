// `enduse reference`: the shipped reference data, row by row, with whose law it is, its source
// and how long ago that source was last checked.
// What the command does, imported only when it runs; reference.ts declares its options and help.
import { referenceRows, REFERENCE_FILES } from '../../load/reference-rows.ts';
import { asOfOption, choiceOption, formatOption } from '../options.ts';
import type { Output } from '../output.ts';

export function runReference(options: { file?: string; asOf?: string; format?: string }, output: Output): void {
  const format = formatOption(options.format);
  const asOf = asOfOption(options.asOf);
  const file = options.file === undefined ? undefined : choiceOption(options.file, '--file', REFERENCE_FILES, REFERENCE_FILES[0]);
  const rows = referenceRows(asOf).filter((row) => file === undefined || row.file === file);
  if (format === 'json') {
    output.json({ asOf, rows });
    return;
  }
  output.line(`${rows.length} reference row(s); ages counted to ${asOf}`);
  for (const row of rows) {
    const age = row.ageDays === null ? 'never checked' : `checked ${row.verified}, ${row.ageDays} day(s) ago`;
    output.line(`${row.file}:${row.line}  ${row.regime ?? '-'}  ${row.what}${row.unverified ? '  [UNVERIFIED]' : ''}  (${age})`);
    output.line(`    source: ${row.source ?? '(none)'}`);
  }
}

