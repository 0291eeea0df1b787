// `enduse generate`: a synthetic dataset of a given size, the same bytes for the same seed.
// What the command does, imported only when it runs; generate.ts declares its options and help.
import { InvalidInputError } from '../../domain/errors.ts';
import { generateDataset, MIN_GENERATED_ENTITIES } from '../../generate/generate-dataset.ts';
import { readReference } from '../../load/load-datasets.ts';
import { formatOption, positiveIntegerOption } from '../options.ts';
import type { Output } from '../output.ts';

const MAX_ENTITIES = 20_000_000;
const MAX_RELATIONSHIPS = 100_000_000;

export async function runGenerate(options: { entities?: string; relationships?: string; seed?: string; out?: string; format?: string }, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const entities = positiveIntegerOption(options.entities, '--entities', 10_000, MAX_ENTITIES);
  if (entities < MIN_GENERATED_ENTITIES) {
    throw new InvalidInputError('bad value for --entities', [{ field: '--entities', message: `give at least ${MIN_GENERATED_ENTITIES}, so every country gets an end user` }]);
  }
  const relationships = positiveIntegerOption(options.relationships, '--relationships', entities * 5, MAX_RELATIONSHIPS);
  const seed = positiveIntegerOption(options.seed, '--seed', 1, 2 ** 32 - 1);
  if (options.out === undefined) throw new InvalidInputError('missing --out', [{ field: '--out', message: 'is required; give the folder to write the dataset into' }]);
  const listCodes = [...readReference().lists.keys()];
  const summary = await generateDataset(options.out, { entities, relationships, seed, listCodes });
  if (format === 'json') output.json({ out: options.out, seed, ...summary });
  else output.line(`wrote ${summary.entities} entities, ${summary.relationships} relationships, ${summary.listings} listings, ${summary.jurisdictions} jurisdiction flags to ${options.out} (seed ${seed})`);
}

