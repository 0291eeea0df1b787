// `enduse generate`: a synthetic dataset of a given size, the same bytes for the same seed.
import type { Command } from 'commander';
import { InvalidInputError } from '../../domain/errors.ts';
import { generateDataset, MIN_GENERATED_ENTITIES } from '../../generate/generate-dataset.ts';
import { readReference } from '../../load/load-datasets.ts';
import { formatOption, positiveIntegerOption } from '../options.ts';
import type { Output } from '../output.ts';

const MAX_ENTITIES = 20_000_000;
const MAX_RELATIONSHIPS = 100_000_000;

export function registerGenerate(program: Command, output: Output): void {
  program
    .command('generate')
    .description('write a realistic synthetic dataset (CSV folder): heavy-tailed supply chains, fronts, ownership layers, listings')
    .option('--entities <n>', `number of entities (at least ${MIN_GENERATED_ENTITIES}, default 10000)`)
    .option('--relationships <n>', 'number of relationships (default 5 per entity)')
    .option('--seed <n>', 'seed of the random generator: same seed, same bytes (default 1)')
    .option('--out <dir>', 'folder to write entities.csv, relationships.csv, listings.csv, jurisdictions.csv into')
    .option('--format <format>', 'text or json')
    .action(async (options: { entities?: string; relationships?: string; seed?: string; out?: string; format?: string }) => {
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
    });
}
