// `enduse merge`: applies accepted judgements to datasets and writes the merged dataset.
import type { Command } from 'commander';
import type { Output } from '../output.ts';

export function registerMerge(program: Command, output: Output): void {
  program
    .command('merge')
    .description('merge entities judged the same (accept) into one that keeps every source id; the sources stay as they are')
    .option('--data <path...>', 'datasets to merge (the first source\'s id survives a merge)')
    .option('--judgements <file>', 'decisions (.jsonl or .csv)')
    .option('--out <dir>', 'folder for the merged dataset')
    .option('--format <format>', 'text or json')
    .action(async (options: { data?: string[]; judgements?: string; out?: string; format?: string }) => (await import('./merge-run.ts')).runMerge(options, output));
}
