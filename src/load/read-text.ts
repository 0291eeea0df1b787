// Reads a data file as strict UTF-8, naming the line of the first invalid byte otherwise.
import type { Problem } from '../domain/errors.ts';
import { readInputFile } from './input-file.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export type TextResult = { ok: true; text: string } | { ok: false; problem: Problem };

/**
 * The file's text, or a problem: not a regular file, over the input size limit (input-file.ts),
 * or not UTF-8 (with the line of the first bad byte).
 */
export function readUtf8(file: string, maxBytes?: number): TextResult {
  const read = readInputFile(file, maxBytes);
  if (!read.ok) return read;
  const { bytes } = read;
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return { ok: false, problem: { file, line: lineOfFirstInvalidByte(bytes), message: 'is not valid UTF-8 text; re-save the file as UTF-8' } };
  }
}

function lineOfFirstInvalidByte(bytes: Buffer): number | undefined {
  let lineStart = 0;
  let line = 1;
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      try {
        strictUtf8.decode(bytes.subarray(lineStart, index));
      } catch {
        return line;
      }
      lineStart = index + 1;
      line++;
    }
  }
  return undefined;
}
