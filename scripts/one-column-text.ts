// Text whose width in columns is its length: printable ASCII and the narrow letters, punctuation,
// arrows and mathematical signs enduse's text output holds (é, …, →, −, ≤). Each of these is a
// grapheme of its own that no neighbour joins and string-width gives one column, so the bundle's
// string-width answers `length` for such text rather than building its segmenter and emoji
// expressions (some 30 ms of `enduse routes`, on the first `→`). tests/cli/one-column-text.test.ts
// checks every character of the class against string-width itself.

/** The characters, as the body of a regular expression character class. */
export const ONE_COLUMN_CHARACTERS = '\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u017F\\u2010-\\u2027\\u2030-\\u205E\\u2190-\\u22FF';

/** Matches text made only of ONE_COLUMN_CHARACTERS (the empty text too). */
export const ONE_COLUMN_TEXT = new RegExp(`^[${ONE_COLUMN_CHARACTERS}]*$`);
