// A CSV line without quotes as cell positions in the text that holds it, so the hot readers
// (entity-lines.ts, relationship-lines.ts) can check a row without cutting a string per cell.

const COMMA = 44;

export class LineCells {
  /** Where each cell of the current line starts and ends; the extra last cell is always empty. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  constructor(private readonly fieldCount: number) {
    this.starts = new Int32Array(fieldCount + 1);
    this.ends = new Int32Array(fieldCount + 1);
  }

  /** The cell of a column position from a ColumnPlan: the always-empty cell when the file lacks the column (-1). */
  cellOf(column: number): number {
    return column < 0 ? this.fieldCount : column;
  }

  /** Finds the cells of text[start, end); false when the line has another number of them than the header. */
  split(text: string, start: number, end: number): boolean {
    const last = this.fieldCount - 1;
    let from = start;
    for (let cell = 0; cell < last; cell++) {
      const comma = text.indexOf(',', from);
      if (comma === -1 || comma >= end) return false;
      this.starts[cell] = from;
      this.ends[cell] = comma;
      from = comma + 1;
    }
    for (let at = from; at < end; at++) if (text.charCodeAt(at) === COMMA) return false;
    this.starts[last] = from;
    this.ends[last] = end;
    return true;
  }

  isEmpty(cell: number): boolean {
    return this.starts[cell] === this.ends[cell];
  }

  /** Whether every cell listed is empty (the columns the fast checks do not know). */
  allEmpty(cells: readonly number[]): boolean {
    for (const cell of cells) if (this.starts[cell] !== this.ends[cell]) return false;
    return true;
  }
}

/** The index in `names` of the name written exactly at text[start, end), or -1. */
export function nameAt(text: string, start: number, end: number, names: readonly string[]): number {
  for (let index = 0; index < names.length; index++) if (writtenAt(text, start, end, names[index]!)) return index;
  return -1;
}

/** Whether text[start, end) is `name` (compared here: a startsWith call per cell cost more). */
function writtenAt(text: string, start: number, end: number, name: string): boolean {
  if (name.length !== end - start) return false;
  for (let at = 0; at < name.length; at++) if (name.charCodeAt(at) !== text.charCodeAt(start + at)) return false;
  return true;
}
