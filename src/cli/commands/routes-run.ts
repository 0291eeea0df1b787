// `enduse routes`: flagged routes from one entity, each hop with its evidence.
// What the command does, imported only when it runs; routes.ts declares its options and help.
import { resolveEntity } from '../../analysis/entity-reference.ts';
import { appliedFilters } from '../../analysis/applied-filters.ts';
import { noneReachable } from '../../domain/applied-filters.ts';
import type { Route } from '../../analysis/routes.ts';
import { MAX_ROUTES_PER_TARGET } from '../../analysis/k-shortest-routes.ts';
import { ROUTE_SORTS, rankedFlaggedRoutes, type RankedRoute } from '../../analysis/ranked-routes.ts';
import { readFreeTradeZones } from '../../load/free-trade-zones.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { choiceOption, positiveIntegerOption } from '../options.ts';
import { readRouteSearchOptions, type RouteSearchFlags } from '../route-search-options.ts';
import { openSearchView } from '../open-view.ts';
import { describeEntity, describeHop, describeReason, describeRedFlag, describeScore, type Cite } from '../describe.ts';
import { hopLabel } from '../../domain/hop-number.ts';
import { routeSources } from '../../report/dossier.ts';
import { NO_COLORS, wrapLines, type Colors } from '../terminal-text.ts';
import type { Output } from '../output.ts';
import { BatchedWriter, writeJsonWithList } from '../streamed-output.ts';

export async function runRoutes(options: RouteSearchFlags & { strategy?: string; k?: string; sort?: string }, output: Output): Promise<void> {
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
  // Written route by route (a hub's answer at ten million entities is larger than one string
  // may be), each line wrapped to the terminal as output.line wraps.
  const writer = new BatchedWriter(output);
  const width = output.text?.width;
  writeRoutesText(view, from, asOf, routes, (line) => writer.line(width === undefined ? line : wrapLines(line, width)), output.text?.colors);
  writer.flush();
}


export function formatRoutesText(view: GraphView, from: string, asOf: string, routes: readonly (Route | RankedRoute)[], colors: Colors = NO_COLORS): string {
  const lines: string[] = [];
  writeRoutesText(view, from, asOf, routes, (line) => lines.push(line), colors);
  return lines.join('\n');
}

/**
 * Routes for people, handed to `line` one line at a time: each with its target's reasons, its
 * hops (numbered from 1), red flags and score when ranked, and the sources it rests on listed
 * once below it, cited by number.
 */
export function writeRoutesText(view: GraphView, from: string, asOf: string, routes: readonly (Route | RankedRoute)[], line: (text: string) => void, colors: Colors = NO_COLORS): void {
  line(colors.bold(`${routes.length} flagged route${routes.length === 1 ? '' : 's'} from ${describeEntity(view.entity(from), from)} as of ${asOf}`));
  for (const route of routes) {
    const sources = routeSources(route);
    const cite: Cite = (source) => `source ${sources.indexOf(source) + 1}`;
    const ranked = 'rank' in route ? `#${route.rank} ` : '';
    const alternative = 'alternative' in route && route.alternative > 1 ? ` (alternative ${route.alternative})` : '';
    const score = 'score' in route ? `, score ${route.score.total}/100` : '';
    line('');
    line(colors.bold(`${ranked}→ ${colors.red(describeEntity(view.entity(route.target), route.target))}: ${route.hops} hop${route.hops === 1 ? '' : 's'}${alternative}${score}`));
    line(`  path: ${route.path.join(' → ')}`);
    for (const reason of route.reasons) line(`  ${colors.red('flagged:')} ${describeReason(reason, cite)}`);
    route.edges.forEach((edge, index) => line(`  ${hopLabel(index)}: ${describeHop(edge, view, cite)}`));
    if ('score' in route) {
      for (const redFlag of route.redFlags) line(`  ${colors.yellow('red flag:')} ${describeRedFlag(redFlag, cite)}`);
      for (const scoreLine of describeScore(route.score)) line(`  ${scoreLine}`);
    }
    if (sources.length > 0) {
      line(`  ${colors.dim('sources:')}`);
      sources.forEach((source, index) => line(`    ${index + 1}. ${source}`));
    }
  }
}
