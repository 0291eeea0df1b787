// Reads the option values shared by commands, answering bad values with the flag's name.
import { InvalidInputError } from '../domain/errors.ts';
import { parseDay, today, type IsoDay } from '../domain/dates.ts';
import { DEFAULT_REGIME, parseRegimeSelection, REGIME_SELECTIONS, type RegimeSelection } from '../domain/regimes.ts';

export type OutputFormat = 'text' | 'json';

export function asOfOption(value: string | undefined, flag = '--as-of'): IsoDay {
  if (value === undefined) return today();
  const day = parseDay(value);
  if (day === undefined) throw badOption(flag, `'${value}' is not a date; give YYYY-MM-DD, for example 2011-06-30`);
  return day;
}

export function formatOption(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw badOption('--format', `'${value}' is not a format; give text or json`);
}

export function positiveIntegerOption(value: string | undefined, flag: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1 || number > max) {
    throw badOption(flag, `'${value}' is not allowed; give a whole number from 1 to ${max}`);
  }
  return number;
}

/** One of a fixed set of words, such as `--sort score|length`. */
export function choiceOption<T extends string>(value: string | undefined, flag: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw badOption(flag, `'${value}' is not allowed; give ${choices.join(' or ')}`);
}

/** `--regime us|eu|uk|un|all`: whose law applies (default all). */
export const REGIME_OPTION = ['--regime <regime>', `whose law applies: ${REGIME_SELECTIONS.join(', ')} (default ${DEFAULT_REGIME})`] as const;

export function regimeOption(value: string | undefined): RegimeSelection {
  if (value === undefined) return DEFAULT_REGIME;
  const regime = parseRegimeSelection(value);
  if (regime === undefined) throw badOption('--regime', `'${value}' is not a regime; give ${REGIME_SELECTIONS.join(', ')}`);
  return regime;
}

export function dataOption(paths: string[] | undefined): string[] {
  if (paths === undefined || paths.length === 0) {
    throw badOption('--data', 'is required; give a folder of CSV files or a .json file (repeat --data to merge several)');
  }
  return paths;
}

function badOption(flag: string, message: string): InvalidInputError {
  return new InvalidInputError(`bad value for ${flag}`, [{ field: flag, message }]);
}
