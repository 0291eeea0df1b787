// /api/datasets: load a dataset (JSON collections or CSV files as text) into the store.
import { parseCsvText } from '../../load/read-csv.ts';
import { collectionsFromJson, CSV_FILE_NAMES } from '../../load/read-source.ts';
import { readReference, withReferenceJurisdictions } from '../../load/load-datasets.ts';
import { emptyCollections, type RawCollections } from '../../load/raw-rows.ts';
import { validateDataset } from '../../load/validate-dataset.ts';
import { datasetCounts, datasetDigest } from '../../audit/audit-log.ts';
import { appendAll } from '../../domain/append-all.ts';
import { InvalidInputError, type Problem } from '../../domain/errors.ts';
import { COLLECTIONS, COLLECTION_NAMES, columnsOf } from '../../domain/schema.ts';
import type { ApiLimits } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { datasetBody, loadSummaryOut } from '../schemas.ts';

const BODY = 'request body';

export function datasetEndpoints(limits: ApiLimits): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/api/datasets',
      tag: 'datasets',
      summary: 'Load a dataset into the store (needs a write key)',
      description:
        'Send either the JSON dataset shape `{entities, relationships?, listings?, jurisdictions?}` or `{files: {"entities.csv": "<CSV text>", …}}`. The dataset is validated whole, with the shipped reference lists, and loaded all or nothing; every problem comes back in `issues` with its file, line and field. Every attempt is recorded in the audit log (`GET /api/audit`), refusals (400, 401, 403, 413, 429) included.',
      scope: 'write',
      auditAction: 'load',
      status: 201,
      errors: [403, 413],
      body: datasetBody(limits),
      response: loadSummaryOut,
      async handle({ body, store, caller, config }) {
        const problems: Problem[] = [];
        const raw = 'files' in body ? collectionsFromCsv(body.files as Record<string, string>, limits.uploadRows, problems) : collectionsFromJsonBody(body, problems);
        const reference = readReference();
        const validated = validateDataset(raw, reference.lists);
        if (!validated.ok) appendAll(problems, validated.problems);
        // The refusal is recorded in the audit log with every other refused write (audit-refusals.ts).
        if (problems.length > 0 || !validated.ok) throw new InvalidInputError('the dataset was not loaded', problems);
        const who = caller?.name ?? 'unknown';
        const audit = { who, via: 'api', action: 'load', backend: store.backend } as const;
        const dataset = { sha256: datasetDigest(validated.dataset), ...datasetCounts(validated.dataset) };
        // With the shipped jurisdiction flags, as `--data` reads it: an uploaded Syrian end user is flagged on a fresh store too.
        const withReference = withReferenceJurisdictions(validated.dataset, reference);
        // Not raced against the budget: a load runs to its end, so the answer must say how it ended.
        // What the caller sent is what it is told was loaded: the shipped flags are not its rows.
        const loaded = datasetCounts(validated.dataset);
        try {
          await store.load(withReference);
        } catch (error) {
          await config.audit.record({ ...audit, dataset, outcome: 'failed', message: (error instanceof Error ? error.message : String(error)).split('\n')[0]! });
          throw error;
        }
        await config.audit.record({ ...audit, dataset, outcome: 'loaded', written: { entities: loaded.entities, relationships: loaded.relationships, listings: loaded.listings, jurisdictions: loaded.jurisdictions } });
        const graph = await store.view();
        return { loaded, store: { backend: store.backend, entities: graph.entityCount(), relationships: graph.relationshipCount() } };
      },
    }),
  ];
}

function collectionsFromJsonBody(body: unknown, problems: Problem[]): RawCollections {
  const read = collectionsFromJson(body, BODY);
  appendAll(problems, read.problems);
  return read.collections;
}

function collectionsFromCsv(files: Record<string, string>, maxRows: number, problems: Problem[]): RawCollections {
  const collections = emptyCollections();
  if (files[CSV_FILE_NAMES.entities] === undefined) problems.push({ field: 'body.files', message: `needs ${CSV_FILE_NAMES.entities}` });
  for (const name of COLLECTION_NAMES) {
    const text = files[CSV_FILE_NAMES[name]];
    if (text === undefined) continue;
    // Counted before parsing: csv-parse spends a fraction of a millisecond on each bad row, and a body holds millions.
    if (lineCountOver(text, maxRows + 1)) {
      problems.push({ file: CSV_FILE_NAMES[name], field: `body.files.${CSV_FILE_NAMES[name]}`, message: `has more than ${maxRows} rows; split the upload` });
      continue;
    }
    const read = parseCsvText(text, CSV_FILE_NAMES[name], columnsOf(COLLECTIONS[name]));
    collections[name] = read.rows;
    appendAll(problems, read.problems);
  }
  return collections;
}

/** Whether `text` has more than `max` lines (a last line without '\n' counts). */
function lineCountOver(text: string, max: number): boolean {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) if (++lines > max) return true;
  return lines + (text.endsWith('\n') || text === '' ? 0 : 1) > max;
}
