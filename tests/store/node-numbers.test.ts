// NodeNumbers: entity numbers by Neo4j node id, dense ids in an array (grown as needed), far ones in a Map.
import { describe, expect, it } from 'vitest';
import { NodeNumbers } from '../../src/store/neo4j/node-numbers.ts';

describe('NodeNumbers', () => {
  it('gives back the number of every node set, and undefined for nodes never set', () => {
    const numbers = new NodeNumbers(4);
    numbers.set(0, 7);
    numbers.set(3, 0);
    expect(numbers.get(0)).toBe(7);
    expect(numbers.get(3)).toBe(0);
    expect(numbers.get(1)).toBeUndefined();
    expect(numbers.get(1_000)).toBeUndefined();
  });

  it('grows past the expected count, keeping what was set', () => {
    const numbers = new NodeNumbers(2);
    for (let node = 0; node < 5_000; node += 3) numbers.set(node, node * 2);
    for (let node = 0; node < 5_000; node++) expect(numbers.get(node)).toBe(node % 3 === 0 ? node * 2 : undefined);
  });

  it('keeps node ids far beyond the entity count apart, without a huge array', () => {
    const numbers = new NodeNumbers(10);
    numbers.set(2 ** 40, 1);
    numbers.set(5, 2);
    expect(numbers.get(2 ** 40)).toBe(1);
    expect(numbers.get(2 ** 40 + 1)).toBeUndefined();
    expect(numbers.get(5)).toBe(2);
  });
});
