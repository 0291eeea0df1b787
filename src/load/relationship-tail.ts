// The second half of a large relationships file, read on a worker thread while the loading thread
// reads the first: on two cores a 10M load then takes little more than half its single-thread
// time. The worker reads only lines the in-place reader (relationship-lines.ts) accepts, against
// the entities already loaded (their id index and kinds in shared memory, read in place), into
// columns and string tables of its own. At the first line it doubts (a quote, a carriage return,
// an empty line, invalid UTF-8, anything the reader declines) it stops and says where: the
// loading thread reads the rest as it always does, so problems are found and worded as before.
// The loading thread then interns the worker's strings in the worker's order after its own
// (relationship-tail-merge in stream-datasets.ts): the tables come out as one thread reading the
// whole file would have built them.
import { createReadStream } from 'node:fs';
import { ENTITY_KINDS } from '../domain/schema.ts';
import { StringTable } from '../store/compact/compact-graph.ts';
import { allocateStaged, edgeCodesOf, writeStagedRow, type EdgeCodes, type EdgeInput, type StagedColumns } from '../store/compact/compact-graph-builder.ts';
import { IdIndex } from '../store/compact/id-index.ts';
import { TextColumn, type TextColumnParts } from '../store/compact/text-column.ts';
import { DateCache, fastRelationship, type EntityIndex, type RelationshipColumns } from './fast-rows.ts';
import { splitQuotedLine } from './quoted-line.ts';
import { RelationshipLineReader } from './relationship-lines.ts';

/** What the worker is given: where to read, how the file's columns lie, the loaded entities. */
export interface RelationshipTailTask {
  file: string;
  /** Byte offset of the first line to read (just after a '\n'), and of the end of the file as it was measured. */
  from: number;
  to: number;
  columns: RelationshipColumns;
  fieldCount: number;
  /** The entity id index's hash table (shared memory) and the entities it numbers. */
  idTable: Int32Array;
  ids: TextColumnParts;
  kind: Uint8Array;
  entityCount: number;
}

/** Relationship columns in file order, as table indexes into the worker's own tables. */
export type TailColumns = StagedColumns;

export interface RelationshipTailResult {
  /** Relationships read, each one line. */
  count: number;
  /** Rows 0..count-1 used. */
  columns: TailColumns;
  /** The worker's tables, in the order it interned them. */
  products: string[];
  texts: string[];
  dates: string[];
  /** Lines read, and the byte offset where reading must go on (`to` when it read them all). */
  lines: number;
  stoppedAt: number;
}

const NEWLINE = 10;

/** Reads task.file[from, to) line by line until the end or the first line it must leave to the loading thread. */
export async function readRelationshipTail(task: RelationshipTailTask): Promise<RelationshipTailResult> {
  const ids = TextColumn.over(task.ids, 'id');
  const index = IdIndex.over(task.idTable, task.entityCount, (value) => ids.at(value));
  const kinds = task.kind;
  const sink = new TailSink(Math.max(1024, Math.ceil((task.to - task.from) / 40)), index);
  const entities: EntityIndex = { indexOf: (id) => index.get(id), kindAt: (at) => ENTITY_KINDS[kinds[at]!]! };
  const dates = new DateCache();
  const reader: TailReader = {
    plain: new RelationshipLineReader(task.columns, task.fieldCount, entities, sink, dates),
    quoted: (text, start, end) => {
      const cells = splitQuotedLine(text, start, end);
      const edge = cells !== undefined && cells.length === task.fieldCount ? fastRelationship(cells, task.columns, entities, dates) : undefined;
      if (edge === undefined) return false;
      sink.addEdge(edge);
      return true;
    },
  };
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let lines = 0;
  let done = task.from;
  let pending: Buffer[] = [];
  const stream = createReadStream(task.file, { start: task.from, end: task.to - 1, highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline === -1) {
        pending.push(chunk);
        continue;
      }
      const bytes = pending.length === 0 ? chunk.subarray(0, lastNewline + 1) : Buffer.concat([...pending, chunk.subarray(0, lastNewline + 1)]);
      pending = lastNewline + 1 < chunk.length ? [chunk.subarray(lastNewline + 1)] : [];
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        break;
      }
      const taken = takeLines(text, reader);
      lines += taken.lines;
      if (taken.stop === text.length) {
        done += bytes.length;
        continue;
      }
      done += Buffer.byteLength(text.slice(0, taken.stop));
      break;
    }
  } finally {
    stream.destroy();
  }
  return { count: sink.count, columns: sink.all, products: sink.products.values, texts: sink.texts.values, dates: sink.dates.values, lines, stoppedAt: done };
}

/** Reads whole lines of `text` (which ends with '\n'); `stop` is where the first line it declined starts, or text.length. */
function takeLines(text: string, read: TailReader): { lines: number; stop: number } {
  let lines = 0;
  let start = 0;
  const carriageReturn = text.indexOf('\r');
  const stopAt = carriageReturn === -1 ? text.length : carriageReturn;
  let quote = -1;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end >= stopAt || end === start) break;
    if (quote < start) {
      quote = text.indexOf('"', start);
      if (quote === -1) quote = text.length;
    }
    if (!(quote < end ? read.quoted(text, start, end) : read.plain.read(text, start, end, true))) break;
    lines++;
    start = end + 1;
  }
  return { lines, stop: start };
}

/** Both readers of a line: in place when it has no quote, else split as quoted-line.ts splits it and read as fast-rows.ts reads cells. */
interface TailReader {
  plain: RelationshipLineReader;
  quoted(text: string, start: number, end: number): boolean;
}

/** The part of CompactGraphBuilder the line reader writes to, kept by the worker. */
class TailSink {
  readonly products = new StringTable();
  readonly texts = new StringTable();
  readonly dates = new StringTable();
  count = 0;
  private columns: TailColumns;
  private readonly codes: EdgeCodes = { source: 0, target: 0, type: 0, product: -1, startText: -1, endText: -1, share: NaN, statedEndUser: -1, evidence: 0, sourceRef: -1 };

  constructor(
    capacity: number,
    readonly indexById: IdIndex,
  ) {
    this.columns = allocateStaged(capacity);
  }

  /** As CompactGraphBuilder.addEdge interns and appends it. */
  addEdge(edge: EdgeInput): void {
    this.addEdgeCodes(edgeCodesOf(edge, this.codes, this));
  }

  addEdgeCodes(codes: EdgeCodes): void {
    if (this.count === this.columns.source.length) {
      const grown = allocateStaged(this.count * 2);
      for (const name of Object.keys(grown) as (keyof TailColumns)[]) grown[name].set(this.columns[name] as never);
      this.columns = grown;
    }
    writeStagedRow(this.columns, this.count++, codes);
  }

  /** The columns, `count` rows of them used (not cut: a copy would cost as much memory again). */
  get all(): TailColumns {
    return this.columns;
  }
}

