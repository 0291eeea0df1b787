// Dataset folders row by row, each row validated with the checks every load uses
// (fast-rows.ts, validate-dataset.ts) and handed to a sink as it comes: no dataset, graph or
// index of the whole is built, only the entity ids (relationships must name known entities) and
// a 64-bit digest per relationship (for the occurrence suffix of identical rows). The neo4j-admin
// export writes its files from it, and the Neo4j driver load validates with it and then writes
// batches from a second reading.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../domain/errors.ts';
import { relationshipContent } from '../domain/record-identity.ts';
import { COLLECTIONS, ENTITY_KINDS, columnsOf, type CollectionName, type Entity, type EntityKind, type JurisdictionFlagPeriod, type ListDefinition, type Listing, type Relationship, type RelationshipFields } from '../domain/schema.ts';
import { RelationshipIds } from '../store/neo4j/relationship-ids.ts';
import { DateCache, FAST_ENTITY_COLUMNS, FAST_RELATIONSHIP_COLUMNS, fastEntity, fastRelationship, planColumns, relationshipColumns, type ColumnPlan, type EntityIndex, type RelationshipColumns } from './fast-rows.ts';
import type { Reference } from './load-datasets.ts';
import { CSV_FILE_NAMES } from './read-source.ts';
import { NeedsReferenceReader, streamCsvFile } from './stream-csv.ts';
import { rawRow } from './stream-datasets.ts';
import { checkListing, checkPeriod, checkRelationship, duplicateEntityProblem, parseRows, type EntityLookup } from './validate-dataset.ts';

/** Where a row was read. */
export interface RowPlace {
  file: string;
  line: number;
}

/**
 * What takes the rows, in the order readDatasets gives them: the reference lists and flag
 * periods, then entities, relationships, listings and flag periods of the files. Rows are handed
 * over only while no problem is known (after one, nothing will be written anyway); every row is
 * still checked, so that all problems are told at once.
 */
export interface CheckedRowSink {
  list(list: ListDefinition): void;
  /** `place` is absent for the reference flag periods. */
  jurisdiction(period: JurisdictionFlagPeriod, place?: RowPlace): void;
  entity(entity: Entity, place: RowPlace): void;
  /** With its id derived from its content (record-identity.ts), as readDatasets gives it. */
  relationship(relationship: Relationship): void;
  listing(listing: Listing, place: RowPlace): void;
  /** A check of the sink's own on every entity, listing and flag period of the files that passed the shared ones, problems or not (so all are told at once). */
  check?(record: Entity | Listing | JurisdictionFlagPeriod, place: RowPlace): void;
  /** Awaited after each chunk read (about a megabyte of a file): a sink that writes catches up here, which pauses the reading. */
  afterChunk?(): Promise<void>;
  /** Awaited once every file of `collection` is read. */
  afterCollection?(collection: CollectionName): Promise<void>;
}

/** Whether `paths` are all CSV folders with an entities file: what streamCheckedRows reads (the rest goes to readDatasets). */
export function streamableFolders(paths: readonly string[]): boolean {
  return paths.length > 0 && paths.every((path) => existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, CSV_FILE_NAMES.entities)));
}

/**
 * Reads every file of every folder, entities first (relationships and listings of one folder may
 * name another's), adding every problem found to `problems` with its place (file, line, field).
 * Throws NeedsReferenceReader for a file only the reference reader reads (JSON, not UTF-8, a
 * carriage return inside a value …). `entitiesOnly`: stop after the entities (and the reference rows).
 * @example const problems: Problem[] = []; await streamCheckedRows(['/data/big'], readReference(), sink, problems);
 */
export async function streamCheckedRows(paths: readonly string[], reference: Reference, sink: CheckedRowSink, problems: Problem[], options: { entitiesOnly?: boolean } = {}): Promise<void> {
  const files = (collection: CollectionName) => paths.map((folder) => join(folder, CSV_FILE_NAMES[collection])).filter((file) => existsSync(file));
  const entities = new EntityIds();
  const taking = () => problems.length === 0;
  for (const list of reference.lists.values()) sink.list(list);
  for (const period of reference.jurisdictions) sink.jurisdiction(period);

  const read = async (collection: CollectionName, known: readonly string[], take: (cells: string[], file: string, line: number, header: readonly string[], plan: ColumnPlan) => void) => {
    for (const file of files(collection)) {
      let header: string[] = [];
      let plan = planColumns([], known);
      const fileProblems = await streamCsvFile(file, columnsOf(COLLECTIONS[collection]), {
        header(names) {
          header = names;
          plan = planColumns(names, known);
        },
        record(cells, line) {
          take(cells, file, line, header, plan);
        },
        afterChunk: sink.afterChunk && (() => sink.afterChunk!()),
      });
      for (const problem of fileProblems) problems.push(problem);
    }
    await sink.afterCollection?.(collection);
  };

  await read('entities', FAST_ENTITY_COLUMNS, (cells, file, line, header, plan) => {
    const entity = fastEntity(cells, plan) ?? (parseRows([rawRow(header, cells, file, line)], 'entities', problems)[0]?.[0] as Entity | undefined);
    if (entity === undefined) return;
    entity.aliases ??= [];
    const earlier = entities.placeOf(entity.id);
    if (earlier !== undefined) {
      problems.push(duplicateEntityProblem(rawRow(header, cells, file, line), entity.id, earlier));
      return;
    }
    entities.add(entity.id, entity.kind, file, line);
    sink.check?.(entity, { file, line });
    if (taking()) sink.entity(entity, { file, line });
  });
  if (options.entitiesOnly === true) return;

  const ids = new RelationshipIds(Math.max(1 << 16, files('relationships').reduce((sum, file) => sum + Math.ceil(statSync(file).size / 30), 0)));
  const dates = new DateCache();
  const lookup = entities.lookup();
  let columns: RelationshipColumns = relationshipColumns(planColumns([], FAST_RELATIONSHIP_COLUMNS));
  let columnsOfPlan: ColumnPlan | undefined;
  await read('relationships', FAST_RELATIONSHIP_COLUMNS, (cells, file, line, header, plan) => {
    if (plan !== columnsOfPlan) {
      columns = relationshipColumns(plan);
      columnsOfPlan = plan;
    }
    let relationship: Relationship;
    const fast = fastRelationship(cells, columns, entities, dates);
    if (fast !== undefined) {
      if (!taking()) return;
      // The fast check accepted the row: its values as the schema gives them (ids trimmed, dates as days).
      relationship = {
        id: '',
        source: cells[columns.source]!.trim(),
        target: cells[columns.target]!.trim(),
        type: fast.type,
        product: fast.product,
        start: fast.start,
        end: fast.end,
        share: fast.share,
        stated_end_user: fast.statedEndUser === undefined ? undefined : cells[columns.statedEndUser]!.trim(),
        evidence: fast.evidence as RelationshipFields['evidence'],
        source_ref: fast.sourceRef,
      };
    } else {
      const raw = rawRow(header, cells, file, line);
      const parsed = parseRows([raw], 'relationships', problems)[0]?.[0] as RelationshipFields | undefined;
      if (parsed === undefined) return;
      const before = problems.length;
      checkRelationship(parsed, raw, lookup, problems);
      if (problems.length > before || !taking()) return;
      relationship = { ...parsed, id: '' };
    }
    relationship.id = ids.idOf(relationshipContent(relationship));
    if (taking()) sink.relationship(relationship);
  });

  await read('listings', [], (cells, file, line, header) => {
    const raw = rawRow(header, cells, file, line);
    const listing = parseRows([raw], 'listings', problems)[0]?.[0] as Listing | undefined;
    if (listing === undefined) return;
    const before = problems.length;
    checkListing(listing, raw, lookup, reference.lists, problems);
    if (problems.length > before) return;
    sink.check?.(listing, { file, line });
    if (taking()) sink.listing(listing, { file, line });
  });

  await read('jurisdictions', [], (cells, file, line, header) => {
    const raw = rawRow(header, cells, file, line);
    const period = parseRows([raw], 'jurisdictions', problems)[0]?.[0] as JurisdictionFlagPeriod | undefined;
    if (period === undefined) return;
    const before = problems.length;
    checkPeriod(period.from, period.to, 'from', 'to', raw, problems);
    if (problems.length > before) return;
    sink.check?.(period, { file, line });
    if (taking()) sink.jurisdiction(period, { file, line });
  });
}

export { NeedsReferenceReader };

/**
 * The entities read so far: id → position, with each one's kind and where it was first read,
 * in arrays rather than a million small objects.
 */
class EntityIds implements EntityIndex {
  private readonly positions = new Map<string, number>();
  private readonly kinds: number[] = [];
  private readonly files: string[] = [];
  private readonly lines: number[] = [];

  add(id: string, kind: EntityKind, file: string, line: number): void {
    this.positions.set(id, this.kinds.length);
    this.kinds.push(ENTITY_KINDS.indexOf(kind));
    this.files.push(file);
    this.lines.push(line);
  }

  indexOf(id: string): number | undefined {
    return this.positions.get(id);
  }

  kindAt(index: number): EntityKind {
    return ENTITY_KINDS[this.kinds[index]!]!;
  }

  placeOf(id: string): RowPlace | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : { file: this.files[at]!, line: this.lines[at]! };
  }

  /** As the model checks look entities up: they read an entity's id and kind, and where it was defined. */
  lookup(): EntityLookup {
    return {
      has: (id) => this.positions.has(id),
      get: (id) => {
        const at = this.positions.get(id);
        if (at === undefined) return undefined;
        const entity: Entity = { id, name: id, kind: this.kindAt(at), aliases: [] };
        return [entity, { values: {}, place: { file: this.files[at]!, line: this.lines[at]! } }];
      },
    };
  }
}
