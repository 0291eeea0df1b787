// Opens an input file the user named, refusing anything but a regular file within the size limit:
// `enduse validate --data /dev/zero` read until it held 22 GB; a FIFO would block for ever.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import type { Problem } from '../domain/errors.ts';
import { maxInputBytes } from '../settings/input-limit.ts';

export type InputBytes = { ok: true; bytes: Buffer } | { ok: false; problem: Problem };

/**
 * The file's bytes, or the problem that kept them unread. The checks are made on the opened
 * descriptor (fstat), so what is read is what was checked. O_NONBLOCK: opening a FIFO returns at
 * once, and fstat then refuses it.
 *
 * @example readInputFile('data/cases/blue-coat-syria/entities.csv') // { ok: true, bytes }
 */
export function readInputFile(file: string, maxBytes: number = maxInputBytes()): InputBytes {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: { file, message: code === 'ENOENT' ? 'does not exist' : `cannot be opened (${code ?? 'error'}); check the path and its permissions` } };
  }
  try {
    const problem = inputFileProblem(file, fstatSync(descriptor), maxBytes);
    return problem ? { ok: false, problem } : { ok: true, bytes: readFileSync(descriptor) };
  } finally {
    closeSync(descriptor);
  }
}

/** Why a file with these stats is not read, or undefined when it may be. */
export function inputFileProblem(file: string, stats: Stats, maxBytes: number = maxInputBytes()): Problem | undefined {
  if (!stats.isFile()) return { file, message: `is not a regular file (${kindOf(stats)}); give a file, or a dataset folder of CSV files` };
  if (stats.size > maxBytes) return { file, message: `is ${stats.size} bytes, over the input limit of ${maxBytes} bytes; split the dataset, or raise ENDUSE_MAX_INPUT_BYTES` };
  return undefined;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
