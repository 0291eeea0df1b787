// `enduse reference`: the shipped reference data, row by row, with whose law it is, its source
// and how long ago that source was last checked.
import type { Command } from 'commander';
import { referenceRows, REFERENCE_FILES } from '../../load/reference-rows.ts';
import { asOfOption, choiceOption, formatOption } from '../options.ts';
import type { Output } from '../output.ts';

export function registerReference(program: Command, output: Output): void {
  program
    .command('reference')
    .description("list the reference data (lists, jurisdiction rows, ownership rules, free-trade zones) with each row's regime, source and age")
    .option('--file <name>', `only one file: ${REFERENCE_FILES.join(', ')}`)
    .option('--as-of <date>', 'date the ages are counted to, YYYY-MM-DD (default today)')
    .option('--format <format>', 'text or json')
    .action((options: { file?: string; asOf?: string; format?: string }) => {
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
    });
}
