// Reads each --data path as its own validated dataset (no reference flags mixed in), for
// commands that compare or merge sources rather than analyse one graph.
import { InvalidInputError } from '../domain/errors.ts';
import type { Dataset, ListDefinition } from '../domain/schema.ts';
import { readDatasetSource } from '../load/read-source.ts';
import { validateDataset } from '../load/validate-dataset.ts';
import type { MergeSource } from './merge-entities.ts';

/** @example readSources(['out/sdn', 'out/zala'], readReference().lists)[1].dataset.entities.length */
export function readSources(paths: readonly string[], lists: ReadonlyMap<string, ListDefinition>): MergeSource[] {
  return paths.map((path) => {
    const { collections, problems } = readDatasetSource(path);
    const validated = validateDataset(collections, lists);
    if (problems.length > 0 || !validated.ok) throw new InvalidInputError(`the dataset ${path} is invalid`, [...problems, ...(validated.ok ? [] : validated.problems)]);
    return { path, dataset: validated.dataset satisfies Dataset };
  });
}
