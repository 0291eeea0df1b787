// Date cells of a relationships file, read in place and resolved once per distinct text: the
// texts differ per row, the dates they write number a few thousand. For relationship-lines.ts.
import type { IsoDay } from '../domain/dates.ts';
import type { StringTable } from '../store/compact/compact-graph.ts';
import { ABSENT } from '../store/compact/id-index.ts';
import type { DateCache } from './fast-rows.ts';

const DASH = 45;

/** What DatesSeen.find gives for an empty cell. */
export const NO_DATE = -2;
const EMPTY = -1;
/** Int32 words per slot of DatesSeen: the dateKey, the day as YYYYMMDD (NOT_A_DATE when the text is none), the index in the builder's date table (NOT_INTERNED until a row with it is accepted), the index of the ISO day text. */
const DATE_SLOT = 4;
const NOT_A_DATE = -1;
const NOT_INTERNED = -1;

/**
 * The date cells of one edge (start or end) read so far, by dateKey: an open-addressing table in
 * one typed array, so a row touches one cache line here (a Map's entries cost several misses a
 * row with 300 MB streaming through). A date is interned in the builder's table only when a row
 * with it is accepted, so the table holds what the split path would put there, in its order.
 */
export class DatesSeen {
  private slots = emptySlots(1 << 12);
  private count = 0;
  private readonly days: IsoDay[] = [];

  constructor(
    private readonly edge: 'start' | 'end',
    private readonly parsed: DateCache,
    private readonly table: StringTable,
  ) {}

  /** The slot of the date at text[start, end), NO_DATE for an empty cell, ABSENT when the split path must judge the cell. */
  find(text: string, start: number, end: number): number {
    if (start === end) return NO_DATE;
    const key = dateKey(text, start, end);
    if (key === ABSENT) return ABSENT;
    const slots = this.slots;
    const mask = slots.length / DATE_SLOT - 1;
    for (let slot = mixed(key) & mask; ; slot = (slot + 1) & mask) {
      const base = slot * DATE_SLOT;
      const stored = slots[base]!;
      if (stored === key) return slots[base + 1] === NOT_A_DATE ? ABSENT : base;
      if (stored === EMPTY) {
        this.add(key, text.slice(start, end));
        return this.find(text, start, end);
      }
    }
  }

  /** A number that orders days as their ISO texts do. */
  order(slot: number): number {
    return this.slots[slot + 1]!;
  }

  interned(slot: number): number {
    let index = this.slots[slot + 2]!;
    if (index === NOT_INTERNED) {
      index = this.table.intern(this.days[this.slots[slot + 3]!]!);
      this.slots[slot + 2] = index;
    }
    return index;
  }

  private add(key: number, text: string): void {
    if ((this.count + 1) * 2 > this.slots.length / DATE_SLOT) this.grow();
    const day = this.parsed.day(text, this.edge);
    this.place(key, day === null ? NOT_A_DATE : Number(day.replaceAll('-', '')), NOT_INTERNED, this.days.length);
    this.days.push(day ?? '');
    this.count++;
  }

  private place(key: number, order: number, interned: number, day: number): void {
    const slots = this.slots;
    const mask = slots.length / DATE_SLOT - 1;
    let slot = mixed(key) & mask;
    while (slots[slot * DATE_SLOT] !== EMPTY) slot = (slot + 1) & mask;
    slots.set([key, order, interned, day], slot * DATE_SLOT);
  }

  private grow(): void {
    const old = this.slots;
    this.slots = emptySlots((old.length / DATE_SLOT) * 2);
    for (let base = 0; base < old.length; base += DATE_SLOT) if (old[base] !== EMPTY) this.place(old[base]!, old[base + 1]!, old[base + 2]!, old[base + 3]!);
  }
}

function emptySlots(count: number): Int32Array {
  const slots = new Int32Array(count * DATE_SLOT);
  for (let base = 0; base < slots.length; base += DATE_SLOT) slots[base] = EMPTY;
  return slots;
}

/** Spreads a key's bits over the low ones (Fibonacci hashing, Knuth). */
function mixed(key: number): number {
  const hash = Math.imul(key, 0x9e3779b1);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * A number naming a date cell written YYYY, YYYY-MM or YYYY-MM-DD (digits and shape, so two
 * different texts never share one), or ABSENT for any other text.
 */
function dateKey(text: string, start: number, end: number): number {
  const length = end - start;
  if (length !== 4 && length !== 7 && length !== 10) return ABSENT;
  const year = digitsAt(text, start, 4);
  if (year < 0) return ABSENT;
  if (length === 4) return year * 40_000;
  const month = text.charCodeAt(start + 4) === DASH ? digitsAt(text, start + 5, 2) : -1;
  if (month < 0) return ABSENT;
  if (length === 7) return (year * 100 + month) * 400 + 1;
  const day = text.charCodeAt(start + 7) === DASH ? digitsAt(text, start + 8, 2) : -1;
  if (day < 0) return ABSENT;
  return ((year * 100 + month) * 100 + day) * 4 + 2;
}

/** The number written by `count` ASCII digits from `from`, or -1 when one is not a digit. */
export function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
