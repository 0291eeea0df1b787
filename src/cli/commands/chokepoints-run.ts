// `enduse chokepoints`: the fewest intermediaries whose removal cuts every flagged route from an entity.
// What the command does, imported only when it runs; chokepoints.ts declares its options and help.
import { resolveEntity } from '../../analysis/entity-reference.ts';
import { chokepoints, type Chokepoints } from '../../analysis/chokepoints.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { readRouteSearchOptions, type RouteSearchFlags } from '../route-search-options.ts';
import { openView } from '../open-view.ts';
import { describeEntity, describeHop } from '../describe.ts';
import type { Output } from '../output.ts';

export async function runChokepoints(options: RouteSearchFlags, output: Output): Promise<void> {
  const { from: given, asOf, product, maxHops, format, timeBudget, regime } = readRouteSearchOptions(options);
  const view = await openView(options);
  const from = resolveEntity(view, given, '--from').id;
  const budget = timeBudget.start();
  const result = chokepoints(view, from, { asOf, product, maxHops, budget, regime });
  const truncated = timeBudget.notice(budget);
  if (truncated !== undefined) output.error(truncated);
  if (format === 'json') output.json({ asOf, product: product ?? null, maxHops, ...result, ...(budget === undefined ? {} : { truncated: budget.exhausted }) });
  else output.line(formatChokepointsText(view, asOf, result));
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
