// `enduse index`: reads datasets once and writes their compact index as one snapshot file, which
// `--data FILE.enduse` and `serve` then read back in seconds instead of parsing the files again.
import type { Command } from 'commander';
import { SNAPSHOT_EXTENSION } from '../../snapshot/snapshot-signature.ts';
import type { Output } from '../output.ts';

export function registerIndex(program: Command, output: Output): void {
  program
    .command('index')
    .description(`read datasets once and write their index as a snapshot (FILE${SNAPSHOT_EXTENSION}) that --data and serve read back in seconds`)
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--out <file>', `the snapshot to write, a name ending in ${SNAPSHOT_EXTENSION} (replaced when it exists)`)
    .option('--format <format>', 'text or json')
    .action(async (options: { data?: string[]; out?: string; format?: string }) => (await import('./index-snapshot-run.ts')).runIndex(options, output));
}
