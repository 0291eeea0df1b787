// The answer cache: bounded by bytes (about the least recently used out first), per data version;
// its ring never overwrites an answer being sent, and gives back what was stored.
import fc from 'fast-check';
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

describe('AnswerCache ring', () => {
  it('never overwrites an answer being sent: the ring keeps nothing new in its room until it is released', () => {
    const cache = new AnswerCache(4_000);
    expect(cache.set(1, 'sent', bytes(400, 7))).toBe(true);
    const sending = cache.held(1, 'sent')!;
    // Two laps of other answers: each would have overwritten the one being sent.
    let kept = 0;
    for (let question = 0; question < 20; question++) if (cache.set(1, `q${question}`, bytes(400, question + 10))) kept++;
    expect(kept).toBeLessThan(20);
    expect(sending.json).toEqual(bytes(400, 7));
    sending.release();
    expect(cache.set(1, 'after', bytes(400, 99))).toBe(true);
    expect(cache.get(1, 'after')).toEqual(bytes(400, 99));
    // Releasing twice does not free somebody else's pin.
    const again = cache.held(1, 'after')!;
    sending.release();
    for (let question = 0; question < 20; question++) cache.set(1, `r${question}`, bytes(400, 1));
    expect(again.json).toEqual(bytes(400, 99));
    again.release();
  });

  it('gives back, for any sequence of answers, asks and sends, the bytes last stored under each question', () => {
    type Step = { op: 'set'; key: number; size: number; fill: number } | { op: 'get'; key: number } | { op: 'hold'; key: number } | { op: 'release'; which: number } | { op: 'load' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      // Sizes are taken modulo the largest answer kept, so most answers are kept and the ring laps.
      fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 12 }), size: fc.nat(), fill: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 12 }), size: fc.nat(), fill: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('get' as const), key: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ op: fc.constant('hold' as const), key: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ op: fc.constant('release' as const), which: fc.nat() }),
      fc.record({ op: fc.constant('load' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 50, maxLength: 400 }), fc.integer({ min: 160, max: 1_200 }), (steps, capacity) => {
        const cache = new AnswerCache(capacity);
        let version = 1;
        /** What was last stored under each question in this version. */
        const stored = new Map<number, Uint8Array>();
        const sending: { json: Uint8Array; expected: Uint8Array; release: () => void }[] = [];
        for (const action of steps) {
          if (action.op === 'set') {
            const json = bytes(action.size % (cache.largestAnswer + 1), action.fill);
            if (cache.set(version, `q${action.key}`, json)) stored.set(action.key, json);
            // Not kept: what was kept before under this question (the same question on the same data) stays.
          } else if (action.op === 'get' || action.op === 'hold') {
            const found = action.op === 'get' ? cache.get(version, `q${action.key}`) : cache.held(version, `q${action.key}`);
            const json = found instanceof Uint8Array ? found : found?.json;
            if (json !== undefined) expect(json).toEqual(stored.get(action.key));
            if (found !== undefined && !(found instanceof Uint8Array)) sending.push({ ...found, expected: found.json.slice() });
          } else if (action.op === 'release') {
            if (sending.length > 0) sending.splice(action.which % sending.length, 1)[0]!.release();
          } else {
            version++;
            stored.clear();
          }
          for (const pinned of sending) expect(pinned.json).toEqual(pinned.expected);
          expect(cache.bytes).toBeLessThanOrEqual(capacity);
        }
      }),
      { numRuns: 300 },
    );
  });
});
