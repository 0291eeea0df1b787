// `enduse exposure`: what an entity's goods can reach within k hops, by country and by reason.
import type { Command } from 'commander';
import { STRATEGY_OPTION, withRouteSearchOptions, type RouteSearchFlags } from '../route-search-options.ts';
import type { Output } from '../output.ts';

export function registerExposure(program: Command, output: Output): void {
  withRouteSearchOptions(
    program
      .command('exposure')
      .description('everything an entity can reach downstream within k hops, by jurisdiction and flag reason, with the best route to each flagged entity'),
    'most edges from the source',
  )
    .option('--limit <n>', 'list the best N routes to flagged entities (default: all; every flagged entity is still counted)')
    .option(...STRATEGY_OPTION)
    .action(async (options: RouteSearchFlags & { strategy?: string; limit?: string }) => (await import('./exposure-run.ts')).runExposure(options, output));
}
