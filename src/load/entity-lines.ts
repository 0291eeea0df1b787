// Entities lines without quotes read in place, as relationship-lines.ts reads relationships:
// only the cells an entity keeps are cut into strings, and kinds, sectors and country codes are
// the schema's own constants. It accepts only what fastEntity accepts, giving an equal entity
// (same fields, same order); a line it doubts goes on to the split path, which decides as before.
import { ENTITY_KINDS, SECTORS, type Entity } from '../domain/schema.ts';
import { COUNTRY_CODES, type ColumnPlan } from './fast-rows.ts';
import { LineCells, nameAt } from './line-cells.ts';

const A = 65;
const Z = 90;
const LOWER_CASE = 32;
/** The country code spelt by two ASCII letters of either case, indexed by (first - A) * 26 + (second - A). */
const COUNTRY_BY_LETTERS: (string | undefined)[] = Array.from({ length: 26 * 26 }, (_, index) => {
  const code = String.fromCharCode(A + Math.floor(index / 26), A + (index % 26));
  return COUNTRY_CODES.has(code) ? code : undefined;
});

export class EntityLineReader {
  private readonly cells: LineCells;
  private readonly unknown: readonly number[];
  private readonly id: number;
  private readonly name: number;
  private readonly kind: number;
  private readonly country: number;
  private readonly sector: number;
  private readonly aliases: number;
  private readonly address: number;
  private readonly source: number;

  constructor(plan: ColumnPlan, fieldCount: number) {
    const cells = new LineCells(fieldCount);
    this.cells = cells;
    this.unknown = plan.unknown;
    const cell = (name: string) => cells.cellOf(plan.at[name] ?? -1);
    this.id = cell('id');
    this.name = cell('name');
    this.kind = cell('kind');
    this.country = cell('country');
    this.sector = cell('sector');
    this.aliases = cell('aliases');
    this.address = cell('address');
    this.source = cell('source');
  }

  /** The entity on text[start, end), a line without quotes, or undefined when the split path must read it. */
  read(text: string, start: number, end: number): Entity | undefined {
    const cells = this.cells;
    if (!cells.split(text, start, end) || !cells.allEmpty(this.unknown)) return undefined;
    const { starts, ends } = cells;
    const idStart = starts[this.id]!;
    const idEnd = ends[this.id]!;
    if (idStart === idEnd || !idCharacters(text, idStart, idEnd)) return undefined;
    const kind = nameAt(text, starts[this.kind]!, ends[this.kind]!, ENTITY_KINDS);
    if (kind < 0) return undefined;
    const name = text.slice(starts[this.name]!, ends[this.name]!).trim();
    if (name === '') return undefined;
    const entity: Entity = { id: text.slice(idStart, idEnd), name, kind: ENTITY_KINDS[kind]!, aliases: [] };
    if (!cells.isEmpty(this.country)) {
      const country = countryAt(text, starts[this.country]!, ends[this.country]!);
      if (country === undefined) return undefined;
      entity.country = country;
    }
    if (!cells.isEmpty(this.sector)) {
      const sector = nameAt(text, starts[this.sector]!, ends[this.sector]!, SECTORS);
      if (sector < 0) return undefined;
      entity.sector = SECTORS[sector]!;
    }
    const aliases = this.trimmed(text, this.aliases);
    if (aliases !== undefined) {
      entity.aliases = text
        .slice(starts[this.aliases]!, ends[this.aliases]!)
        .split(';')
        .map((alias) => alias.trim())
        .filter((alias) => alias !== '');
    }
    const address = this.trimmed(text, this.address);
    if (address !== undefined) entity.address = address;
    const source = this.trimmed(text, this.source);
    if (source !== undefined) entity.source = source;
    return entity;
  }

  /** A cell as fastEntity's `trimmed` reads it: trimmed, undefined when blank. */
  private trimmed(text: string, cell: number): string | undefined {
    if (this.cells.isEmpty(cell)) return undefined;
    const value = text.slice(this.cells.starts[cell]!, this.cells.ends[cell]!).trim();
    return value === '' ? undefined : value;
  }
}

/** Whether text[start, end) uses only the characters of ID_PATTERN (letters, digits, . _ : -), so needs no trimming either. */
function idCharacters(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    const letter = (code | LOWER_CASE) >= 97 && (code | LOWER_CASE) <= 122;
    const digit = code >= 48 && code <= 57;
    if (!letter && !digit && code !== 46 && code !== 95 && code !== 58 && code !== 45) return false;
  }
  return true;
}

/** The country code written as two ASCII letters at text[start, end), or undefined (also for anything to trim or another shape). */
function countryAt(text: string, start: number, end: number): string | undefined {
  if (end - start !== 2 || !asciiLetter(text.charCodeAt(start)) || !asciiLetter(text.charCodeAt(start + 1))) return undefined;
  const first = (text.charCodeAt(start) & ~LOWER_CASE) - A;
  const second = (text.charCodeAt(start + 1) & ~LOWER_CASE) - A;
  return COUNTRY_BY_LETTERS[first * 26 + second];
}

function asciiLetter(code: number): boolean {
  return (code >= A && code <= Z) || (code >= A + LOWER_CASE && code <= Z + LOWER_CASE);
}
