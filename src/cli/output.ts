// Where commands write: injected so tests can capture it and commands never touch process.* directly.
import { terminalText, wrapLines, type TerminalText } from './terminal-text.ts';

export interface Output {
  line(text: string): void;
  json(value: unknown): void;
  /** Text as it is, no line break added: for answers written in pieces (streamed-output.ts). */
  write(text: string): void;
  error(text: string): void;
  /** A terminal for progress bars, or undefined when there is none (piped, tests). */
  readonly progressStream?: NodeJS.WriteStream;
  /** Width and colours of text output; absent means plain text, unwrapped (tests). */
  readonly text?: TerminalText;
  /** Writes a line exactly as given, never wrapped: machine formats (JSON lines, HTML) and help. */
  unwrapped?(text: string): void;
}

/** A line that must not be wrapped, on any Output. */
export function unwrappedLine(output: Output, text: string): void {
  if (output.unwrapped) output.unwrapped(text);
  else output.line(text);
}

const processText = terminalText(process.stdout, process.env);

export const processOutput: Output = {
  line: (text) => process.stdout.write(`${wrapLines(text, processText.width)}\n`),
  unwrapped: (text) => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  write: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(`${text}\n`),
  progressStream: process.stderr.isTTY ? process.stderr : undefined,
  text: processText,
};
