// ASCII transliteration (any-ascii: Cyrillic, Greek, CJK, … to Latin letters), its tables loaded on
// the first text that needs them: they are half a megabyte of code every command start would
// otherwise compile, and most names are plain ASCII, which comes back as it is.
import { createRequire } from 'node:module';

let anyAscii: ((text: string) => string) | undefined;

/** @example toAscii('Зала Аеро') // 'Zala Aero' */
export function toAscii(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  anyAscii ??= (createRequire(import.meta.url)('any-ascii') as typeof import('any-ascii')).default;
  return anyAscii(text);
}
