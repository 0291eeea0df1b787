// `enduse connect`: how two entities are connected, the shortest chain of relationships of any
// type, either direction (the same answer as GET /api/connections).
import type { Command } from 'commander';
import { DEFAULT_CONNECTION_HOPS } from '../../analysis/search-limits.ts';
import { MAX_HOPS_CAP } from '../route-search-options.ts';
import { TIME_BUDGET_OPTION } from '../time-budget.ts';
import type { Output } from '../output.ts';

export interface ConnectFlags {
  data?: string[];
  from?: string;
  to?: string;
  maxHops?: string;
  types?: string;
  asOf?: string;
  format?: string;
  timeBudget?: string;
}

export function registerConnect(program: Command, output: Output): void {
  program
    .command('connect')
    .description('how are two entities connected? the shortest chain of relationships of any type, either direction')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--from <id>', 'entity at one end')
    .option('--to <id>', 'entity at the other end')
    .option('--max-hops <n>', `most relationships in the chain (default ${DEFAULT_CONNECTION_HOPS}, at most ${MAX_HOPS_CAP})`)
    .option('--types <types>', 'only these relationship types, comma-separated (default: every type)')
    .option('--as-of <date>', 'only relationships in force on this day, YYYY-MM-DD (default: any dates)')
    .option('--format <format>', 'text or json')
    .option(...TIME_BUDGET_OPTION)
    .action(async (flags: ConnectFlags) => (await import('./connect-run.ts')).runConnect(flags, output));
}
