// The hot path of a large load: a relationships line without quotes, read where it stands in the
// chunk text (cells as positions) and written straight into the builder's columns. No cell
// strings, no row object: ids are found by position, dates and texts interned without cutting a
// string. Like fast-rows.ts it only ever accepts, and only what fastRelationship accepts, with
// the same result; a line it doubts (a cell it would have to trim, an unknown id, a date or share
// written otherwise than plainly) goes on to the split path, which decides as before.
import { EVIDENCE_GRADES, RELATIONSHIP_TYPES, RELATIONSHIP_TYPE_NAMES } from '../domain/schema.ts';
import { NO_EVIDENCE, NONE, type StringTable } from '../store/compact/compact-graph.ts';
import type { CompactGraphBuilder, EdgeCodes } from '../store/compact/compact-graph-builder.ts';
import { ABSENT } from '../store/compact/id-index.ts';
import { DatesSeen, digitsAt, NO_DATE } from './dates-seen.ts';
import type { DateCache, EntityIndex, RelationshipColumns } from './fast-rows.ts';
import { LineCells, nameAt } from './line-cells.ts';

const DOT = 46;

/** What the reader writes to: a builder, or a worker's columns (relationship-tail.ts). */
export type EdgeSink = Pick<CompactGraphBuilder, 'indexById' | 'products' | 'texts' | 'dates' | 'addEdgeCodes'>;
const RULES = RELATIONSHIP_TYPE_NAMES.map((name) => RELATIONSHIP_TYPES[name]);

export class RelationshipLineReader {
  private readonly cells: LineCells;
  /** The cell of each column (LineCells.cellOf). */
  private readonly at: RelationshipColumns;
  private readonly found = new Int32Array(2);
  private readonly codes: EdgeCodes = { source: 0, target: 0, type: 0, product: NONE, startText: NONE, endText: NONE, share: NaN, statedEndUser: NONE, evidence: NO_EVIDENCE, sourceRef: NONE };
  private readonly startDates: DatesSeen;
  private readonly endDates: DatesSeen;

  constructor(
    columns: RelationshipColumns,
    fieldCount: number,
    private readonly entities: EntityIndex,
    private readonly builder: EdgeSink,
    dates: DateCache,
  ) {
    this.startDates = new DatesSeen('start', dates, builder.dates);
    this.endDates = new DatesSeen('end', dates, builder.dates);
    const cells = new LineCells(fieldCount);
    this.cells = cells;
    this.at = {
      source: cells.cellOf(columns.source),
      target: cells.cellOf(columns.target),
      type: cells.cellOf(columns.type),
      product: cells.cellOf(columns.product),
      start: cells.cellOf(columns.start),
      end: cells.cellOf(columns.end),
      share: cells.cellOf(columns.share),
      statedEndUser: cells.cellOf(columns.statedEndUser),
      evidence: cells.cellOf(columns.evidence),
      sourceRef: cells.cellOf(columns.sourceRef),
      unknown: columns.unknown,
    };
  }

  /**
   * Reads the relationship on text[start, end), a line without quotes. Returns false when the
   * split path must read it; else true, having added the relationship when `add` is set.
   */
  read(text: string, start: number, end: number, add: boolean): boolean {
    const { cells, at } = this;
    if (!cells.split(text, start, end) || !cells.allEmpty(at.unknown)) return false;
    const { starts, ends } = cells;
    const type = nameAt(text, starts[at.type]!, ends[at.type]!, RELATIONSHIP_TYPE_NAMES);
    if (type < 0) return false;
    const rules = RULES[type]!;
    const ids = this.builder.indexById;
    ids.getRangePair(text, starts[at.source]!, ends[at.source]!, starts[at.target]!, ends[at.target]!, this.found);
    const source = this.found[0]!;
    const target = this.found[1]!;
    if (source === ABSENT || target === ABSENT) return false;
    if (!rules.targetMayBePerson && this.entities.kindAt(target) === 'person') return false;
    const startDate = this.startDates.find(text, starts[at.start]!, ends[at.start]!);
    const endDate = this.endDates.find(text, starts[at.end]!, ends[at.end]!);
    if (startDate === ABSENT || endDate === ABSENT) return false;
    if (startDate !== NO_DATE && endDate !== NO_DATE && this.startDates.order(startDate) > this.endDates.order(endDate)) return false;
    const shareStart = starts[at.share]!;
    const shareEnd = ends[at.share]!;
    if ((shareEnd > shareStart) !== (rules.share === 'required')) return false;
    const share = shareEnd > shareStart ? shareAt(text, shareStart, shareEnd) : NaN;
    if (shareEnd > shareStart && Number.isNaN(share)) return false;
    let statedEndUser = NONE;
    if (ends[at.statedEndUser]! > starts[at.statedEndUser]!) {
      statedEndUser = ids.getRange(text, starts[at.statedEndUser]!, ends[at.statedEndUser]!);
      if (statedEndUser === ABSENT || rules.statedEndUser === 'forbidden') return false;
    }
    let evidence = NO_EVIDENCE;
    if (ends[at.evidence]! > starts[at.evidence]!) {
      evidence = nameAt(text, starts[at.evidence]!, ends[at.evidence]!, EVIDENCE_GRADES);
      if (evidence < 0) return false;
    }
    if (!untrimmedOrEmpty(text, starts[at.product]!, ends[at.product]!) || !untrimmedOrEmpty(text, starts[at.sourceRef]!, ends[at.sourceRef]!)) return false;
    if (!add) return true;
    // Interned only now, in addEdge's order, so the tables hold exactly what the split path would put there.
    const codes = this.codes;
    codes.source = source;
    codes.target = target;
    codes.type = type;
    codes.product = this.text(this.builder.products, text, starts[at.product]!, ends[at.product]!);
    codes.startText = startDate === NO_DATE ? NONE : this.startDates.interned(startDate);
    codes.endText = endDate === NO_DATE ? NONE : this.endDates.interned(endDate);
    codes.share = share;
    codes.statedEndUser = statedEndUser;
    codes.evidence = evidence;
    codes.sourceRef = this.text(this.builder.texts, text, starts[at.sourceRef]!, ends[at.sourceRef]!);
    this.builder.addEdgeCodes(codes);
    return true;
  }

  private text(table: StringTable, text: string, start: number, end: number): number {
    return start === end ? NONE : table.internRange(text, start, end);
  }
}

/**
 * A share written as fastRelationship accepts it (1-3 digits, optionally a point and 1-12
 * digits; 0 < share ≤ 100), or NaN.
 */
function shareAt(text: string, start: number, end: number): number {
  let at = start;
  let whole = 0;
  while (at < end && at - start < 4) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
    at++;
  }
  if (at === start || at - start > 3) return NaN;
  let share = whole;
  if (at < end) {
    if (text.charCodeAt(at) !== DOT || end - at - 1 < 1 || end - at - 1 > 12 || digitsAt(text, at + 1, end - at - 1) < 0) return NaN;
    share = Number(text.slice(start, end));
  }
  return share > 0 && share <= 100 ? share : NaN;
}

/** Whether a text cell is empty or needs no trimming: it starts and ends with a visible ASCII character. */
function untrimmedOrEmpty(text: string, start: number, end: number): boolean {
  return start === end || (visibleAscii(text.charCodeAt(start)) && visibleAscii(text.charCodeAt(end - 1)));
}

function visibleAscii(code: number): boolean {
  return code > 32 && code < 127;
}
