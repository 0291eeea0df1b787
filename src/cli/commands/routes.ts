// `enduse routes`: flagged routes from one entity, each hop with its evidence.
import type { Command } from 'commander';
import { DEFAULT_MAX_HOPS, findFlaggedRoutes, type Route } from '../../analysis/routes.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { asOfOption, dataOption, formatOption, positiveIntegerOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeEntity, describeHop, describeReason } from '../describe.ts';
import type { Output } from '../output.ts';
import { InvalidInputError } from '../../domain/errors.ts';

export const MAX_HOPS_CAP = 12;

export function registerRoutes(program: Command, output: Output): void {
  program
    .command('routes')
    .description('flagged routes from an entity: one shortest route to each flagged entity it can reach')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--from <id>', 'the entity the goods start from')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .option('--product <product>', 'only SUPPLIES edges of this product (or with none)')
    .option('--max-hops <n>', `most edges in a route (default ${DEFAULT_MAX_HOPS}, at most ${MAX_HOPS_CAP})`)
    .option('--format <format>', 'text or json')
    .action(async (options: { data?: string[]; from?: string; asOf?: string; product?: string; maxHops?: string; format?: string }) => {
      const format = formatOption(options.format);
      const asOf = asOfOption(options.asOf);
      const maxHops = positiveIntegerOption(options.maxHops, '--max-hops', DEFAULT_MAX_HOPS, MAX_HOPS_CAP);
      if (options.from === undefined) throw new InvalidInputError('missing --from', [{ field: '--from', message: 'is required; give the id of the entity the goods start from' }]);
      const view = await openView(dataOption(options.data));
      const routes = findFlaggedRoutes(view, options.from, { asOf, product: options.product, maxHops });
      if (format === 'json') {
        output.json({ from: options.from, asOf, product: options.product ?? null, maxHops, routes });
        return;
      }
      output.line(formatRoutesText(view, options.from, asOf, routes));
    });
}

export function formatRoutesText(view: GraphView, from: string, asOf: string, routes: readonly Route[]): string {
  const lines = [`${routes.length} flagged route${routes.length === 1 ? '' : 's'} from ${describeEntity(view.entity(from), from)} as of ${asOf}`];
  for (const route of routes) {
    lines.push('', `→ ${describeEntity(view.entity(route.target), route.target)}: ${route.hops} hop${route.hops === 1 ? '' : 's'}`);
    lines.push(`  path: ${route.path.join(' → ')}`);
    for (const reason of route.reasons) lines.push(`  flagged: ${describeReason(reason)}`);
    route.edges.forEach((edge, index) => lines.push(`  ${index + 1}. ${describeHop(edge, view)}`));
  }
  return lines.join('\n');
}
