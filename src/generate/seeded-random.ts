// A seeded pseudo-random source for the dataset generator: same seed, same sequence, same bytes.
// mulberry32 (Tommy Ettinger, public domain) for uniform floats; inverse-CDF sampling for
// heavy-tailed (Zipf) choices.

export type Random = () => number;

/**
 * mulberry32: a 32-bit seeded PRNG returning floats in [0, 1).
 *
 * @example const random = seededRandom(7); random() // 0.…, the same on every run
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, count). */
export function randomIndex(random: Random, count: number): number {
  return Math.floor(random() * count);
}

export function pickOne<T>(random: Random, items: readonly T[]): T {
  return items[randomIndex(random, items.length)]!;
}

/** Picks an index by weight; `cumulative` holds running sums of the weights. */
export function pickWeighted(random: Random, cumulative: Float64Array): number {
  const goal = random() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! > goal) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Running sums of Zipf weights 1/(rank+1)^exponent: a few ranks get most of the picks. */
export function zipfCumulative(count: number, exponent: number): Float64Array {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 0; rank < count; rank++) {
    total += 1 / Math.pow(rank + 1, exponent);
    cumulative[rank] = total;
  }
  return cumulative;
}

/** Running sums of explicit weights. */
export function cumulativeOf(weights: readonly number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((weight, index) => {
    total += weight;
    cumulative[index] = total;
  });
  return cumulative;
}
