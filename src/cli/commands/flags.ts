// `enduse flags`: every flagged entity at a date, with the reasons and their evidence.
import type { Command } from 'commander';
import { flaggedEntities } from '../../analysis/flags.ts';
import { asOfOption, formatOption, REGIME_OPTION, regimeOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { describeEntity, describeReason } from '../describe.ts';
import type { Output } from '../output.ts';

export function registerFlags(program: Command, output: Output): void {
  program
    .command('flags')
    .description('list flagged entities at a date, each reason with its evidence')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .option('--format <format>', 'text or json')
    .option(...REGIME_OPTION)
    .action(async (options: { data?: string[]; asOf?: string; format?: string; regime?: string }) => {
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
    });
}
