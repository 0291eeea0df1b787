// Runs the CLI in-process and captures what it writes.
import { runCli } from '../../src/cli/run-cli.ts';
import type { Output } from '../../src/cli/output.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(args: string[]): Promise<CliResult> {
  // Everything written, as a terminal would show it: lines, JSON and pieces written as they are.
  let stdout = '';
  const stderr: string[] = [];
  const output: Output = {
    line: (text) => (stdout += `${text}\n`),
    json: (value) => (stdout += `${JSON.stringify(value)}\n`),
    write: (text) => (stdout += text),
    error: (text) => stderr.push(text),
  };
  const code = await runCli(args, output);
  return { code, stdout: stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout, stderr: stderr.join('\n') };
}
