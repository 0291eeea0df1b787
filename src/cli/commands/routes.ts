// `enduse routes`: flagged routes from one entity, each hop with its evidence.
import type { Command } from 'commander';
import { MAX_ROUTES_PER_TARGET } from '../../analysis/search-limits.ts';
import { STRATEGY_OPTION, withRouteSearchOptions, type RouteSearchFlags } from '../route-search-options.ts';
import type { Output } from '../output.ts';

export function registerRoutes(program: Command, output: Output): void {
  withRouteSearchOptions(
    program
      .command('routes')
      .description('flagged routes from an entity: the shortest (or k shortest) routes to each flagged entity it can reach, with red flags and a score'),
  )
    .option('--k <n>', `routes per flagged target, shortest first (default 1, at most ${MAX_ROUTES_PER_TARGET})`)
    .option('--sort <order>', 'length (fewest hops first, default) or score (highest score first)')
    .option(...STRATEGY_OPTION)
    .action(async (options: RouteSearchFlags & { strategy?: string; k?: string; sort?: string }) => (await import('./routes-run.ts')).runRoutes(options, output));
}
