// The one way hops are numbered for people: hop 1 is the route's first relationship (the one
// leaving the source). Data keeps the index into `edges` (0-based); every text says it from 1.

/**
 * The number people read for the hop at `index` in a route's `edges`.
 * @example hopNumber(0) // 1
 */
export function hopNumber(index: number): number {
  return index + 1;
}

/**
 * `hop 1` for the first relationship of a route.
 * @example hopLabel(0) // 'hop 1'
 */
export function hopLabel(index: number): string {
  return `hop ${hopNumber(index)}`;
}
