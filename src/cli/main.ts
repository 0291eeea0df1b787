// Entry point of the `enduse` command.
import { runCli } from './run-cli.ts';
import { processOutput } from './output.ts';
import { markCommandProcess } from './command-process.ts';

// A reader that stops early (`enduse report | head`) closes the pipe: the command has nothing more
// to say to it, so it ends quietly instead of dying on EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

markCommandProcess();
process.exitCode = await runCli(process.argv.slice(2), processOutput);
