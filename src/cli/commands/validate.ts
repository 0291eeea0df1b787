// `enduse validate`: checks datasets and reports every problem, loading nothing.
import type { Command } from 'commander';
import type { Output } from '../output.ts';

export function registerValidate(program: Command, output: Output): void {
  program
    .command('validate')
    .description('check datasets against the schema and the model; exit 2 with every problem if any')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--format <format>', 'text or json')
    .action(async (options: { data?: string[]; format?: string }) => (await import('./validate-run.ts')).runValidate(options, output));
}
