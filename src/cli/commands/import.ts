// `enduse import …`: turns FtM, OFAC SDN and mapped spreadsheets into the dataset format,
// written to --out DIR or loaded into the store with --load, with a report of what was skipped.
import type { Command } from 'commander';
import type { Output } from '../output.ts';

interface DestinationOptions {
  out?: string;
  load?: boolean;
  format?: string;
}

/** How many skipped rows of one category the text report lists before summarising. */
const SHOWN_PER_CATEGORY = 20;

export function registerImport(program: Command, output: Output): void {
  const command = program.command('import').description('import real-world data into the dataset format (--out DIR) or the store (--load)');
  const destination = (sub: Command) =>
    sub
      .option('--out <dir>', 'write entities.csv, relationships.csv, listings.csv, jurisdictions.csv and import-report.json to DIR')
      .option('--load', 'load into the store chosen by the CLI (the embedded store keeps nothing after the command)')
      .option('--format <format>', 'report as text or json');

  destination(command.command('ftm <file>').description('FollowTheMoney / OpenSanctions JSON lines')).action(async (file: string, options: DestinationOptions) => (await import('./import-run.ts')).runImportFtm(file, options, output));

  destination(
    command
      .command('ofac-sdn <sdn>')
      .description("OFAC's legacy sdn.csv, with its address and alias files")
      .option('--add <file>', 'add.csv (addresses)')
      .option('--alt <file>', 'alt.csv (aliases)'),
  ).action(async (sdn: string, options: DestinationOptions & { add?: string; alt?: string }) => (await import('./import-run.ts')).runImportOfacSdn(sdn, options, output));

  command
    .command('ofac-sdn-diff <old> <new>')
    .description('compare two sdn.csv snapshots: writes DIR/before and DIR/after datasets (same entities, each snapshot\'s listings) and DIR/changes.csv')
    .requiredOption('--out <dir>', 'folder for before/, after/ and changes.csv')
    .option('--format <format>', 'report as text or json')
    .action(async (oldFile: string, newFile: string, options: { out: string; format?: string }) => (await import('./import-run.ts')).runImportOfacSdnDiff(oldFile, newFile, options, output));

  destination(
    command
      .command('csv')
      .description('any spreadsheet, through a declarative mapping (YAML or JSON; see data/mappings/)')
      .requiredOption('--mapping <file>', 'the mapping file')
      .option('--input <name=file...>', 'override an input file of the mapping (repeatable); a bare FILE replaces the only input'),
  ).action(async (options: DestinationOptions & { mapping: string; input?: string[] }) => (await import('./import-run.ts')).runImportCsv(options, output));
}
