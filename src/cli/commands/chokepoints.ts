// `enduse chokepoints`: the fewest intermediaries whose removal cuts every flagged route from an entity.
import type { Command } from 'commander';
import { chokepoints, type Chokepoints } from '../../analysis/chokepoints.ts';
import { DEFAULT_MAX_HOPS } from '../../analysis/routes.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { asOfOption, formatOption, positiveIntegerOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeEntity, describeHop } from '../describe.ts';
import { TIME_BUDGET_OPTION, timeBudgetOption } from '../time-budget.ts';
import type { Output } from '../output.ts';
import { MAX_HOPS_CAP } from './routes.ts';

export function registerChokepoints(program: Command, output: Output): void {
  program
    .command('chokepoints')
    .description('the fewest intermediaries whose removal cuts every flagged route from an entity (minimum vertex cut)')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--from <id>', 'the entity the goods start from')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .option('--product <product>', 'only SUPPLIES edges of this product (or with none)')
    .option('--max-hops <n>', `most edges in a route (default ${DEFAULT_MAX_HOPS}, at most ${MAX_HOPS_CAP})`)
    .option('--format <format>', 'text or json')
    .option(...TIME_BUDGET_OPTION)
    .action(async (options: { data?: string[]; from?: string; asOf?: string; product?: string; maxHops?: string; format?: string; timeBudget?: string }) => {
      const format = formatOption(options.format);
      const asOf = asOfOption(options.asOf);
      const maxHops = positiveIntegerOption(options.maxHops, '--max-hops', DEFAULT_MAX_HOPS, MAX_HOPS_CAP);
      const timeBudget = timeBudgetOption(options.timeBudget);
      if (options.from === undefined) throw new InvalidInputError('missing --from', [{ field: '--from', message: 'is required; give the id of the entity the goods start from' }]);
      const view = await openView(options);
      const budget = timeBudget.start();
      const result = chokepoints(view, options.from, { asOf, product: options.product, maxHops, budget });
      const truncated = timeBudget.notice(budget);
      if (truncated !== undefined) output.error(truncated);
      if (format === 'json') output.json({ asOf, product: options.product ?? null, maxHops, ...result, ...(budget === undefined ? {} : { truncated: budget.exhausted }) });
      else output.line(formatChokepointsText(view, asOf, result));
    });
}

export function formatChokepointsText(view: GraphView, asOf: string, result: Chokepoints): string {
  const lines = [`Chokepoints from ${describeEntity(view.entity(result.from), result.from)} as of ${asOf}: ${result.targets.length} flagged target(s) reachable`];
  for (const entry of result.uncuttable) {
    lines.push(`  uncuttable (direct): ${describeEntity(view.entity(entry.target), entry.target)}`);
    for (const edge of entry.edges) lines.push(`    ${describeHop(edge, view)}`);
  }
  const { cut } = result;
  const proof = cut.status === 'minimum' ? `proven minimum (${cut.method})` : `upper bound (${cut.method}; no cut is smaller than ${cut.lowerBound})`;
  lines.push('', `Smallest cut: ${cut.size} intermediar${cut.size === 1 ? 'y' : 'ies'}, ${proof}${cut.verified ? '' : ', NOT verified'}`);
  for (const member of cut.members) lines.push(`  - ${describeEntity(view.entity(member.id), member.id)}`);
  if (cut.disjointRoutes.length > 0) lines.push(`  ${cut.disjointRoutes.length} route(s) sharing no intermediary: ${cut.disjointRoutes.map((path) => path.join(' → ')).join('; ')}`);
  lines.push('', 'Each intermediary alone (flagged targets that lose every route without it):');
  if (result.intermediaries.length === 0) lines.push('  none');
  for (const entry of result.intermediaries) {
    lines.push(`  ${entry.cutsAlone} ${entry.id}${entry.inCut ? ' (in the cut)' : ''}${entry.cutsAlone > 0 ? `: ${entry.targetsCutAlone.join(', ')}` : ''}`);
  }
  return lines.join('\n');
}
