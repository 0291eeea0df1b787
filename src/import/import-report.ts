// What an importer collects before validation, and how that becomes a valid dataset: rows that
// would break the model are left out and reported with their place and reason, never silently.
import { formatProblem, InvalidInputError, type Problem } from '../domain/errors.ts';
import type { Dataset, Entity, ListDefinition, RelationshipFields } from '../domain/schema.ts';
import { RELATIONSHIP_TYPES } from '../domain/schema.ts';
import { emptyCollections, type RawCollections, type RawRow, type RawValue } from '../load/raw-rows.ts';
import { parseRows, validateDataset } from '../load/validate-dataset.ts';
import { overAllocations } from './over-allocation.ts';
import { appendAll } from '../domain/append-all.ts';

/** A row left out (or kept with a warning), where it came from and why. */
export interface ImportNote {
  file: string;
  /** 1-based line (CSV, JSON lines) of the source row, when it has one. */
  line?: number;
  /** Short, stable category used for the count summary, e.g. `no percentage`. */
  category: string;
  detail?: string;
}

export interface ImportReport {
  counts: { entities: number; relationships: number; listings: number; jurisdictions: number };
  skipped: ImportNote[];
  warnings: ImportNote[];
  /** Category → number of rows, skipped and warned separately. */
  summary: { skipped: Record<string, number>; warnings: Record<string, number> };
}

export interface ImportResult {
  dataset: Dataset;
  report: ImportReport;
}

type Values = Record<string, RawValue>;
type Place = { file: string; line?: number };

/** Collects rows and notes while an importer reads its source. */
export class ImportCollector {
  readonly collections: RawCollections = emptyCollections();
  readonly skipped: ImportNote[] = [];
  readonly warnings: ImportNote[] = [];

  entity(values: Values, place: Place): void {
    this.collections.entities.push({ values: withoutEmpty(values), place });
  }
  relationship(values: Values, place: Place): void {
    this.collections.relationships.push({ values: withoutEmpty(values), place });
  }
  listing(values: Values, place: Place): void {
    this.collections.listings.push({ values: withoutEmpty(values), place });
  }
  skip(place: Place, category: string, detail?: string): void {
    this.skipped.push({ ...place, category, ...(detail === undefined ? {} : { detail }) });
  }
  warn(place: Place, category: string, detail?: string): void {
    this.warnings.push({ ...place, category, ...(detail === undefined ? {} : { detail }) });
  }
}

/**
 * Drops every row that would fail validation (bad values, duplicate ids, dangling references,
 * ownership of a person, unknown list codes), reporting each, then validates the rest through
 * the normal `validateDataset`. Throws InvalidInputError only if the kept rows still fail,
 * which would be a bug in the importer.
 *
 * @example finishImport(collector, readReference().lists).report.summary.skipped // { 'no percentage': 3 }
 */
export function finishImport(collector: ImportCollector, lists: ReadonlyMap<string, ListDefinition>): ImportResult {
  const kept = emptyCollections();
  const entityKinds = new Map<string, Entity['kind']>();
  for (const [entity, row] of parseEach(collector, collector.collections.entities, 'entities') as [Entity, RawRow][]) {
    if (entityKinds.has(entity.id)) {
      collector.skip(row.place, 'duplicate entity id', `'${entity.id}' appears earlier; the first row is kept`);
      continue;
    }
    entityKinds.set(entity.id, entity.kind);
    kept.entities.push(row);
  }
  for (const [relationship, row] of parseEach(collector, collector.collections.relationships, 'relationships') as [RelationshipFields, RawRow][]) {
    const reason = relationshipProblem(relationship, entityKinds);
    if (reason) collector.skip(row.place, reason.category, reason.detail);
    else kept.relationships.push(row);
  }
  for (const [listing, row] of parseEach(collector, collector.collections.listings, 'listings') as [{ entity_id: string; list: string }, RawRow][]) {
    if (!entityKinds.has(listing.entity_id)) collector.skip(row.place, 'dangling reference', `listing of unknown entity '${listing.entity_id}'`);
    else if (!lists.has(listing.list)) collector.skip(row.place, 'unknown list code', `'${listing.list}' is not in data/reference/lists.csv`);
    else kept.listings.push(row);
  }
  appendAll(kept.jurisdictions, collector.collections.jurisdictions);

  const validated = validateDataset(kept, lists);
  if (!validated.ok) throw new InvalidInputError('the import produced rows that do not validate (an importer bug)', validated.problems);
  const dataset = validated.dataset;
  warnOverAllocations(collector, dataset, kept.relationships);
  return {
    dataset,
    report: {
      counts: {
        entities: dataset.entities.length,
        relationships: dataset.relationships.length,
        listings: dataset.listings.length,
        jurisdictions: dataset.jurisdictions.length,
      },
      skipped: collector.skipped,
      warnings: collector.warnings,
      summary: { skipped: countByCategory(collector.skipped), warnings: countByCategory(collector.warnings) },
    },
  };
}

/** Keeps over-allocated shares (dropping one would be arbitrary) but reports every row involved. */
function warnOverAllocations(collector: ImportCollector, dataset: Dataset, rows: readonly RawRow[]): void {
  const owns = dataset.relationships.flatMap((relationship, index) =>
    relationship.type === 'OWNS' && relationship.share !== undefined
      ? [{ target: relationship.target, share: relationship.share, start: relationship.start, end: relationship.end, place: rows[index]!.place }]
      : [],
  );
  for (const found of overAllocations(owns)) {
    const lines = found.records.map((record) => record.place.line).filter((line) => line !== undefined);
    collector.warn(found.records[0]!.place, 'over-allocated shares', `shares in '${found.target}' add up to ${found.total}% (${found.date === 'undated' ? 'undated' : `on ${found.date}`}) from rows ${lines.join(', ')}`);
  }
}

function parseEach(collector: ImportCollector, rows: RawRow[], collection: 'entities' | 'relationships' | 'listings'): [unknown, RawRow][] {
  const parsed: [unknown, RawRow][] = [];
  for (const row of rows) {
    const problems: Problem[] = [];
    const [result] = parseRows([row], collection, problems);
    if (result) parsed.push(result);
    else collector.skip(row.place, `invalid ${collection} row`, problems.map((problem) => formatProblem({ ...problem, file: undefined, line: undefined })).join('; '));
  }
  return parsed;
}

function relationshipProblem(relationship: RelationshipFields, kinds: ReadonlyMap<string, Entity['kind']>): { category: string; detail: string } | undefined {
  for (const end of ['source', 'target'] as const) {
    if (!kinds.has(relationship[end])) return { category: 'dangling reference', detail: `${relationship.type} ${end} '${relationship[end]}' is not an imported entity` };
  }
  const rules = RELATIONSHIP_TYPES[relationship.type];
  if (rules.share === 'required' && relationship.share === undefined) return { category: 'no percentage', detail: `${relationship.type} needs a share` };
  if (!rules.targetMayBePerson && kinds.get(relationship.target) === 'person') {
    return { category: 'person as owned or controlled', detail: `${relationship.type} target '${relationship.target}' is a person` };
  }
  return undefined;
}

function withoutEmpty(values: Values): Values {
  const result: Values = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      const items = value.map((item) => item.trim()).filter((item) => item !== '');
      if (items.length > 0) result[key] = items;
    } else {
      result[key] = value;
    }
  }
  return result;
}

function countByCategory(notes: readonly ImportNote[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const note of notes) counts[note.category] = (counts[note.category] ?? 0) + 1;
  return counts;
}
