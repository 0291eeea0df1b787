// `enduse entity`: one entity, its flags and its neighbours in both directions.
// What the command does, imported only when it runs; entity.ts declares its options and help.
import { flaggedEntities, reasonsFor } from '../../analysis/flags.ts';
import { resolveEntity } from '../../analysis/entity-reference.ts';
import { asOfOption, formatOption, regimeOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeEntity, describeReason } from '../describe.ts';
import { textTable } from '../text-table.ts';
import type { Output } from '../output.ts';

export async function runEntity(given: string, options: { data?: string[]; asOf?: string; format?: string; regime?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const asOf = asOfOption(options.asOf);
  const regime = regimeOption(options.regime);
  const view = await openView(options);
  const entity = resolveEntity(view, given, '<id>');
  const id = entity.id;
  const reasons = reasonsFor(flaggedEntities(view, asOf, undefined, { regime }), id);
  const outgoing = view.outEdges(id);
  const incoming = view.inEdges(id);
  if (format === 'json') {
    output.json({ asOf, regime, entity, reasons, listings: view.listingsOf(id), outgoing, incoming });
    return;
  }
  output.line(describeEntity(entity, id));
  if (entity.aliases.length > 0) output.line(`aliases: ${entity.aliases.join('; ')}`);
  if (entity.address) output.line(`address: ${entity.address}`);
  if (entity.source) output.line(`source: ${entity.source}`);
  const law = regime === 'all' ? 'under every regime' : `under ${regime.toUpperCase()} law`;
  output.line(reasons.length === 0 ? `not flagged as of ${asOf} ${law}` : `flagged as of ${asOf} ${law}:`);
  for (const reason of reasons) output.line(`  - ${describeReason(reason)}`);
  const rows = [
    ...outgoing.map((edge) => ['out', edge.type, edge.target, view.entity(edge.target)?.name ?? '', period(edge), edge.evidence ?? '']),
    ...incoming.map((edge) => ['in', edge.type, edge.source, view.entity(edge.source)?.name ?? '', period(edge), edge.evidence ?? '']),
  ];
  if (rows.length > 0) output.line(`\nneighbours:\n${textTable([['dir', 'type', 'id', 'name', 'period', 'evidence'], ...rows])}`);
}


function period(edge: { start?: string; end?: string; share?: number }): string {
  const span = edge.start || edge.end ? `${edge.start ?? '…'}..${edge.end ?? '…'}` : 'undated';
  return edge.share === undefined ? span : `${span} ${edge.share}%`;
}
