// Reads a text file whose encoding is not promised: UTF-8 when it is valid, else Windows-1252.
import { existsSync } from 'node:fs';
import { InvalidInputError } from '../domain/errors.ts';
import { readInputFile } from '../load/input-file.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// WHATWG maps the labels latin1 and iso-8859-1 to windows-1252 too, which is what the
// legacy OFAC files and most Western spreadsheets exported before UTF-8 use.
const windows1252 = new TextDecoder('windows-1252');

/** The decoded text (BOM removed) and which encoding was used. */
export function readLegacyText(file: string): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  if (!existsSync(file)) throw new InvalidInputError('input file not found', [{ file, message: 'does not exist; check the path' }]);
  const read = readInputFile(file);
  if (!read.ok) throw new InvalidInputError('input file not read', [read.problem]);
  const { bytes } = read;
  try {
    return { text: strictUtf8.decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: windows1252.decode(bytes), encoding: 'windows-1252' };
  }
}
