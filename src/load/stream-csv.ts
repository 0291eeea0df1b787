// Streams one CSV file record by record with constant memory, exactly as read-csv.ts would read
// it, or says it cannot (then the caller falls back to the reference reader for its problems).
//
// Speed: csv-parse's stream API reads about 150k records a second here, too slow for 6M rows
// in 30 s. A line with no quote character is plain comma splitting under RFC 4180, so such lines
// are split directly (about 8x faster), or offered as they stand to a handler that reads them in
// place; a one-line record whose fields are plainly quoted is split by quoted-line.ts; any other
// line with a quote, alone or spanning several lines, is parsed by csv-parse. Anything unusual
// (invalid UTF-8, a carriage return other than CRLF line ends, an unparseable record, a bad
// header, an empty file) is not handled here: the reference reader reports it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Problem } from '../domain/errors.ts';
import { maxInputBytes } from '../settings/input-limit.ts';
import { inputFileProblem } from './input-file.ts';
import { splitQuotedLine } from './quoted-line.ts';
import { checkHeader, raggedRowProblem, type ColumnSpec } from './read-csv.ts';

/** Thrown when a file needs the reference reader; never escapes the streaming loader. */
export class NeedsReferenceReader extends Error {}

export interface CsvStreamHandlers {
  /** The trimmed header names, before any record. */
  header(names: string[]): void;
  /** A record with as many cells as the header has, and the line it ends on. */
  record(cells: string[], line: number): void;
  /**
   * Offered each line without a quote after the header, as text[start, end), before it is
   * split: returns true when it took the record itself (then `record` is not called for it). It
   * must decline a line whose field count differs from the header's.
   */
  plainLine?(text: string, start: number, end: number, line: number): boolean;
  /** Bytes of the file consumed so far (for progress). */
  bytes?(count: number): void;
  /** Awaited after each chunk's records (about a megabyte): reading waits for it, so a slow consumer bounds the memory. */
  afterChunk?(): Promise<void>;
  /**
   * Lines read elsewhere (a worker thread, relationship-tail.ts): when reading reaches byte
   * `at`, which must follow a '\n', with no record left open, `take` is awaited with the number
   * of the last line read; it says where to go on and how many lines it took from `at` on.
   * When a record is open across `at`, `decline` is called and reading goes on at `at`.
   */
  handOff?: HandOff;
}

export interface HandOff {
  at: number;
  take(line: number): Promise<{ resumeAt: number; lines: number }>;
  decline(): void;
}

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/**
 * Reads `file`, calling the handlers; returns the row problems (records of the wrong length).
 * Throws NeedsReferenceReader for file-level problems.
 */
export async function streamCsvFile(file: string, columns: ColumnSpec, handlers: CsvStreamHandlers): Promise<Problem[]> {
  if (!existsSync(file)) throw new NeedsReferenceReader(`${file} does not exist`);
  // A device, a FIFO or a file over the input limit: the reference reader refuses it with its reason.
  if (inputFileProblem(file, statSync(file)) !== undefined) throw new NeedsReferenceReader(`${file} is not a readable input file`);
  const maxBytes = maxInputBytes();
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (bytes: Uint8Array) => {
    try {
      return decoder.decode(bytes);
    } catch {
      throw new NeedsReferenceReader(`${file} is not UTF-8`);
    }
  };
  const problems: Problem[] = [];
  let header: string[] | undefined;
  let crlf = false;
  let line = 0;
  let quoted: string[] = [];
  // Quotes in `quoted` so far, kept as lines are added: recounting every line would be quadratic
  // in a field that spans many lines (500,000 newlines inside one quoted cell took minutes).
  let quotesInQuoted = 0;
  let first = true;
  // Records waiting for one csv-parse call at the end of the chunk, in order: split cells, or the
  // index of a quoted record's text. Once one waits, every later record of the chunk waits too,
  // so records are taken in file order.
  let batch: (string[] | number)[] = [];
  let batchLines: number[] = [];
  let quotedTexts: string[] = [];

  const takeRecord = (cells: string[], endLine: number) => {
    if (header === undefined) {
      header = cells.map((name) => name.trim());
      if (checkHeader(header, columns, file, endLine).length > 0) throw new NeedsReferenceReader(`${file} has a bad header`);
      handlers.header(header);
    } else if (cells.length !== header.length) {
      problems.push(raggedRowProblem(file, endLine, cells.length, header.length));
    } else {
      handlers.record(cells, endLine);
    }
  };

  /**
   * The line text[start, end) (without its '\n'); `firstQuote` and `firstReturn` are the first
   * quote and carriage return at or after `start` (or any number past `end`), found once per
   * chunk rather than once per line.
   */
  const takeLine = (text: string, start: number, end: number, isLast: boolean, firstQuote: number, firstReturn: number) => {
    line++;
    let stop = end;
    const endsWithReturn = end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN;
    if (line === 1) crlf = endsWithReturn;
    if (crlf && endsWithReturn) stop = end - 1;
    else if (crlf && !isLast) throw new NeedsReferenceReader(`${file} mixes line ends`);
    if (firstReturn < stop) throw new NeedsReferenceReader(`${file} has a carriage return inside a line`);
    if (quoted.length > 0 || firstQuote < stop) {
      const cells = quoted.length === 0 && batch.length === 0 ? splitQuotedLine(text, start, stop) : undefined;
      if (cells !== undefined) {
        takeRecord(cells, line);
        return;
      }
      const piece = text.slice(start, stop);
      quoted.push(piece);
      quotesInQuoted += countQuotes(piece);
      if (quotesInQuoted % 2 === 1 && !isLast) return;
      const recordText = quoted.join(crlf ? '\r\n' : '\n');
      quoted = [];
      quotesInQuoted = 0;
      batch.push(quotedTexts.length);
      batchLines.push(line);
      quotedTexts.push(recordText);
      return;
    }
    if (stop === start) return;
    if (batch.length > 0) {
      batch.push(text.slice(start, stop).split(','));
      batchLines.push(line);
    } else if (header === undefined || handlers.plainLine?.(text, start, stop, line) !== true) {
      takeRecord(text.slice(start, stop).split(','), line);
    }
  };

  /** Every line of `text`, which ends with a '\n'. */
  const takeLines = (text: string) => {
    const none = text.length;
    const next = (character: string, from: number) => {
      const found = text.indexOf(character, from);
      return found === -1 ? none : found;
    };
    let firstQuote = next('"', 0);
    let firstReturn = next('\r', 0);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (firstQuote < start) firstQuote = next('"', start);
      if (firstReturn < start) firstReturn = next('\r', start);
      takeLine(text, start, end, false, firstQuote, firstReturn);
      start = end + 1;
    }
  };

  const flushBatch = () => {
    const quotedRecords = quotedTexts.length === 0 ? [] : parseQuotedRecords(quotedTexts, crlf, file);
    for (let index = 0; index < batch.length; index++) {
      const item = batch[index]!;
      takeRecord(typeof item === 'number' ? quotedRecords[item]! : item, batchLines[index]!);
    }
    batch = [];
    batchLines = [];
    quotedTexts = [];
  };

  const withoutBom = (text: string) => {
    if (!first) return text;
    first = false;
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  };

  // Chunks are cut after their last '\n' and decoded as whole lines: a '\n' byte is never part
  // of a multi-byte UTF-8 character, and each text is then one flat string (no concatenation),
  // which the per-line code reads fastest.
  let consumed = 0;
  // The bytes after the last '\n' so far, in pieces (a line may span many chunks).
  let pending: Buffer[] = [];
  /** Reads bytes [from, to] (inclusive, as createReadStream counts) or to the end of the file. */
  const readRange = async (from: number, to?: number) => {
    const stream = createReadStream(file, { highWaterMark: 1 << 20, start: from, end: to });
    consumed = from;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      consumed += chunk.length;
      // A file that grows while it is read is cut off at the limit, as one over it at the start is.
      if (consumed > maxBytes) {
        stream.destroy();
        throw new NeedsReferenceReader(`${file} grew past the input limit`);
      }
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline === -1) {
        pending.push(chunk);
        continue;
      }
      const lines = pending.length === 0 ? chunk.subarray(0, lastNewline + 1) : Buffer.concat([...pending, chunk.subarray(0, lastNewline + 1)]);
      pending = lastNewline + 1 < chunk.length ? [chunk.subarray(lastNewline + 1)] : [];
      let text: string;
      try {
        text = withoutBom(decode(lines));
      } catch (error) {
        stream.destroy();
        throw error;
      }
      takeLines(text);
      flushBatch();
      handlers.bytes?.(consumed);
      if (handlers.afterChunk !== undefined) await handlers.afterChunk();
    }
  };
  const handOff = handlers.handOff;
  if (handOff === undefined) await readRange(0);
  else {
    await readRange(0, handOff.at - 1);
    let goOnAt = handOff.at;
    if (header !== undefined && quoted.length === 0 && pending.length === 0 && consumed === handOff.at) {
      const taken = await handOff.take(line);
      line += taken.lines;
      goOnAt = taken.resumeAt;
    } else handOff.decline();
    await readRange(goOnAt);
  }
  const rest = withoutBom(decode(Buffer.concat(pending)));
  if (rest !== '' || quoted.length > 0) {
    const firstAt = (character: string) => (rest.includes(character) ? rest.indexOf(character) : rest.length);
    takeLine(rest, 0, rest.length, true, firstAt('"'), firstAt('\r'));
  }
  flushBatch();
  if (header === undefined) throw new NeedsReferenceReader(`${file} has no header`);
  return problems;
}

function countQuotes(text: string): number {
  let count = 0;
  for (let index = text.indexOf('"'); index !== -1; index = text.indexOf('"', index + 1)) count++;
  return count;
}

/**
 * csv-parse on the records with quotes of one chunk, in one call (a call per record costs more
 * than the parsing). Each text must come back as exactly one record, else the reference reader
 * takes the file.
 */
function parseQuotedRecords(texts: readonly string[], crlf: boolean, file: string): string[][] {
  const lineEnd = crlf ? '\r\n' : '\n';
  let records: string[][];
  try {
    // The delimiter the whole-file parse would have detected from the first line.
    records = parse(texts.join(lineEnd) + lineEnd, { relax_column_count: true, skip_empty_lines: true, record_delimiter: lineEnd }) as string[][];
  } catch {
    throw new NeedsReferenceReader(`${file} has a record csv-parse rejects`);
  }
  if (records.length !== texts.length) throw new NeedsReferenceReader(`${file} has a quoted text that is not one record`);
  return records;
}
