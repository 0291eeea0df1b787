// /api/datasets: dataset versions. Load one (JSON collections or CSV files as text), list them,
// remove one. Every load and removal is recorded in the audit log.
import { parseCsvText } from '../../load/read-csv.ts';
import { collectionsFromJson, CSV_FILE_NAMES } from '../../load/read-source.ts';
import { emptyCollections, type RawCollections } from '../../load/raw-rows.ts';
import { catalogOfStore } from '../../datasets/dataset-catalog.ts';
import { neo4jCatalogOfStore } from '../../datasets/neo4j-catalog.ts';
import type { VersionCatalog } from '../../datasets/version-catalog.ts';
import { ConflictError, InvalidInputError, type Problem } from '../../domain/errors.ts';
import { COLLECTIONS, COLLECTION_NAMES, columnsOf } from '../../domain/schema.ts';
import type { GraphStore } from '../../store/graph-store.ts';
import type { ApiConfig, ApiLimits } from '../config.ts';
import type { z } from 'zod';
import { appendAll } from '../../domain/append-all.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { datasetBody, datasetCheckOut, datasetRemovedOut, datasetVersionParams, datasetVersionsOut, datasetVersionsQuery, loadSummaryOut } from '../schemas.ts';

const BODY = 'request body';

function catalogOf(store: GraphStore, config: ApiConfig): VersionCatalog {
  return config.datasets ?? neo4jCatalogOfStore(store) ?? catalogOfStore(store);
}

async function storeCounts(store: GraphStore) {
  const graph = await store.view();
  return { backend: store.backend, entities: graph.entityCount(), relationships: graph.relationshipCount() };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

export function datasetEndpoints(limits: ApiLimits): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/datasets',
      tag: 'datasets',
      summary: 'The dataset versions the store is built from, in load order',
      description:
        'Each version: who loaded it (key name), when, the SHA-256 of its rows, their counts, and the mode it was loaded with. With `?entity=ID`, only the versions that state that entity, each with what it states: facts from several datasets side by side.',
      scope: 'read',
      query: datasetVersionsQuery,
      response: datasetVersionsOut,
      async handle({ query, store, config }) {
        const catalog = catalogOf(store, config);
        if (query.entity === undefined) return { versions: await catalog.versions() };
        return { versions: (await catalog.statementsAbout(query.entity)).map(({ version, entity }) => ({ ...version, entity })) };
      },
    }),
    defineEndpoint({
      method: 'post',
      path: '/api/datasets',
      tag: 'datasets',
      summary: 'Load a dataset as a new version (needs a write key)',
      description: [
        'Send either the JSON dataset shape `{entities, relationships?, listings?, jurisdictions?}` or `{files: {"entities.csv": "<CSV text>", …}}`, with an optional `name` and `mode`.',
        'The dataset is validated whole, with the shipped reference lists, and loaded all or nothing; its relationships and listings may point at entities already stored. Every problem comes back in `issues` with its file, line and field (400).',
        'Restating a stored entity with other fields is refused (409, every conflict in `issues`) unless `mode` is `merge` or `replace`; the answer then lists every field it changed.',
        'On the embedded server every accepted version is kept in the data folder before the answer, and restored at start; on Neo4j it is written with its rows in one transaction, as a `(:DatasetVersion)` node beside them, and the list holds every version the database records (`enduse load` and other servers included). Every attempt is recorded in the audit log (`GET /api/audit`), refusals (400, 401, 403, 413, 429) included.',
      ].join(' '),
      scope: 'write',
      auditAction: 'load',
      status: 201,
      errors: [403, 409, 413],
      body: datasetBody(limits),
      response: loadSummaryOut,
      async handle({ body, bodyDigest, store, caller, config }) {
        const { name, mode } = body;
        const { raw, readProblems } = readUpload(body, limits);
        const who = caller?.name ?? 'unknown';
        const audit = { who, via: 'api', action: 'load', backend: store.backend } as const;
        let added;
        try {
          added = await catalogOf(store, config).add({ raw, readProblems, who, via: 'api', ...(name ? { name } : {}), ...(mode ? { mode } : {}) });
        } catch (error) {
          // A 400 is recorded with every other refused write (audit-refusals.ts).
          if (error instanceof InvalidInputError) throw error;
          const refused = error instanceof ConflictError;
          const message = refused ? `${error.problems.length} ${error instanceof ConflictError ? 'conflict' : 'problem'}(s)` : firstLine(error);
          await config.audit.record({ ...audit, dataset: { sha256: bodyDigest ?? '' }, outcome: refused ? 'rejected' : 'failed', message });
          throw error;
        }
        const { version, changes } = added;
        await config.audit.record({ ...audit, dataset: { sha256: version.sha256, ...version.counts }, outcome: 'loaded', written: version.counts, message: `version ${version.id}${version.changed > 0 ? `, changed ${version.changed} stored entit${version.changed === 1 ? 'y' : 'ies'} (mode ${version.mode})` : ''}` });
        return { version, loaded: version.counts, changes, store: await storeCounts(store) };
      },
    }),
    defineEndpoint({
      method: 'post',
      path: '/api/datasets/check',
      tag: 'datasets',
      summary: 'Check a dataset without loading it (needs a write key)',
      description: [
        'The same body as `POST /api/datasets`, validated the same way (with the shipped reference lists, over the stored entities its rows may point at), and nothing is loaded.',
        'Valid: 200 with the rows it would load. Not valid: 400 with every problem in `issues`, each with its file, line and field, as the load would answer.',
        'Conflicts with stored entities (409 without `mode`) are found by the load itself. Every check is recorded in the audit log (action `check`), refusals included.',
      ].join(' '),
      scope: 'write',
      auditAction: 'check',
      errors: [403, 413],
      body: datasetBody(limits),
      response: datasetCheckOut,
      async handle({ body, bodyDigest, store, caller, config }) {
        const request = readUpload(body, limits);
        // A 400 is recorded with every other refused write (audit-refusals.ts).
        const rows = await catalogOf(store, config).check(request);
        await config.audit.record({ who: caller?.name ?? 'unknown', via: 'api', action: 'check', backend: store.backend, dataset: { sha256: bodyDigest ?? '', ...rows }, outcome: 'checked', message: 'valid; nothing loaded' });
        return { valid: true as const, rows, store: await storeCounts(store) };
      },
    }),
    defineEndpoint({
      method: 'delete',
      path: '/api/datasets/{id}',
      tag: 'datasets',
      summary: 'Remove a dataset version and the rows only it held (needs a write key)',
      auditAction: 'delete',
      description:
        'Rows other versions also state stay; entities it had changed are again as the other versions state them. Refused (409) when rows of other versions point at an entity only this version states, and for versions read from the server\'s `--data` paths. On Neo4j the removal is one transaction: refused or failed, it changes nothing.',
      scope: 'write',
      errors: [403, 404, 409],
      params: datasetVersionParams,
      response: datasetRemovedOut,
      async handle({ params, store, caller, config }) {
        const audit = { who: caller?.name ?? 'unknown', via: 'api', action: 'delete', backend: store.backend } as const;
        let removed;
        try {
          removed = await catalogOf(store, config).remove(params.id);
        } catch (error) {
          const refused = error instanceof ConflictError;
          await config.audit.record({ ...audit, dataset: { sha256: '' }, outcome: refused ? 'rejected' : 'failed', message: `${params.id}: ${firstLine(error)}` });
          throw error;
        }
        await config.audit.record({ ...audit, dataset: { sha256: removed.version.sha256, ...removed.version.counts }, outcome: 'removed', message: `removed ${removed.version.id}` });
        return { removed: removed.version, rows: removed.removed, changes: removed.changes, store: await storeCounts(store) };
      },
    }),
  ];
}

/** The upload's rows as read from JSON or CSV text, with the problems reading found (a CSV file's, with line and column). */
function readUpload(body: z.output<ReturnType<typeof datasetBody>>, limits: ApiLimits): { raw: RawCollections; readProblems: Problem[] } {
  const { name: _name, mode: _mode, ...collections } = body;
  const readProblems: Problem[] = [];
  const raw = 'files' in collections ? collectionsFromCsv(collections.files as Record<string, string>, limits.uploadRows, readProblems) : collectionsFromJsonBody(collections, readProblems);
  return { raw, readProblems };
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
