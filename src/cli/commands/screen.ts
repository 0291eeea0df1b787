// `enduse screen`: the due-diligence answer for one proposed sale, with a clear / review / stop verdict.
import type { Command } from 'commander';
import { DEFAULT_MAX_HOPS } from '../../analysis/route-types.ts';
import { REGIME_OPTION } from '../options.ts';
import type { Output } from '../output.ts';
import { MAX_HOPS_CAP } from '../route-search-options.ts';

export interface ScreenFlags {
  data?: string[];
  seller?: string;
  buyer?: string;
  buyerName?: string;
  buyerCountry?: string;
  buyerAddress?: string;
  product?: string;
  statedEndUser?: string;
  date?: string;
  maxHops?: string;
  format?: string;
  regime?: string;
}

export function registerScreen(program: Command, output: Output): void {
  program
    .command('screen')
    .description('screen a proposed sale: buyer flags and owners, flagged routes the sale would open, red flags, and a verdict')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--seller <id>', 'the entity selling')
    .option('--buyer <id>', 'the buyer, an entity of the dataset')
    .option('--buyer-name <name>', 'the buyer by name, when it may not be in the dataset (with --buyer-country)')
    .option('--buyer-country <cc>', 'the buyer\'s country, ISO 3166-1 alpha-2 (with --buyer-name)')
    .option('--buyer-address <address>', 'the buyer\'s address (with --buyer-name; red flags read it, e.g. a free zone)')
    .option('--product <product>', 'the product sold')
    .option('--stated-end-user <id>', 'the end user declared for the sale, an entity of the dataset')
    .option('--date <date>', 'date of the sale, YYYY-MM-DD (default today)')
    .option('--max-hops <n>', `most edges in a route (default ${DEFAULT_MAX_HOPS}, at most ${MAX_HOPS_CAP})`)
    .option('--format <format>', 'text or json')
    .option(...REGIME_OPTION)
    .action(async (options: ScreenFlags) => (await import('./screen-run.ts')).runScreen(options, output));
}
