// `enduse diff`: flags and flagged routes from an entity that changed between two dates or two datasets.
import type { Command } from 'commander';
import { DEFAULT_MAX_HOPS } from '../../analysis/route-types.ts';
import { REGIME_OPTION } from '../options.ts';
import type { Output } from '../output.ts';
import { MAX_HOPS_CAP } from '../route-search-options.ts';

export interface DiffCliOptions {
  data?: string[];
  dataBefore?: string[];
  dataAfter?: string[];
  from?: string;
  before?: string;
  after?: string;
  asOf?: string;
  product?: string;
  maxHops?: string;
  format?: string;
  regime?: string;
}

export function registerDiff(program: Command, output: Output): void {
  program
    .command('diff')
    .description('what changed: flags and flagged routes from an entity that appeared or disappeared between two dates (--before/--after) or two datasets (--data-before/--data-after), and why')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable), compared at two dates')
    .option('--data-before <path...>', 'the earlier dataset (repeatable), compared with --data-after')
    .option('--data-after <path...>', 'the later dataset (repeatable)')
    .option('--from <id>', 'the entity the goods start from')
    .option('--before <date>', 'with --data: the earlier date, YYYY-MM-DD')
    .option('--after <date>', 'with --data: the later date, YYYY-MM-DD')
    .option('--as-of <date>', 'with --data-before/--data-after: the date of the question for both (default today)')
    .option('--product <product>', 'only SUPPLIES edges of this product (or with none)')
    .option('--max-hops <n>', `most edges in a route (default ${DEFAULT_MAX_HOPS}, at most ${MAX_HOPS_CAP})`)
    .option(...REGIME_OPTION)
    .option('--format <format>', 'text or json')
    .action(async (options: DiffCliOptions) => (await import('./diff-run.ts')).runDiff(options, output));
}
