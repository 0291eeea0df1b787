// The compact store's entities as columns: every entity comes back equal to what went in.
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/schema.ts';
import { EntityTable } from '../../src/store/compact/entity-table.ts';
import { TextColumn } from '../../src/store/compact/text-column.ts';
import { seededRandom } from '../support/random.ts';

const AWKWARD = ['', ' ', 'Ωμέγα', '東京 Trading', 'emoji 🚚', 'a "quote", a comma', 'line\nbreak', '\u0000nul', 'x'.repeat(300)];

describe('entity table', () => {
  it('gives back every entity exactly, optional fields present or absent, across growth', () => {
    const random = seededRandom(5);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const entities: Entity[] = Array.from({ length: 3_000 }, (_, index) => {
      const entity: Entity = { id: `e-${index}-${pick(['', 'Ω', 'long-'.repeat(6)])}`, name: pick(AWKWARD) || 'name', kind: pick(['manufacturer', 'end_user', 'person'] as const), aliases: random() < 0.5 ? [] : [pick(AWKWARD), pick(AWKWARD)] };
      if (random() < 0.5) entity.country = pick(['US', 'SY', 'UA-43']);
      if (random() < 0.5) entity.sector = pick(['government', 'telecom'] as const);
      if (random() < 0.5) entity.address = pick(AWKWARD);
      if (random() < 0.5) entity.source = pick(AWKWARD);
      if (random() < 0.3) entity.identifiers = random() < 0.2 ? [] : ['imo:9187629', pick(['lei:X', 'merged:a'])];
      return entity;
    });
    const table = new EntityTable(4);
    entities.forEach((entity, index) => expect(table.add(entity)).toBe(index));
    table.trim();
    expect(table.count).toBe(entities.length);
    expect([...table]).toEqual(entities);
    const again = EntityTable.over(table.parts());
    entities.forEach((entity, index) => {
      expect(again.at(index)).toEqual(entity);
      expect(again.idAt(index)).toBe(entity.id);
      expect(again.kindAt(index)).toBe(entity.kind);
      expect(again.countryAt(index)).toBe(entity.country);
    });
  });

  it('keeps its columns in shared memory, outside the JavaScript heap', () => {
    const table = new EntityTable();
    table.add({ id: 'a', name: 'A', kind: 'company', aliases: [] });
    for (const array of [table.ids.bytes, table.ids.offsets, table.names.bytes, table.kind, table.country, table.sector, table.source]) expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('says which column is too large and what to do instead of failing somewhere inside', () => {
    const column = new TextColumn('name', 1, 1);
    column.push('fits');
    expect(column.at(0)).toBe('fits');
    expect(() => (column as unknown as { growBytes(needed: number): void }).growBytes(2 ** 33)).toThrow(/dataset is too large/);
  });
});
