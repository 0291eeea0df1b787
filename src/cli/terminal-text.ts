// How text output meets a terminal: its width (to wrap at) and whether to colour. Wrapping is
// wrap-ansi's and colours are picocolors', with the choice of colour made here so it follows the
// conventions people set: NO_COLOR (https://no-color.org) off, FORCE_COLOR on, else a terminal.
import picocolors from 'picocolors';
import wrapAnsi from 'wrap-ansi';

export type Colors = ReturnType<typeof picocolors.createColors>;

export interface TerminalText {
  /** Columns to wrap at. */
  width: number;
  colors: Colors;
}

/** What text output needs to know of where it goes. */
export interface TextStream {
  isTTY?: boolean;
  columns?: number;
}

/** Colours that write nothing: for pipes, files and tests. */
export const NO_COLORS: Colors = picocolors.createColors(false);

const DEFAULT_WIDTH = 80;
/** Narrower than this, wrapping makes text harder to read than letting the terminal fold it. */
const MIN_WIDTH = 40;

/**
 * Width: the terminal's columns; when not a terminal, $COLUMNS if set, else 80. Colour: off
 * under NO_COLOR (any non-empty value), on under FORCE_COLOR (other than 0 or false), else only
 * on a terminal whose TERM is not `dumb`.
 * @example terminalText({ isTTY: false }, { COLUMNS: '60' }) // { width: 60, colors: NO_COLORS }
 */
export function terminalText(stream: TextStream, env: Readonly<Record<string, string | undefined>>): TerminalText {
  const columns = stream.isTTY === true && stream.columns ? stream.columns : Number(env.COLUMNS);
  const width = Number.isInteger(columns) && columns > 0 ? Math.max(MIN_WIDTH, columns) : DEFAULT_WIDTH;
  return { width, colors: colorEnabled(stream, env) ? picocolors.createColors(true) : NO_COLORS };
}

function colorEnabled(stream: TextStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Wraps each line of `text` at `width` columns (colour codes take no room). A line that wraps
 * continues under its own indent plus four spaces, so hop lists stay readable; a word longer than
 * the width (a path, a URL) is left whole rather than cut.
 * @example wrapLines('  1. a b c', 8) // '  1. a b\n      c'
 */
export function wrapLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^\s*/.exec(line)![0];
      const hanging = `${indent}    `;
      const [first = '', ...rest] = wrapAnsi(line.slice(indent.length), width - indent.length, { hard: false, trim: true }).split('\n');
      const firstLine = `${indent}${first}`;
      if (rest.length === 0) return firstLine;
      return [firstLine, ...wrapAnsi(rest.join(' '), width - hanging.length, { hard: false, trim: true }).split('\n').map((part) => `${hanging}${part}`)].join('\n');
    })
    .join('\n');
}
