// Turns source identifiers and names into entity ids of the dataset alphabet [A-Za-z0-9._:-].
import { toAscii } from '../domain/transliterate.ts';

/**
 * Transliterates to ASCII, replaces every other character by `-`, collapses runs, and makes
 * the id start and end with a letter or digit (so a CSV cell never starts with `-`).
 *
 * @example toEntityId('NK-2Tbri3s6GgNtAwsSXh4qpL') // 'NK-2Tbri3s6GgNtAwsSXh4qpL'
 * @example toEntityId('Zala Aero / Зала') // 'Zala-Aero-Zala'
 */
export function toEntityId(raw: string): string {
  return toAscii(raw)
    .replace(/[^A-Za-z0-9._:-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
