// `enduse search`: find entities by name, alias or id, tolerant of typos and other scripts.
import type { Command } from 'commander';
import { REGIME_OPTION } from '../options.ts';
import type { Output } from '../output.ts';

export function registerSearch(program: Command, output: Output): void {
  program
    .command('search')
    .description('find entities by name, alias or id: any case, accents or script, every word in any order, typos forgiven when nothing matches as written')
    .argument('<text>', 'the name, alias or id to look for')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--as-of <date>', 'date for the flagged column, YYYY-MM-DD (default today)')
    .option('--limit <n>', 'most hits listed (default 20)')
    .option('--format <format>', 'text or json')
    .option(...REGIME_OPTION)
    .action(async (text: string, options: { data?: string[]; asOf?: string; limit?: string; format?: string; regime?: string }) => (await import('./search-run.ts')).runSearch(text, options, output));
}
