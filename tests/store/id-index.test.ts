// The open-addressing id index and the string table built on it, against a Map: keys short and
// long (past the 20 characters kept in a slot), Latin-1 and not, prefixes of one another, looked
// up whole or by position in a larger text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringTable } from '../../src/store/compact/compact-graph.ts';
import { ABSENT, IdIndex } from '../../src/store/compact/id-index.ts';

const key = fc.oneof(
  fc.stringMatching(/^[a-c]{0,3}$/),
  fc.stringMatching(/^[a-z0-9:.-]{18,24}$/),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('a', 'ab', 'abc', 'ä', 'Ā', 'слежка', 'x'.repeat(20), 'x'.repeat(21)),
);

describe('IdIndex', () => {
  it('finds exactly the keys a Map holds, whole, by position and in pairs, across growth', () => {
    fc.assert(
      // At least 600 keys, so the table (1024 slots, kept half empty) grows.
      fc.property(fc.uniqueArray(key, { minLength: 600, maxLength: 3000 }), fc.array(key, { maxLength: 50 }), (keys, probes) => {
        const index = new IdIndex();
        const reference = new Map<string, number>();
        keys.forEach((id, value) => {
          index.set(id, value);
          reference.set(id, value);
        });
        expect(index.size).toBe(keys.length);
        const found = new Int32Array(2);
        for (const probe of [...keys, ...probes]) {
          expect(index.get(probe)).toBe(reference.get(probe));
          const text = `,${probe},${probe}x,`;
          const expected = reference.get(probe) ?? ABSENT;
          expect(index.getRange(text, 1, 1 + probe.length)).toBe(expected);
          index.getRangePair(text, 1, 1 + probe.length, 2 + probe.length, 3 + 2 * probe.length, found);
          expect([...found]).toEqual([expected, reference.get(`${probe}x`) ?? ABSENT]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('tells apart keys with the same hash (FNV-1a collisions, found by search), of equal or other length', () => {
    const sameHash = [['id-0398891', 'id-0822427'], ['A-1397846', 'V-1397846'], ['a-long-identifier-0027598', 'a-long-identifier-0349787'], ['k87022', 'k147620']];
    for (const [first, second] of sameHash) {
      const index = new IdIndex();
      index.set(first!, 0);
      expect(index.get(second!)).toBeUndefined();
      index.set(second!, 1);
      expect([index.get(first!), index.get(second!)]).toEqual([0, 1]);
    }
  });

  it('sized ahead for many keys still finds each one', () => {
    const index = new IdIndex(5000);
    for (let value = 0; value < 5000; value++) index.set(`id-${value}`, value);
    expect(index.get('id-0')).toBe(0);
    expect(index.get('id-4999')).toBe(4999);
    expect(index.get('id-5000')).toBeUndefined();
  });

  it('trim: sized for four times the keys it got, shrinks to half full and finds the same keys; a fitted table is left alone', () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 3000 }), fc.array(key, { maxLength: 50 }), (keys, probes) => {
        const index = new IdIndex(keys.length * 4);
        keys.forEach((id, value) => index.set(id, value));
        const before = index.sharedTable.byteLength;
        index.trim();
        // 1,024 slots of 32 bytes at least; otherwise the smallest power of two at least twice the keys.
        const fitted = Math.max(1024, 2 ** Math.ceil(Math.log2(keys.length * 2))) * 32;
        expect(index.sharedTable.byteLength).toBe(fitted);
        if (before >= 2 * fitted) expect(index.sharedTable.byteLength).toBeLessThan(before);
        const table = index.sharedTable;
        index.trim();
        expect(index.sharedTable).toBe(table);
        const found = new Int32Array(2);
        for (const probe of [...keys, ...probes]) {
          const expected = keys.indexOf(probe);
          expect(index.get(probe)).toBe(expected === -1 ? undefined : expected);
          const text = `,${probe},${probe},`;
          index.getRangePair(text, 1, 1 + probe.length, 2 + probe.length, 2 + 2 * probe.length, found);
          expect([...found]).toEqual([expected === -1 ? ABSENT : expected, expected === -1 ? ABSENT : expected]);
        }
        index.set('after trim: a new key', keys.length);
        expect(index.get('after trim: a new key')).toBe(keys.length);
      }),
      { numRuns: 30 },
    );
  });
});

describe('StringTable', () => {
  it('interns a value to one index whether given whole or by position, in first-seen order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.boolean()), { maxLength: 300 }), (values) => {
        const table = new StringTable();
        const firstSeen: string[] = [];
        for (const [value, byPosition] of values) {
          const index = byPosition ? table.internRange(`<${value}>`, 1, 1 + value.length) : table.intern(value);
          if (!firstSeen.includes(value)) firstSeen.push(value);
          expect(index).toBe(firstSeen.indexOf(value));
          expect(table.indexOf(value)).toBe(index);
        }
        expect(table.values).toEqual(firstSeen);
      }),
      { numRuns: 100 },
    );
  });
});
