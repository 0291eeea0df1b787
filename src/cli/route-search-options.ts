// The options every command that searches from one entity shares (routes, exposure,
// chokepoints): declared and read in one place, so their names, help and checks stay alike.
import type { Command } from 'commander';
import { DEFAULT_MAX_HOPS } from '../analysis/route-types.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { IsoDay } from '../domain/dates.ts';
import { asOfOption, formatOption, positiveIntegerOption, REGIME_OPTION, regimeOption, type OutputFormat } from './options.ts';
import type { RegimeSelection } from '../domain/regimes.ts';
import { TIME_BUDGET_OPTION, timeBudgetOption } from './time-budget.ts';

export const MAX_HOPS_CAP = 12;

/** --strategy of routes and exposure: where a search on Neo4j runs (see analysis/search-strategy.ts). */
export const STRATEGY_OPTION = [
  '--strategy <strategy>',
  'with --backend neo4j: pushdown (search inside Neo4j, reading only what it reaches) or projection (copy the graph into memory, then search); default: push-down for one route per target, falling back to the projection when the search reaches a large part of the graph',
] as const;

/** The raw flag values commander hands to the action. */
export interface RouteSearchFlags {
  data?: string[];
  from?: string;
  asOf?: string;
  product?: string;
  maxHops?: string;
  format?: string;
  timeBudget?: string;
  regime?: string;
}

export interface RouteSearchOptions {
  from: string;
  asOf: IsoDay;
  product: string | undefined;
  maxHops: number;
  format: OutputFormat;
  timeBudget: ReturnType<typeof timeBudgetOption>;
  regime: RegimeSelection;
}

/** Adds --data, --from, --as-of, --product, --max-hops, --format and --time-budget. */
export function withRouteSearchOptions(command: Command, maxHopsMeaning = 'most edges in a route'): Command {
  return command
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--from <id or name>', 'the entity the goods start from: its id, or a name or alias that names one entity (an unknown one lists the closest)')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .option('--product <product>', 'only SUPPLIES edges of this product (or with none)')
    .option('--max-hops <n>', `${maxHopsMeaning} (default ${DEFAULT_MAX_HOPS}, at most ${MAX_HOPS_CAP})`)
    .option('--format <format>', 'text or json')
    .option(...TIME_BUDGET_OPTION)
    .option(...REGIME_OPTION);
}

/** Reads the shared flags, answering a bad or missing value with InvalidInputError naming the flag. */
export function readRouteSearchOptions(flags: RouteSearchFlags): RouteSearchOptions {
  const format = formatOption(flags.format);
  const asOf = asOfOption(flags.asOf);
  const maxHops = positiveIntegerOption(flags.maxHops, '--max-hops', DEFAULT_MAX_HOPS, MAX_HOPS_CAP);
  const timeBudget = timeBudgetOption(flags.timeBudget);
  if (flags.from === undefined) throw new InvalidInputError('missing --from', [{ field: '--from', message: 'is required; give the id or name of the entity the goods start from' }]);
  return { from: flags.from, asOf, product: flags.product, maxHops, format, timeBudget, regime: regimeOption(flags.regime) };
}
