// The compact store's entities as columns, not objects: ids and names in text columns, kind,
// country, sector and source as codes, the rarer fields (aliases, address, identifiers) as JSON
// text. No JavaScript object is held per entity (at ten million, objects and their strings filled
// Node's heap); `at` builds an Entity for whatever an answer returns.
import { ENTITY_KINDS, SECTORS, type Entity, type EntityKind } from '../../domain/schema.ts';
import { NONE, StringTable } from './compact-graph.ts';
import { sharedInt32Array, sharedUint16Array, sharedUint8Array } from './shared-arrays.ts';
import { TextColumn, type TextColumnParts } from './text-column.ts';

const KIND_CODES = new Map<string, number>(ENTITY_KINDS.map((kind, code) => [kind, code]));
const SECTOR_CODES = new Map<string, number>(SECTORS.map((sector, code) => [sector, code]));
/** Sector code of an entity without one. */
const NO_SECTOR = 255;
/** Country code of an entity without one (others are 1 + their index in `countries`). */
const NO_COUNTRY = 0;

/** The arrays and small tables of an EntityTable: what a worker thread (or a snapshot) rebuilds it from. */
export interface EntityTableParts {
  count: number;
  ids: TextColumnParts;
  names: TextColumnParts;
  /** Index into ENTITY_KINDS. */
  kind: Uint8Array;
  /** 0: none; else 1 + index into `countries`. */
  country: Uint16Array;
  /** Index into SECTORS, 255 when absent. */
  sector: Uint8Array;
  /** Index into `sources`, NONE when absent. */
  source: Int32Array;
  /** JSON array of the aliases, empty when there are none. */
  aliases: TextColumnParts;
  /** JSON string, empty when absent. */
  address: TextColumnParts;
  /** JSON array, empty when absent. */
  identifiers: TextColumnParts;
  countries: readonly string[];
  sources: readonly string[];
}

/**
 * Entities numbered 0..count-1 in the order they are added.
 *
 * @example const table = new EntityTable(); table.add(entity); table.at(0) // an equal Entity
 */
export class EntityTable {
  readonly ids: TextColumn;
  readonly names: TextColumn;
  kind: Uint8Array;
  country: Uint16Array;
  sector: Uint8Array;
  source: Int32Array;
  readonly aliases: TextColumn;
  readonly address: TextColumn;
  readonly identifiers: TextColumn;
  readonly countries: StringTable;
  readonly sources: StringTable;

  constructor(expectedCount = 16) {
    const capacity = Math.max(16, expectedCount);
    // About 12 bytes an id and 28 a name (the generator's; real names are longer and the columns grow).
    this.ids = new TextColumn('id', capacity, capacity * 12);
    this.names = new TextColumn('name', capacity, capacity * 28);
    this.aliases = new TextColumn('aliases', capacity);
    this.address = new TextColumn('address', capacity);
    this.identifiers = new TextColumn('identifiers', capacity);
    this.kind = sharedUint8Array(capacity);
    this.country = sharedUint16Array(capacity);
    this.sector = sharedUint8Array(capacity);
    this.source = sharedInt32Array(capacity);
    this.countries = new StringTable();
    this.sources = new StringTable();
  }

  /** The table over parts built elsewhere (shared memory, read in place). */
  static over(parts: EntityTableParts): EntityTable {
    const table = Object.create(EntityTable.prototype) as EntityTable;
    const writable = table as { -readonly [K in keyof EntityTable]: EntityTable[K] };
    writable.ids = TextColumn.over(parts.ids, 'id');
    writable.names = TextColumn.over(parts.names, 'name');
    writable.aliases = TextColumn.over(parts.aliases, 'aliases');
    writable.address = TextColumn.over(parts.address, 'address');
    writable.identifiers = TextColumn.over(parts.identifiers, 'identifiers');
    writable.kind = parts.kind;
    writable.country = parts.country;
    writable.sector = parts.sector;
    writable.source = parts.source;
    writable.countries = StringTable.of(parts.countries);
    writable.sources = StringTable.of(parts.sources);
    return table;
  }

  get count(): number {
    return this.ids.count;
  }

  /** Appends an entity as number `count` (its id is new: the caller checked). */
  add(entity: Entity): number {
    const index = this.count;
    if (index === this.kind.length) this.grow(index * 2);
    this.ids.push(entity.id);
    this.names.push(entity.name);
    this.kind[index] = KIND_CODES.get(entity.kind)!;
    this.country[index] = entity.country === undefined ? NO_COUNTRY : 1 + this.countries.intern(entity.country);
    this.sector[index] = entity.sector === undefined ? NO_SECTOR : SECTOR_CODES.get(entity.sector)!;
    this.source[index] = entity.source === undefined ? NONE : this.sources.intern(entity.source);
    this.aliases.push(entity.aliases === undefined || entity.aliases.length === 0 ? '' : JSON.stringify(entity.aliases));
    this.address.push(entity.address === undefined ? '' : JSON.stringify(entity.address));
    this.identifiers.push(entity.identifiers === undefined ? '' : JSON.stringify(entity.identifiers));
    return index;
  }

  idAt(index: number): string {
    return this.ids.at(index);
  }

  kindAt(index: number): EntityKind {
    return ENTITY_KINDS[this.kind[index]!]!;
  }

  /** The country code of entity `index`, or undefined. */
  countryAt(index: number): string | undefined {
    const code = this.country[index]!;
    return code === NO_COUNTRY ? undefined : this.countries.values[code - 1];
  }

  /** Entity `index` as an object of its own (fields in the schema's order). */
  at(index: number): Entity {
    const entity: Partial<Entity> = { id: this.ids.at(index), name: this.names.at(index), kind: this.kindAt(index) };
    const country = this.countryAt(index);
    if (country !== undefined) entity.country = country;
    const sector = this.sector[index]!;
    if (sector !== NO_SECTOR) entity.sector = SECTORS[sector];
    entity.aliases = this.aliases.isEmpty(index) ? [] : (JSON.parse(this.aliases.at(index)) as string[]);
    if (!this.address.isEmpty(index)) entity.address = JSON.parse(this.address.at(index)) as string;
    const source = this.source[index]!;
    if (source !== NONE) entity.source = this.sources.values[source];
    if (!this.identifiers.isEmpty(index)) entity.identifiers = JSON.parse(this.identifiers.at(index)) as string[];
    return entity as Entity;
  }

  /** Every entity, in number order, each built as it is reached. */
  *all(): IterableIterator<Entity> {
    for (let index = 0; index < this.count; index++) yield this.at(index);
  }

  [Symbol.iterator](): IterableIterator<Entity> {
    return this.all();
  }

  /** Trims every column to what is used (once, when the table is complete). */
  trim(): void {
    const count = this.count;
    for (const column of [this.ids, this.names, this.aliases, this.address, this.identifiers]) column.trim();
    this.grow(count);
  }

  parts(): EntityTableParts {
    return {
      count: this.count,
      ids: this.ids.parts(),
      names: this.names.parts(),
      kind: this.kind,
      country: this.country,
      sector: this.sector,
      source: this.source,
      aliases: this.aliases.parts(),
      address: this.address.parts(),
      identifiers: this.identifiers.parts(),
      countries: this.countries.values,
      sources: this.sources.values,
    };
  }

  /** Bytes held per column kind, for the memory model (README, Performance). */
  byteLength(): number {
    const texts = [this.ids, this.names, this.aliases, this.address, this.identifiers].reduce((sum, column) => sum + column.bytes.byteLength + column.offsets.byteLength, 0);
    return texts + this.kind.byteLength + this.country.byteLength + this.sector.byteLength + this.source.byteLength;
  }

  private grow(capacity: number): void {
    const count = this.count;
    const kind = sharedUint8Array(capacity);
    kind.set(this.kind.subarray(0, count));
    const country = sharedUint16Array(capacity);
    country.set(this.country.subarray(0, count));
    const sector = sharedUint8Array(capacity);
    sector.set(this.sector.subarray(0, count));
    const source = sharedInt32Array(capacity);
    source.set(this.source.subarray(0, count));
    this.kind = kind;
    this.country = country;
    this.sector = sector;
    this.source = source;
  }
}
