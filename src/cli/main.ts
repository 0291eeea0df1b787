// Entry point of the `enduse` command.
import { runCli } from './run-cli.ts';
import { processOutput } from './output.ts';

process.exitCode = await runCli(process.argv.slice(2), processOutput);
