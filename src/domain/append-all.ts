// Appends one array to another with a loop: `target.push(...source)` passes every item as an
// argument, and a few hundred thousand of them overflow the stack (a 400,000-row bad CSV did).

/** Appends every item of `source` to `target`, in order; returns `target`. */
export function appendAll<T>(target: T[], source: Iterable<T>): T[] {
  for (const item of source) target.push(item);
  return target;
}
