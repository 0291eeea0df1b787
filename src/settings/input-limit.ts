// How large one input file may be (ENDUSE_MAX_INPUT_BYTES): a setting, so that a mistaken path
// (`--data /dev/zero`, a disk image) is refused at once instead of filling memory.
import { InvalidInputError } from '../domain/errors.ts';

/** 1 GiB: above the largest dataset file the benchmarks generate (1M entities, 6M relationships), below what one read can hold. */
export const DEFAULT_MAX_INPUT_BYTES = 1024 ** 3;

/**
 * The limit in bytes: ENDUSE_MAX_INPUT_BYTES when set, else DEFAULT_MAX_INPUT_BYTES. Throws
 * InvalidInputError naming the variable when it is not a positive whole number.
 *
 * @example maxInputBytes({ ENDUSE_MAX_INPUT_BYTES: '1048576' }) // 1048576
 */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.ENDUSE_MAX_INPUT_BYTES?.trim();
  if (value === undefined || value === '') return DEFAULT_MAX_INPUT_BYTES;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidInputError('the input size limit is invalid', [{ field: 'ENDUSE_MAX_INPUT_BYTES', message: `'${value}' is not a positive whole number of bytes` }]);
  }
  return Number(value);
}

/**
 * The reference data ships with enduse and grows with the law it records: the input limit guards
 * against mistaken user paths, not against it (it must still be a regular file).
 */
export const SHIPPED_DATA_MAX_BYTES = Number.MAX_SAFE_INTEGER;
