// `enduse exposure`: what an entity's goods can reach within k hops, by country and by reason.
// What the command does, imported only when it runs; exposure.ts declares its options and help.
import { resolveEntity } from '../../analysis/entity-reference.ts';
import { appliedFilters } from '../../analysis/applied-filters.ts';
import { noneReachable } from '../../domain/applied-filters.ts';
import { computeExposure, flaggedEntityCount, type Exposure } from '../../analysis/exposure.ts';
import { readFreeTradeZones } from '../../load/free-trade-zones.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { describeEntity } from '../describe.ts';
import { positiveIntegerOption } from '../options.ts';
import { readRouteSearchOptions, type RouteSearchFlags } from '../route-search-options.ts';
import { openSearchView } from '../open-view.ts';
import type { Output } from '../output.ts';
import { BatchedWriter, writeJsonWithList } from '../streamed-output.ts';
import { textTable } from '../text-table.ts';

export async function runExposure(options: RouteSearchFlags & { strategy?: string; limit?: string }, output: Output): Promise<void> {
  const { from: given, asOf, product, maxHops, format, timeBudget, regime } = readRouteSearchOptions(options);
  const limit = options.limit === undefined ? undefined : positiveIntegerOption(options.limit, '--limit', 1, 1_000_000);
  const view = await openSearchView(options, given, { asOf, product, maxHops });
  const from = resolveEntity(view, given, '--from').id;
  const budget = timeBudget.start();
  const exposure = computeExposure(view, from, { asOf, maxHops, product, freeTradeZones: readFreeTradeZones(), budget, limit, regime });
  const truncated = timeBudget.notice(budget);
  if (truncated !== undefined) output.error(truncated);
  // With --limit, `more` says how many routes were left out, as the HTTP answer does.
  const more = limit === undefined ? undefined : flaggedEntityCount(exposure) - exposure.flagged.length;
  const filters = appliedFilters(view, { asOf, regime, maxHops, product });
  // Written route by route: without --limit, a hub's answer lists tens of thousands of routes with their evidence.
  if (format === 'json') {
    // `flagged` is the answer's last field (see Exposure), so the order of fields stays as it was.
    const { flagged, ...head } = exposure;
    writeJsonWithList(output, head, 'flagged', flagged, { filters, ...(more === undefined ? {} : { more }), ...(budget === undefined ? {} : { truncated: budget.exhausted }) });
    return;
  }
  const writer = new BatchedWriter(output);
  writeExposureText(view, exposure, more ?? 0, (line) => writer.line(line));
  writer.flush();
  if (flaggedEntityCount(exposure) === 0) output.line(`\n${noneReachable(describeEntity(view.entity(from), from), filters)}`);
}


function writeExposureText(view: GraphView, exposure: Exposure, more: number, line: (text: string) => void): void {
  const { reachable } = exposure;
  const share = reachable.flaggedShare === null ? 'no end users reached' : `${(reachable.flaggedShare * 100).toFixed(1)}% of end users flagged`;
  const lines = [
    `Exposure of ${describeEntity(view.entity(exposure.from), exposure.from)} as of ${exposure.asOf}, within ${exposure.maxHops} hops${exposure.product ? `, product ${exposure.product}` : ''}`,
    `${reachable.entities} entities reachable, ${reachable.endUsers} end users, ${reachable.flaggedEndUsers} flagged (${share})`,
    '',
    textTable([
      ['country', 'reachable', 'flagged', 'end users', 'flagged end users', 'jurisdiction flags'],
      ...exposure.byJurisdiction.map((group) => [
        group.country ?? '(none)',
        String(group.reachable),
        String(group.flagged),
        String(group.endUsers),
        String(group.flaggedEndUsers),
        group.flags.map((flag) => flag.flag).join(', '),
      ]),
    ]),
  ];
  if (exposure.byReason.length > 0) lines.push('', 'by reason:', ...exposure.byReason.map((entry) => `  ${entry.code}: ${entry.count}`));
  if (exposure.flagged.length > 0) lines.push('', 'best route to each flagged entity (highest score first):');
  for (const text of lines) line(text);
  for (const { target, route } of exposure.flagged) {
    line(`  ${route.score.total}/100  ${describeEntity(view.entity(target), target)}: ${route.path.join(' → ')} (${route.redFlags.length} red flag${route.redFlags.length === 1 ? '' : 's'})`);
  }
  if (more > 0) line(`  … and ${more} more (raise --limit to list them)`);
}
