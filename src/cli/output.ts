// Where commands write: injected so tests can capture it and commands never touch process.* directly.

export interface Output {
  line(text: string): void;
  json(value: unknown): void;
  /** Text as it is, no line break added: for answers written in pieces (streamed-output.ts). */
  write(text: string): void;
  error(text: string): void;
  /** A terminal for progress bars, or undefined when there is none (piped, tests). */
  readonly progressStream?: NodeJS.WriteStream;
}

export const processOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  write: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(`${text}\n`),
  progressStream: process.stderr.isTTY ? process.stderr : undefined,
};
