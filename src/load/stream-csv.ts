// Streams one CSV file record by record with constant memory, exactly as read-csv.ts would read
// it, or says it cannot (then the caller falls back to the reference reader for its problems).
//
// Speed: csv-parse's stream API reads about 150k records a second here, too slow for 6M rows
// in 30 s. A line with no quote character is plain comma splitting under RFC 4180, so such lines
// are split directly (about 8x faster); every line with a quote, alone or spanning several
// lines, is still parsed by csv-parse. Anything unusual (invalid UTF-8, a carriage return
// other than CRLF line ends, an unparseable record, a bad header, an empty file) is not handled
// here: the reference reader reports it.
import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Problem } from '../domain/errors.ts';
import { checkHeader, raggedRowProblem, type ColumnSpec } from './read-csv.ts';

/** Thrown when a file needs the reference reader; never escapes the streaming loader. */
export class NeedsReferenceReader extends Error {}

export interface CsvStreamHandlers {
  /** The trimmed header names, before any record. */
  header(names: string[]): void;
  /** A record with as many cells as the header has, and the line it ends on. */
  record(cells: string[], line: number): void;
  /** Bytes of the file consumed so far (for progress). */
  bytes?(count: number): void;
}

/**
 * Reads `file`, calling the handlers; returns the row problems (records of the wrong length).
 * Throws NeedsReferenceReader for file-level problems.
 */
export async function streamCsvFile(file: string, columns: ColumnSpec, handlers: CsvStreamHandlers): Promise<Problem[]> {
  if (!existsSync(file)) throw new NeedsReferenceReader(`${file} does not exist`);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const problems: Problem[] = [];
  let header: string[] | undefined;
  let crlf = false;
  let line = 0;
  let pending = '';
  let quoted: string[] = [];
  let first = true;
  // Records of the current chunk, in order: split cells, or the index of a quoted record's text.
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

  const takeLine = (raw: string, isLast: boolean) => {
    line++;
    let text = raw;
    if (line === 1) crlf = text.endsWith('\r');
    if (crlf && text.endsWith('\r')) text = text.slice(0, -1);
    else if (crlf && !isLast) throw new NeedsReferenceReader(`${file} mixes line ends`);
    if (text.includes('\r')) throw new NeedsReferenceReader(`${file} has a carriage return inside a line`);
    if (quoted.length > 0 || text.includes('"')) {
      quoted.push(text);
      if (countQuotes(quoted) % 2 === 1 && !isLast) return;
      const recordText = quoted.join(crlf ? '\r\n' : '\n');
      quoted = [];
      batch.push(quotedTexts.length);
      batchLines.push(line);
      quotedTexts.push(recordText);
      return;
    }
    if (text === '') return;
    batch.push(text.split(','));
    batchLines.push(line);
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

  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let consumed = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      stream.destroy();
      throw new NeedsReferenceReader(`${file} is not UTF-8`);
    }
    if (first) {
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
    }
    text = pending + text;
    let start = 0;
    // After the header, a chunk with no quote and no carriage return needs no per-line checks.
    const plain = line > 0 && !crlf && quoted.length === 0 && text.indexOf('"') === -1 && text.indexOf('\r') === -1;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (!plain) {
        takeLine(text.slice(start, end), false);
      } else {
        line++;
        if (end > start) {
          batch.push(text.slice(start, end).split(','));
          batchLines.push(line);
        }
      }
      start = end + 1;
    }
    pending = text.slice(start);
    flushBatch();
    consumed += chunk.length;
    handlers.bytes?.(consumed);
  }
  try {
    pending += decoder.decode();
  } catch {
    throw new NeedsReferenceReader(`${file} is not UTF-8`);
  }
  if (pending !== '' || quoted.length > 0) takeLine(pending, true);
  flushBatch();
  if (header === undefined) throw new NeedsReferenceReader(`${file} has no header`);
  return problems;
}

function countQuotes(lines: readonly string[]): number {
  let count = 0;
  for (const text of lines) for (let index = text.indexOf('"'); index !== -1; index = text.indexOf('"', index + 1)) count++;
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
