// `enduse chokepoints`: the fewest intermediaries whose removal cuts every flagged route from an entity.
import type { Command } from 'commander';
import { withRouteSearchOptions, type RouteSearchFlags } from '../route-search-options.ts';
import type { Output } from '../output.ts';

export function registerChokepoints(program: Command, output: Output): void {
  withRouteSearchOptions(
    program
      .command('chokepoints')
      .description('the fewest intermediaries whose removal cuts every flagged route from an entity (minimum vertex cut)'),
    'most edges in a route',
  )
    .action(async (options: RouteSearchFlags) => (await import('./chokepoints-run.ts')).runChokepoints(options, output));
}
