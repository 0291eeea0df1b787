// Runs the CLI in-process and captures what it writes.
import { runCli } from '../../src/cli/run-cli.ts';
import type { Output } from '../../src/cli/output.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(args: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: Output = {
    line: (text) => stdout.push(text),
    json: (value) => stdout.push(JSON.stringify(value)),
    error: (text) => stderr.push(text),
  };
  const code = await runCli(args, output);
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}
