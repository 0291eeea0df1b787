// `enduse export --format neo4j-admin --out DIR`: validates dataset files, then writes them as the
// CSV files of Neo4j's bulk importer, for initial loads of millions of rows (README, "Neo4j").
import type { Command } from 'commander';
import type { Output } from '../output.ts';

const EXPORT_FORMATS = ['neo4j-admin'] as const;
/** Where the docker-compose container sees the folder (README: `docker compose run -v DIR:/import`). */
const CONTAINER_FOLDER = '/import';

export function registerExport(program: Command, output: Output): void {
  program
    .command('export')
    .description('validate dataset files and write them as Neo4j bulk-import files (neo4j-admin database import full)')
    .option('--data <path...>', 'dataset folder of CSV files or .json file (repeatable)')
    .option('--format <format>', 'neo4j-admin (the only format, and the default)')
    .option('--out <dir>', 'a new or empty folder to write the files into')
    .action(async (options: { data?: string[]; format?: string; out?: string }) => (await import('./export-run.ts')).runExport(options, output));
}
