// `enduse reference`: the shipped reference data, row by row, with whose law it is, its source
// and how long ago that source was last checked.
import type { Command } from 'commander';
import { REFERENCE_FILES } from '../../load/reference-files.ts';
import type { Output } from '../output.ts';

export function registerReference(program: Command, output: Output): void {
  program
    .command('reference')
    .description("list the reference data (lists, jurisdiction rows, ownership rules, free-trade zones) with each row's regime, source and age")
    .option('--file <name>', `only one file: ${REFERENCE_FILES.join(', ')}`)
    .option('--as-of <date>', 'date the ages are counted to, YYYY-MM-DD (default today)')
    .option('--format <format>', 'text or json')
    .action(async (options: { file?: string; asOf?: string; format?: string }) => (await import('./reference-run.ts')).runReference(options, output));
}
