// `enduse routes`: flagged routes from one entity, each hop with its evidence.
import type { Command } from 'commander';
import { resolveEntity } from '../../analysis/entity-reference.ts';
import { appliedFilters } from '../../analysis/applied-filters.ts';
import { noneReachable } from '../../domain/applied-filters.ts';
import type { Route } from '../../analysis/routes.ts';
import { MAX_ROUTES_PER_TARGET } from '../../analysis/k-shortest-routes.ts';
import { ROUTE_SORTS, rankedFlaggedRoutes, type RankedRoute } from '../../analysis/ranked-routes.ts';
import { readFreeTradeZones } from '../../load/free-trade-zones.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { choiceOption, positiveIntegerOption } from '../options.ts';
import { STRATEGY_OPTION, readRouteSearchOptions, withRouteSearchOptions, type RouteSearchFlags } from '../route-search-options.ts';
import { openSearchView } from '../open-view.ts';
import { describeEntity, describeHop, describeReason, describeRedFlag, describeScore } from '../describe.ts';
import type { Output } from '../output.ts';
import { BatchedWriter, writeJsonWithList } from '../streamed-output.ts';

export function registerRoutes(program: Command, output: Output): void {
  withRouteSearchOptions(
    program
      .command('routes')
      .description('flagged routes from an entity: the shortest (or k shortest) routes to each flagged entity it can reach, with red flags and a score'),
  )
    .option('--k <n>', `routes per flagged target, shortest first (default 1, at most ${MAX_ROUTES_PER_TARGET})`)
    .option('--sort <order>', 'length (fewest hops first, default) or score (highest score first)')
    .option(...STRATEGY_OPTION)
    .action(async (options: RouteSearchFlags & { strategy?: string; k?: string; sort?: string }) => {
      const { from: given, asOf, product, maxHops, format, timeBudget, regime } = readRouteSearchOptions(options);
      const k = positiveIntegerOption(options.k, '--k', 1, MAX_ROUTES_PER_TARGET);
      const sort = choiceOption(options.sort, '--sort', ROUTE_SORTS, 'length');
      const view = await openSearchView(options, given, { asOf, product, maxHops, k });
      const from = resolveEntity(view, given, '--from').id;
      const budget = timeBudget.start();
      const routes = rankedFlaggedRoutes(view, from, { asOf, product, maxHops, k, sort, freeTradeZones: readFreeTradeZones(), budget, regime });
      const filters = appliedFilters(view, { asOf, regime, maxHops, product });
      const truncated = timeBudget.notice(budget);
      if (truncated !== undefined) output.error(truncated);
      // Written route by route: a hub's answer at ten million entities is larger than one string may be.
      if (format === 'json') {
        writeJsonWithList(output, { from, asOf, product: product ?? null, filters, maxHops, k, sort }, 'routes', routes, budget === undefined ? {} : { truncated: budget.exhausted });
        return;
      }
      if (routes.length === 0) {
        output.line(noneReachable(describeEntity(view.entity(from), from), filters));
        return;
      }
      const writer = new BatchedWriter(output);
      writeRoutesText(view, from, asOf, routes, (line) => writer.line(line));
      writer.flush();
    });
}

export function formatRoutesText(view: GraphView, from: string, asOf: string, routes: readonly (Route | RankedRoute)[]): string {
  const lines: string[] = [];
  writeRoutesText(view, from, asOf, routes, (line) => lines.push(line));
  return lines.join('\n');
}

/** The routes as text, handed to `line` one line at a time. */
export function writeRoutesText(view: GraphView, from: string, asOf: string, routes: readonly (Route | RankedRoute)[], line: (text: string) => void): void {
  line(`${routes.length} flagged route${routes.length === 1 ? '' : 's'} from ${describeEntity(view.entity(from), from)} as of ${asOf}`);
  for (const route of routes) {
    const ranked = 'rank' in route ? `#${route.rank} ` : '';
    const alternative = 'alternative' in route && route.alternative > 1 ? ` (alternative ${route.alternative})` : '';
    line('');
    line(`${ranked}→ ${describeEntity(view.entity(route.target), route.target)}: ${route.hops} hop${route.hops === 1 ? '' : 's'}${alternative}`);
    line(`  path: ${route.path.join(' → ')}`);
    for (const reason of route.reasons) line(`  flagged: ${describeReason(reason)}`);
    route.edges.forEach((edge, index) => line(`  ${index + 1}. ${describeHop(edge, view)}`));
    if ('score' in route) {
      for (const redFlag of route.redFlags) line(`  red flag: ${describeRedFlag(redFlag)}`);
      for (const scoreLine of describeScore(route.score)) line(`  ${scoreLine}`);
    }
  }
}
