// `enduse serve`: the HTTP API and the dashboard, from the embedded store with the shipped cases
// (or the given datasets) loaded, or from what a Neo4j holds (--backend neo4j), kept fresh. The
// options are declared here; serve-run.ts does the serving.
import { Option, type Command } from 'commander';
import { DEFAULT_CHANGE_POLL_SECONDS, DEFAULT_PORT, DEFAULT_REFRESH_INTERVAL_SECONDS, type ServeCliOptions } from '../backend-options.ts';
import type { Output } from '../output.ts';
import { isCommandProcess } from '../command-process.ts';

export type ServeOptions = ServeCliOptions & { data?: string[]; store?: string; regime?: string };

export { DEFAULT_PORT };

export function registerServe(program: Command, output: Output): void {
  program
    .command('serve')
    .description('serve the HTTP API and the dashboard (default: the shipped cases on the embedded store; --backend neo4j: what Neo4j holds)')
    .option('--port <port>', `port to listen on (default: $PORT or ${DEFAULT_PORT})`)
    .option('--host <host>', 'address to listen on (default 127.0.0.1; another address needs ENDUSE_API_KEYS)')
    .option('--data <path...>', 'dataset folders or .json files to load instead of the shipped cases (repeatable; embedded store only)')
    .option('--refresh-interval <seconds>', `with --backend neo4j: read the database again this often, for writes by other tools (default $ENDUSE_REFRESH_INTERVAL or ${DEFAULT_REFRESH_INTERVAL_SECONDS}; 0 = never)`)
    .option('--change-poll <seconds>', `with --backend neo4j: check this often whether an enduse load changed the database (default $ENDUSE_CHANGE_POLL or ${DEFAULT_CHANGE_POLL_SECONDS}; 0 = never)`)
    // Kept only to point its users at --backend, which every command takes.
    .option('--regime <regime>', 'whose law the server answers under: all (default, or $ENDUSE_REGIME), us, eu, uk, un, ch, ua')
    .addOption(new Option('--store <store>').hideHelp())
    .action(async (options: ServeOptions) => {
      // The server's node needs a larger young generation, settable only at start (why: serve-young-generation.ts).
      // Run in-process by another program (tests, scripts), serve runs where it is called.
      const { followLauncher, relaunchWithLargerYoungGeneration, youngGenerationChosen } = await import('./serve-young-generation.ts');
      if (isCommandProcess() && !youngGenerationChosen(process.execArgv, process.env.NODE_OPTIONS)) await relaunchWithLargerYoungGeneration();
      followLauncher();
      // The server's modules (express, the worker pool, the Neo4j driver) load only for this command.
      const { runServe } = await import('./serve-run.ts');
      await runServe(options, output);
    });
}
