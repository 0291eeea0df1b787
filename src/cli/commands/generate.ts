// `enduse generate`: a synthetic dataset of a given size, the same bytes for the same seed.
import type { Command } from 'commander';
import { MIN_GENERATED_ENTITIES } from '../../generate/generate-limits.ts';
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
    .action(async (options: { entities?: string; relationships?: string; seed?: string; out?: string; format?: string }) => (await import('./generate-run.ts')).runGenerate(options, output));
}
