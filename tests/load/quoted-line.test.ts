// The one-line quoted-record splitter against csv-parse, which the streaming reader would
// otherwise call: whenever it reads a line, it reads it as csv-parse does.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitQuotedLine } from '../../src/load/quoted-line.ts';

/** csv-parse's cells for one line, read as the streaming reader's batches are; undefined when it rejects the line. */
function csvParseCells(line: string): string[] | undefined {
  try {
    const records = parse(`${line}\n`, { relax_column_count: true, skip_empty_lines: true, record_delimiter: '\n' }) as string[][];
    return records.length === 1 ? records[0] : undefined;
  } catch {
    return undefined;
  }
}

describe('splitQuotedLine', () => {
  it('reads plainly quoted fields: commas and doubled quotes inside, empty quoted fields, unquoted neighbours', () => {
    const line = 'a,"b, ""c""",,"",d e,"x"';
    expect(splitQuotedLine(line, 0, line.length)).toEqual(['a', 'b, "c"', '', '', 'd e', 'x']);
    expect(splitQuotedLine(`xx${line}yy`, 2, line.length + 2)).toEqual(['a', 'b, "c"', '', '', 'd e', 'x']);
  });

  it('leaves to csv-parse a quote inside an unquoted field, text after a closing quote, a field open at the end, a lone field', () => {
    for (const line of ['a,b"c', 'a,"b"c', 'a, "b"', 'a,"b', '"a"', '"a",b"']) expect(splitQuotedLine(line, 0, line.length), line).toBeUndefined();
  });

  it('on random lines of quotes, commas, spaces and letters: what it reads, csv-parse reads the same', () => {
    const piece = fc.constantFrom('a', 'é', ' ', '\t', ',', '"', '""', 'x y');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const line = pieces.join('');
        const cells = splitQuotedLine(line, 0, line.length);
        if (cells !== undefined) expect(cells).toEqual(csvParseCells(line));
      }),
      { numRuns: 2000 },
    );
  });
});
