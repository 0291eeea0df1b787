// The streamed Neo4j load's first reading (neo4j-file-load.ts): it checks the files without
// holding them, and records what the version of a dataset read whole records.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetCounts, datasetDigest } from '../../src/audit/audit-log.ts';
import { checkDatasetFiles } from '../../src/datasets/neo4j-file-load.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';
import { generateDataset } from '../../src/generate/generate-dataset.ts';
import { readDatasets, readReference } from '../../src/load/load-datasets.ts';
import { datasetRowCounts } from '../../src/store/neo4j/write-dataset.ts';
import { AWKWARD_CSV, writeCsvFolder } from '../support/awkward-csv.ts';

describe('checking dataset files for a streamed Neo4j load', () => {
  let generated: string;
  let awkward: string;
  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'enduse-file-load-'));
    generated = join(folder, 'generated');
    await generateDataset(generated, { entities: 500, relationships: 2500, seed: 3, listCodes: [...readReference().lists.keys()] });
    awkward = writeCsvFolder(join(folder, 'awkward'), AWKWARD_CSV);
  });

  it('gives the digest, counts and rows to send of the same folders read whole', async () => {
    for (const paths of [[resolve('data/cases/blue-coat-syria')], [resolve('data/cases/huawei-skycom-canicula'), resolve('data/cases/qosmos-area-syria')], [generated], [awkward]]) {
      const files = await checkDatasetFiles(paths);
      const dataset = readDatasets(paths);
      expect(files, paths.join(', ')).toBeDefined();
      expect({ sha256: files!.sha256, counts: files!.counts, totals: files!.totals }).toEqual({ sha256: datasetDigest(dataset), counts: datasetCounts(dataset), totals: datasetRowCounts(dataset) });
    }
  });

  it('names every problem with its file, line and field', async () => {
    const bad = writeCsvFolder(join(mkdtempSync(join(tmpdir(), 'enduse-file-load-bad-')), 'bad'), {
      ...AWKWARD_CSV,
      relationships: [
        { source: 'plain', target: 'nobody', type: 'SUPPLIES' },
        { source: 'plain', target: 'quoted', type: 'SELLS' },
      ],
    });
    const error = await checkDatasetFiles([bad]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    const problems = (error as InvalidInputError).problems.map((problem) => `${problem.file}:${problem.line} ${problem.field}`);
    expect(problems).toEqual([`${join(bad, 'relationships.csv')}:2 target`, `${join(bad, 'relationships.csv')}:3 type`]);
  });

  it('leaves a JSON dataset to the reference reader', async () => {
    expect(await checkDatasetFiles([resolve('data/cases/blue-coat-syria'), join(tmpdir(), 'absent.json')])).toBeUndefined();
  });
});
