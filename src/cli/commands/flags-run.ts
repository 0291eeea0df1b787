// `enduse flags`: every flagged entity at a date, with the reasons and their evidence.
// What the command does, imported only when it runs; flags.ts declares its options and help.
import { flaggedEntities } from '../../analysis/flags.ts';
import { asOfOption, formatOption, regimeOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeEntity, describeReason } from '../describe.ts';
import type { Output } from '../output.ts';

export async function runFlags(options: { data?: string[]; asOf?: string; format?: string; regime?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const asOf = asOfOption(options.asOf);
  const regime = regimeOption(options.regime);
  const view = await openView(options);
  const flags = flaggedEntities(view, asOf, undefined, { regime });
  const flagged = [...flags]
    .map(([id, reasons]) => ({ id, name: view.entity(id)?.name ?? id, reasons }))
    .sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') {
    output.json({ asOf, regime, flagged });
    return;
  }
  output.line(`${flagged.length} flagged entit${flagged.length === 1 ? 'y' : 'ies'} as of ${asOf} under ${regime === 'all' ? 'every regime' : `${regime.toUpperCase()} law`}`);
  for (const entry of flagged) {
    output.line('');
    output.line(describeEntity(view.entity(entry.id), entry.id));
    for (const reason of entry.reasons) output.line(`  - ${describeReason(reason)}`);
  }
}

