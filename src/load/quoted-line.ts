// Splits a one-line CSV record with quoted fields in its plain RFC 4180 form, so the streaming
// reader need not call csv-parse for it: calling csv-parse once per record costs more than the
// parsing, and batching the calls would put the records after them out of file order. Only the
// plain form is read; anything else (a quote inside an unquoted field, text after a closing
// quote, a field left open at the end of the line) is left to csv-parse, which judges it.

const QUOTE = 34;
const COMMA = 44;

/**
 * The cells of text[start, end) (a line without its line end) as csv-parse reads them when each
 * field is either free of quotes or wholly quoted with inner quotes doubled; otherwise undefined.
 *
 * @example splitQuotedLine('a,"b, ""c""",d', 0, 14) // ['a', 'b, "c"', 'd']
 */
export function splitQuotedLine(text: string, start: number, end: number): string[] | undefined {
  const cells: string[] = [];
  let at = start;
  for (;;) {
    if (at < end && text.charCodeAt(at) === QUOTE) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1 || quote >= end) return undefined;
        if (quote + 1 < end && text.charCodeAt(quote + 1) === QUOTE) {
          value += text.slice(from, quote + 1);
          from = quote + 2;
        } else {
          value += text.slice(from, quote);
          at = quote + 1;
          break;
        }
      }
      cells.push(value);
      if (at === end) break;
      if (text.charCodeAt(at) !== COMMA) return undefined;
      at++;
    } else {
      let cellEnd = at;
      for (; cellEnd < end; cellEnd++) {
        const code = text.charCodeAt(cellEnd);
        if (code === COMMA) break;
        if (code === QUOTE) return undefined;
      }
      cells.push(text.slice(at, cellEnd));
      if (cellEnd === end) break;
      at = cellEnd + 1;
    }
  }
  // A lone field may be a line csv-parse skips as empty; never a record of a real header anyway.
  return cells.length > 1 ? cells : undefined;
}
