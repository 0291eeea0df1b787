// `enduse entity`: one entity, its flags and its neighbours in both directions.
import type { Command } from 'commander';
import { REGIME_OPTION } from '../options.ts';
import type { Output } from '../output.ts';

export function registerEntity(program: Command, output: Output): void {
  program
    .command('entity')
    .description('show one entity with its flags, listings and neighbours')
    .argument('<id>', 'entity id, or a name or alias that names one entity')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--as-of <date>', 'date for flags, YYYY-MM-DD (default today)')
    .option('--format <format>', 'text or json')
    .option(...REGIME_OPTION)
    .action(async (given: string, options: { data?: string[]; asOf?: string; format?: string; regime?: string }) => (await import('./entity-run.ts')).runEntity(given, options, output));
}
