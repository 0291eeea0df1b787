// `enduse connect`: how two entities are connected, the shortest chain of relationships of any
// type, either direction (the same answer as GET /api/connections).
// What the command does, imported only when it runs; connect.ts declares its options and help.
import { connection, DEFAULT_CONNECTION_HOPS, parseRelationshipTypes } from '../../analysis/connection.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { asOfOption, formatOption, positiveIntegerOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeEntity } from '../describe.ts';
import { MAX_HOPS_CAP } from '../route-search-options.ts';
import { timeBudgetOption } from '../time-budget.ts';
import type { Output } from '../output.ts';
import type { ConnectFlags } from './connect.ts';

export async function runConnect(flags: ConnectFlags, output: Output): Promise<void> {
  const format = formatOption(flags.format);
  const problems = [
    ...(flags.from === undefined ? [{ field: '--from', message: 'is required; give the id of the entity at one end' }] : []),
    ...(flags.to === undefined ? [{ field: '--to', message: 'is required; give the id of the entity at the other end' }] : []),
    ...(flags.from !== undefined && flags.from === flags.to ? [{ field: '--to', message: `is the same entity as --from ('${flags.from}'); give two different entities` }] : []),
  ];
  const parsedTypes = flags.types === undefined ? undefined : parseRelationshipTypes(flags.types);
  if (parsedTypes !== undefined && 'problem' in parsedTypes) problems.push({ field: '--types', message: parsedTypes.problem });
  if (problems.length > 0) throw new InvalidInputError('bad options', problems);
  const maxHops = positiveIntegerOption(flags.maxHops, '--max-hops', DEFAULT_CONNECTION_HOPS, MAX_HOPS_CAP);
  const asOf = flags.asOf === undefined ? undefined : asOfOption(flags.asOf);
  const timeBudget = timeBudgetOption(flags.timeBudget);
  const view = await openView(flags);
  const budget = timeBudget.start();
  const found = connection(view, flags.from!, flags.to!, { maxHops, types: parsedTypes && 'types' in parsedTypes ? parsedTypes.types : undefined, asOf, budget });
  if (format === 'json') {
    output.json({ ...found, found: found.path.length > 0, hops: found.path.length > 0 ? found.relationships.length : null, asOf: asOf ?? null, maxHops });
    return;
  }
  const name = (id: string) => describeEntity(view.entity(id), id);
  if (found.path.length === 0) {
    output.line(`no chain of up to ${maxHops} relationships joins ${name(found.from)} and ${name(found.to)}${asOf ? ` on ${asOf}` : ''}`);
  } else {
    output.line(`${found.relationships.length} relationship${found.relationships.length === 1 ? '' : 's'} join ${name(found.from)} and ${name(found.to)}:`);
    found.relationships.forEach((edge, index) => {
      const here = found.path[index]!;
      const arrow = edge.source === here ? '→' : '←';
      const dates = edge.start || edge.end ? `${edge.start ?? '…'}..${edge.end ?? '…'}` : 'undated';
      output.line(`  ${here} ${arrow} ${edge.type}${edge.product ? ` ${edge.product}` : ''}${edge.share !== undefined ? ` ${edge.share}%` : ''} ${arrow} ${found.path[index + 1]} (${dates}; ${edge.evidence ?? 'not graded'}${edge.source_ref ? `; source: ${edge.source_ref}` : ''})`);
    });
  }
  const notice = timeBudget.notice(budget);
  if (notice) output.line(notice);
}

