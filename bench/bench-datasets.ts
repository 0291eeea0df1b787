// The benchmarks' seeded datasets (`enduse generate --entities N --relationships 5N --seed 1`),
// generated once into the temporary folder and reused by every later run.
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../src/generate/generate-dataset.ts';
import { readReference } from '../src/load/load-datasets.ts';

/** Where the datasets are kept between runs. */
export const BENCH_DATASETS = join(tmpdir(), 'enduse-bench');

/**
 * The folder of the dataset with `entities` entities and five relationships each, generated
 * (and `log`ged) when it is not there yet.
 */
export async function benchDataset(entities: number, log: (text: string) => void = () => undefined): Promise<string> {
  const folder = join(BENCH_DATASETS, `e${entities}-r${entities * 5}-s1`);
  if (!existsSync(join(folder, '.complete'))) {
    const started = performance.now();
    await generateDataset(folder, { entities, relationships: entities * 5, seed: 1, listCodes: [...readReference().lists.keys()] });
    writeFileSync(join(folder, '.complete'), '');
    log(`generated ${entities} entities in ${((performance.now() - started) / 1000).toFixed(1)} s into ${folder}`);
  }
  return folder;
}
