// Whether this process is the `enduse` command itself (started through bin/enduse.js), rather than
// a program that runs the CLI in-process (the tests' runCli, a script). Only the command's own
// process may start itself again with other node flags (serve-young-generation.ts): elsewhere
// process.argv is someone else's command line, and the caller waits for runCli's answer.
let commandProcess = false;

/** Called once by the command's entry point (main.ts). */
export function markCommandProcess(): void {
  commandProcess = true;
}

export function isCommandProcess(): boolean {
  return commandProcess;
}
