// `enduse match`: proposes same-entity pairs across datasets, scored, with the evidence.
import type { Command } from 'commander';
import type { Output } from '../output.ts';

export function registerMatch(program: Command, output: Output): void {
  program
    .command('match')
    .description('propose pairs of entities in different datasets that may be the same, with a score and the evidence; judged pairs are not proposed again')
    .option('--data <path...>', 'two or more datasets (folders of CSV files or .json files)')
    .option('--judgements <file>', 'decisions taken so far (.jsonl or .csv: left,right,decision,note)')
    .option('--threshold <score>', 'lowest score to propose, 0 to 1 (default 0.85)')
    .option('--limit <n>', 'show at most N proposals (default 100)')
    .option('--format <format>', 'text, json, or jsonl (one judgement template per line, decision to fill in)')
    .action(async (options: { data?: string[]; judgements?: string; threshold?: string; limit?: string; format?: string }) => (await import('./match-run.ts')).runMatch(options, output));
}
