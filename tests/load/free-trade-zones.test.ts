// The free-trade-zone reference file: the shipped one reads, a bad one is refused with its places.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { readFreeTradeZones } from '../../src/load/free-trade-zones.ts';
import { tempDataset } from '../support/temp-dataset.ts';

describe('readFreeTradeZones', () => {
  it('reads the shipped keywords, each with a source', () => {
    const zones = readFreeTradeZones();
    expect(zones.find((zone) => zone.keyword === 'Dubai Silicon Oasis')).toMatchObject({ country: 'AE', name: 'Dubai Silicon Oasis free zone' });
    expect(zones.every((zone) => zone.source.length > 0)).toBe(true);
  });

  it('refuses a file with a bad country and a missing source', () => {
    const directory = tempDataset({ 'free-trade-zones.csv': 'keyword,name,country,source\nJAFZA,Jebel Ali,XX,src\nKish,Kish Free Zone,IR,\n' });
    expect(() => readFreeTradeZones(directory)).toThrow(InvalidInputError);
    try {
      readFreeTradeZones(directory);
    } catch (error) {
      expect((error as InvalidInputError).problems.map((problem) => [problem.line, problem.field])).toEqual([
        [2, 'country'],
        [3, 'source'],
      ]);
    }
  });
});
