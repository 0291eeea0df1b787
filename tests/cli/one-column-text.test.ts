// The bundle's string-width answers `length` for text of scripts/one-column-text.ts without
// segmenting it: that must be the width string-width itself gives, for every character of the
// class alone and for any text made of them (no two of them join into one wider grapheme).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ONE_COLUMN_CHARACTERS, ONE_COLUMN_TEXT } from '../../scripts/one-column-text.ts';

// The string-width that wrap-ansi imports (it may be another version than a top-level one).
const require = createRequire(import.meta.url);
const stringWidthFile = createRequire(require.resolve('wrap-ansi')).resolve('string-width');
const { default: stringWidth } = (await import(pathToFileURL(stringWidthFile).href)) as { default: (text: string) => number };

/** Every character of the class, from its ranges. */
const characters = [...ONE_COLUMN_CHARACTERS.matchAll(/\\u([0-9A-F]{4})-\\u([0-9A-F]{4})/g)].flatMap(([, from, to]) =>
  Array.from({ length: parseInt(to!, 16) - parseInt(from!, 16) + 1 }, (_, offset) => String.fromCharCode(parseInt(from!, 16) + offset)),
);

describe('one-column text', () => {
  it('names ranges that together hold printable ASCII, é, …, →, − and ≤', () => {
    expect(characters.length).toBeGreaterThan(600);
    for (const character of [' ', '~', 'é', '…', '→', '−', '≤']) expect(ONE_COLUMN_TEXT.test(character), character).toBe(true);
    // Zero or two columns: a soft hyphen, a zero-width space, an emoji, a CJK character, a tab.
    for (const character of ['\u00AD', '\u200B', '⌚', '华', '\t']) expect(ONE_COLUMN_TEXT.test(character), character).toBe(false);
  });

  it('gives each character one column in string-width', () => {
    expect(characters.filter((character) => stringWidth(character) !== 1)).toEqual([]);
  });

  it('gives any text of them its length in columns', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...characters), { maxLength: 40 }), (parts) => stringWidth(parts.join('')) === parts.length), { numRuns: 2000 });
  });
});
