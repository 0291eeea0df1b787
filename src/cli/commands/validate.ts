// `enduse validate`: checks datasets and reports every problem, loading nothing.
import type { Command } from 'commander';
import { readDatasets } from '../../load/load-datasets.ts';
import { dataOption, formatOption } from '../options.ts';
import type { Output } from '../output.ts';

export function registerValidate(program: Command, output: Output): void {
  program
    .command('validate')
    .description('check datasets against the schema and the model; exit 2 with every problem if any')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--format <format>', 'text or json')
    .action((options: { data?: string[]; format?: string }) => {
      const format = formatOption(options.format);
      const dataset = readDatasets(dataOption(options.data));
      const counts = {
        entities: dataset.entities.length,
        relationships: dataset.relationships.length,
        listings: dataset.listings.length,
        jurisdictions: dataset.jurisdictions.length,
      };
      if (format === 'json') output.json({ valid: true, counts });
      else output.line(`valid: ${counts.entities} entities, ${counts.relationships} relationships, ${counts.listings} listings, ${counts.jurisdictions} jurisdiction flag periods (with reference data)`);
    });
}
