// The one place where errors become exit codes: 0 success, 2 bad input, 1 anything else.
import { CommanderError } from 'commander';
import { ConflictError, InvalidInputError, NotFoundError, StoreUnavailableError, formatProblem, reportedProblems } from '../domain/errors.ts';
import { buildProgram } from './program.ts';
import type { Output } from './output.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], output: Output): Promise<number> {
  const program = buildProgram(output);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return exitCodeFor(error, output);
  }
}

function exitCodeFor(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (unknown option, missing argument, help).
    return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (error instanceof InvalidInputError || error instanceof ConflictError) {
    output.error(`error: ${error.message}`);
    const { shown, more } = reportedProblems(error.problems);
    for (const problem of shown) output.error(`  ${formatProblem(problem)}`);
    if (more > 0) output.error(`  … and ${more} more problem${more === 1 ? '' : 's'}; fix these and run again`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof NotFoundError) {
    output.error(`error: ${error.message}; find the entity by name with: enduse search TEXT --data PATH`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof StoreUnavailableError) {
    output.error(`error: ${error.message}`);
    return EXIT_BAD_INPUT;
  }
  output.error(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT_FAILURE;
}
