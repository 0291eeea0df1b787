// `enduse ownership`: an entity's status under each ownership rule, with the chains of owners behind it.
import type { Command } from 'commander';
import { REGIME_OPTION } from '../options.ts';
import type { Output } from '../output.ts';

export function registerOwnership(program: Command, output: Output): void {
  program
    .command('ownership')
    .description('explain an entity under each ownership rule (OFAC 50%, BIS Affiliates, EU/UK owned or controlled) at a date')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--entity <id>', 'the entity to explain')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .option('--format <format>', 'text or json')
    .option(...REGIME_OPTION)
    .action(async (options: { data?: string[]; entity?: string; asOf?: string; format?: string; regime?: string }) => (await import('./ownership-run.ts')).runOwnership(options, output));
}
