// `enduse flags`: every flagged entity at a date, with the reasons and their evidence.
import type { Command } from 'commander';
import { REGIME_OPTION } from '../options.ts';
import type { Output } from '../output.ts';

export function registerFlags(program: Command, output: Output): void {
  program
    .command('flags')
    .description('list flagged entities at a date, each reason with its evidence')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .option('--format <format>', 'text or json')
    .option(...REGIME_OPTION)
    .action(async (options: { data?: string[]; asOf?: string; format?: string; regime?: string }) => (await import('./flags-run.ts')).runFlags(options, output));
}
