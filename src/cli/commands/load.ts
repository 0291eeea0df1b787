// `enduse load`: validates dataset files, then writes them into the chosen store (Neo4j keeps
// them; the embedded store only checks), with a progress bar on a terminal and what was new.
import type { Command } from 'commander';
import { DEFAULT_BATCH_SIZE } from '../../store/neo4j/neo4j-defaults.ts';
import { addBackendOptions, type BackendCliOptions } from '../backend-options.ts';
import type { Output } from '../output.ts';

const MAX_BATCH_SIZE = 100_000;

export function registerLoad(program: Command, output: Output): void {
  const command = program
    .command('load')
    .description('validate dataset files and load them into the store: --backend neo4j keeps them (rerunning a load changes nothing)')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--batch-size <n>', `rows per Neo4j transaction (default ${DEFAULT_BATCH_SIZE})`)
    .option('--name <name>', 'the dataset name its version is recorded under (default: the first --data file or folder name)')
    .option('--mode <mode>', 'merge or replace: allow the load to change entities already stored (without it such a load is refused, listing every change)')
    .option('--format <format>', 'text or json');
  addBackendOptions(command);
  command.action(async (options: BackendCliOptions & { data?: string[]; batchSize?: string; format?: string; name?: string; mode?: string }) => (await import('./load-run.ts')).runLoad(options, output));
}
