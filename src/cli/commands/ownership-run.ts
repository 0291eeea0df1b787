// `enduse ownership`: an entity's status under each ownership rule, with the chains of owners behind it.
// What the command does, imported only when it runs; ownership.ts declares its options and help.
import { ownershipStatus, type OwnershipStatus } from '../../analysis/ownership-status.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { GraphView } from '../../store/graph-view.ts';
import { appliesUnder } from '../../domain/regimes.ts';
import { shippedOwnershipRules } from '../../load/read-ownership-rules.ts';
import { asOfOption, formatOption, regimeOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeEntity } from '../describe.ts';
import type { Output } from '../output.ts';

export async function runOwnership(options: { data?: string[]; entity?: string; asOf?: string; format?: string; regime?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const asOf = asOfOption(options.asOf);
  const regime = regimeOption(options.regime);
  if (options.entity === undefined) throw new InvalidInputError('missing --entity', [{ field: '--entity', message: 'is required; give the id of the entity to explain' }]);
  const view = await openView(options);
  // Only the rules of the chosen law, as the API's ownership answer does.
  const rules = shippedOwnershipRules().filter((rule) => appliesUnder(rule.regime, regime));
  const status = ownershipStatus(view, options.entity, asOf, rules);
  if (format === 'json') output.json({ ...status, regime });
  else output.line(`${formatOwnershipText(view, status)}\n(${regime === 'all' ? 'rules of every regime' : `${regime.toUpperCase()} rules only`})`);
}


export function formatOwnershipText(view: GraphView, status: OwnershipStatus): string {
  const lines = [`Ownership status of ${describeEntity(view.entity(status.entity.id), status.entity.id)} as of ${status.asOf}`];
  for (const listing of status.listings) lines.push(`  listed on ${listing.list}${listing.from ? ` since ${listing.from}` : ''}${listing.source ? ` [source: ${listing.source}]` : ''}`);
  lines.push('', `Chains to listed owners and controllers (${status.chains.length}${status.chainsTruncated ? ', cut at the cap' : ''}):`);
  if (status.chains.length === 0) lines.push('  none');
  for (const chain of status.chains) {
    const hops = chain.hops.map((hop) => `${hop.target} ⇐ ${hop.type === 'OWNS' ? `${hop.share}% owned by` : 'controlled by'} ${hop.source}`).join(', ');
    const share = chain.effectiveShare === null ? 'control on the way' : `look-through share ${chain.effectiveShare}%`;
    lines.push(`  ${chain.path.map((id) => view.entity(id)?.name ?? id).join(' ⇐ ')} (root ${chain.root} on ${chain.rootLists.join(', ')}; ${share})`, `    ${hops}`);
  }
  lines.push('', 'Rules:');
  for (const rule of status.rules) {
    lines.push(`  ${rule.rule} (${rule.name}, ${rule.authority}): ${rule.status.toUpperCase().replaceAll('_', ' ')}`);
    lines.push(`    why: ${rule.why}`);
    for (const owner of rule.owners) lines.push(`    owner: ${owner.name} [${owner.id}] ${owner.share}% (${owner.caughtBecause}; ${owner.relationships.join(', ')})`);
    for (const controller of rule.controllers) lines.push(`    controller: ${controller.name} [${controller.id}] (${controller.caughtBecause}; ${controller.relationships.join(', ')})`);
    if (rule.period) lines.push(`    source: ${rule.period.source}`);
  }
  return lines.join('\n');
}
