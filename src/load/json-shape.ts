// Checks JSON text before it is parsed: nesting depth, array lengths and duplicated keys, which
// JSON.parse accepts silently (the last of two `entities` keys wins) or turns into crashes later.
import { visit, type JSONPath } from 'jsonc-parser';
import type { Problem } from '../domain/errors.ts';

export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (the dataset shape needs 3). */
  maxDepth: number;
  /** Most items in any one array. */
  maxArrayItems: number;
}

/** Where a problem is reported: a file name, and the prefix of field paths (`body`, or none). */
export interface JsonPlace {
  file?: string;
  fieldPrefix?: string;
}

/** Thrown from the visitor to stop at the first problem (the visitor has no other way out). */
class StopAtProblem {
  constructor(readonly problem: Problem) {}
}

/**
 * The first problem of shape in `text`, or undefined. Syntax is not judged here (JSON.parse does
 * that next, with its position); the scan stops at the first problem, so a 5-million-item array
 * or a 200,000-deep nesting costs no more than reaching the limit.
 *
 * @example jsonShapeProblem('{"entities":[],"entities":[]}', { maxDepth: 64, maxArrayItems: 1e6 }, { file: 'a.json' })
 * // { file: 'a.json', line: 1, field: 'entities', message: 'is given twice in one object; …' }
 */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits, place: JsonPlace = {}): Problem | undefined {
  // One entry per open container: the keys seen in an object, or the count of an array's items.
  const keysSeen: (Set<string> | undefined)[] = [];
  const itemCounts: number[] = [];
  const where = (line: number, path: JSONPath): Problem => ({
    ...(place.file === undefined ? {} : { file: place.file }),
    ...(place.file === undefined ? {} : { line: line + 1 }),
    field: fieldPath(place.fieldPrefix, path),
    message: '',
  });
  const countItem = (line: number, pathSupplier: () => JSONPath) => {
    const depth = itemCounts.length;
    if (depth === 0 || keysSeen[depth - 1] !== undefined) return;
    const count = ++itemCounts[depth - 1]!;
    if (count > limits.maxArrayItems) {
      const path = pathSupplier().slice(0, -1);
      throw new StopAtProblem({ ...where(line, path), message: `has more than ${limits.maxArrayItems} items; split the data into smaller parts` });
    }
  };
  const open = (keys: Set<string> | undefined, line: number, pathSupplier: () => JSONPath) => {
    countItem(line, pathSupplier);
    if (itemCounts.length >= limits.maxDepth) {
      throw new StopAtProblem({ ...where(line, pathSupplier()), message: `is nested more than ${limits.maxDepth} levels deep; no dataset needs that` });
    }
    keysSeen.push(keys);
    itemCounts.push(0);
  };
  const close = () => {
    keysSeen.pop();
    itemCounts.pop();
  };
  try {
    visit(
      text,
      {
        onObjectBegin: (_offset, _length, line, _column, pathSupplier) => open(new Set(), line, pathSupplier),
        onArrayBegin: (_offset, _length, line, _column, pathSupplier) => open(undefined, line, pathSupplier),
        onObjectEnd: close,
        onArrayEnd: close,
        onLiteralValue: (_value, _offset, _length, line, _column, pathSupplier) => countItem(line, pathSupplier),
        onObjectProperty: (property, _offset, _length, line, _column, pathSupplier) => {
          const keys = keysSeen[keysSeen.length - 1];
          if (keys === undefined) return;
          if (keys.has(property)) {
            throw new StopAtProblem({ ...where(line, [...pathSupplier(), property]), message: 'is given twice in one object; JSON readers keep only one of the two, so give it once' });
          }
          keys.add(property);
        },
      },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch (error) {
    if (error instanceof StopAtProblem) return error.problem;
    throw error;
  }
  return undefined;
}

/** `entities[3].id`, or `body.entities[3].id` with a prefix; `(document)` for the top level. */
function fieldPath(prefix: string | undefined, path: JSONPath): string {
  let name = prefix ?? '';
  for (const key of path) name = typeof key === 'number' ? `${name}[${key}]` : name === '' ? key : `${name}.${key}`;
  return name === '' ? '(document)' : name;
}
