// The answer cache: bounded by bytes (least recently used out first), per data version.
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/questions/answer-cache.ts';

const bytes = (size: number, fill = 1) => new Uint8Array(size).fill(fill);

describe('AnswerCache', () => {
  it('keeps answers within its bytes, dropping the least recently used first', () => {
    const cache = new AnswerCache(8_000);
    for (let question = 0; question < 10; question++) cache.set(1, `q${question}`, bytes(900, question));
    expect(cache.bytes).toBeLessThanOrEqual(8_000);
    expect(cache.get(1, 'q0')).toBeUndefined();
    expect(cache.get(1, 'q9')).toEqual(bytes(900, 9));
    // q3 used again, so q4 goes first when room is needed.
    expect(cache.get(1, 'q3')).toBeDefined();
    cache.set(1, 'q10', bytes(900));
    cache.set(1, 'q11', bytes(900));
    expect(cache.get(1, 'q3')).toBeDefined();
    expect(cache.get(1, 'q4')).toBeUndefined();
  });

  it('forgets every answer when a newer data version is asked about, and never stores a stale one', () => {
    const cache = new AnswerCache(10_000);
    cache.set(1, 'q', bytes(10));
    expect(cache.get(2, 'q')).toBeUndefined();
    cache.set(2, 'q', bytes(10, 2));
    expect(cache.get(1, 'q')).toBeUndefined();
    expect(cache.size).toBe(1);
    // An answer computed on version 1 that arrives after the load is not kept.
    cache.set(1, 'late', bytes(10));
    expect(cache.get(1, 'late')).toBeUndefined();
    expect(cache.get(2, 'q')).toEqual(bytes(10, 2));
  });

  it('does not let one large answer flush the rest', () => {
    const cache = new AnswerCache(8_000);
    cache.set(1, 'small', bytes(100));
    cache.set(1, 'huge', bytes(2_000));
    expect(cache.get(1, 'huge')).toBeUndefined();
    expect(cache.get(1, 'small')).toBeDefined();
  });
});
