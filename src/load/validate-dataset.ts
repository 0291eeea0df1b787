// Checks raw rows against the schema and the model, collecting every problem with its place,
// and returns a dataset only when there are none: analysis downstream trusts what it gets.
import type { z } from 'zod';
import {
  COLLECTIONS,
  RELATIONSHIP_TYPES,
  columnsOf,
  type CollectionName,
  type Dataset,
  type Entity,
  type JurisdictionFlagPeriod,
  type ListDefinition,
  type Listing,
  type Relationship,
  type RelationshipFields,
} from '../domain/schema.ts';
import { formatPlace, type Problem } from '../domain/errors.ts';
import { relationshipContent, relationshipIdOf } from '../domain/record-identity.ts';
import { problemAt, type RawCollections, type RawRow } from './raw-rows.ts';

export type ValidationResult = { ok: true; dataset: Dataset } | { ok: false; problems: Problem[] };

/** Entities already stored, which a dataset's rows may point at without restating them. */
export type KnownEntities = (id: string) => Entity | undefined;

// The place given to a stored entity when a check needs one: only its fields are ever read.
const STORED_ROW: RawRow = { values: {}, place: { file: 'the store' } };

/**
 * Validates merged raw collections against the schema, the list codes in `lists`, and the
 * model rules (unique ids, resolving references, shares, date order, kinds). References resolve
 * among the dataset's own entities and, when `known` is given, among those already stored.
 */
export function validateDataset(raw: RawCollections, lists: ReadonlyMap<string, ListDefinition>, known?: KnownEntities): ValidationResult {
  const problems: Problem[] = [];
  const entities = parseRows(raw.entities, 'entities', problems) as [Entity, RawRow][];
  const relationships = parseRows(raw.relationships, 'relationships', problems) as [RelationshipFields, RawRow][];
  const listings = parseRows(raw.listings, 'listings', problems) as [Listing, RawRow][];
  const jurisdictions = parseRows(raw.jurisdictions, 'jurisdictions', problems) as [JurisdictionFlagPeriod, RawRow][];

  const entityById = new Map<string, [Entity, RawRow]>();
  for (const [entity, row] of entities) {
    entity.aliases ??= [];
    const earlier = entityById.get(entity.id);
    if (earlier) {
      problems.push(duplicateEntityProblem(row, entity.id, earlier[1].place));
    } else {
      entityById.set(entity.id, [entity, row]);
    }
  }

  const lookup: EntityLookup = known === undefined ? entityById : withKnown(entityById, known);
  for (const [relationship, row] of relationships) checkRelationship(relationship, row, lookup, problems);
  for (const [listing, row] of listings) checkListing(listing, row, lookup, lists, problems);
  for (const [period, row] of jurisdictions) checkPeriod(period.from, period.to, 'from', 'to', row, problems);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    dataset: {
      entities: entities.map(([entity]) => entity),
      relationships: withStableIds(relationships.map(([relationship]) => relationship)),
      listings: listings.map(([listing]) => listing),
      jurisdictions: jurisdictions.map(([period]) => period),
      lists: [...lists.values()],
    },
  };
}

/** Parses rows of one collection with its schema; rows with problems are left out. */
export function parseRows(rows: RawRow[], collection: CollectionName | z.ZodObject, problems: Problem[]): [unknown, RawRow][] {
  const schema = typeof collection === 'string' ? COLLECTIONS[collection] : collection;
  const { required } = columnsOf(schema);
  const parsed: [unknown, RawRow][] = [];
  for (const row of rows) {
    const missing = required.filter((field) => row.values[field] === undefined);
    for (const field of missing) problems.push(problemAt(row, field, 'required value is missing'));
    if (missing.length > 0) continue;
    const input = Object.fromEntries(
      Object.entries(row.values).map(([key, value]) => [key, typeof value === 'number' && key !== 'share' ? String(value) : value]),
    );
    const result = schema.safeParse(input);
    if (result.success) {
      parsed.push([result.data, row]);
    } else {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        const value = row.values[field];
        const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
        problems.push(problemAt(row, field, `${issue.message}${shown}`));
      }
    }
  }
  return parsed;
}

/** What the model checks need of the entities read so far (a Map, or the streaming loader's index). */
export type EntityLookup = Pick<ReadonlyMap<string, [Entity, RawRow]>, 'has' | 'get'>;

function withKnown(own: ReadonlyMap<string, [Entity, RawRow]>, known: KnownEntities): EntityLookup {
  return {
    has: (id) => own.has(id) || known(id) !== undefined,
    get: (id) => {
      const stored = own.has(id) ? undefined : known(id);
      return own.get(id) ?? (stored === undefined ? undefined : [stored, STORED_ROW]);
    },
  };
}

/** The problem of an entity id defined twice, pointing at the first definition. */
export function duplicateEntityProblem(row: RawRow, id: string, earlier: RawRow['place']): Problem {
  return problemAt(row, 'id', `duplicate entity id '${id}', first defined at ${formatPlace({ ...earlier, field: earlier.pointer })}; ids must be unique across all --data paths`);
}

export function checkListing(listing: Listing, row: RawRow, entityById: EntityLookup, lists: ReadonlyMap<string, ListDefinition>, problems: Problem[]): void {
  if (!entityById.has(listing.entity_id)) problems.push(problemAt(row, 'entity_id', `unknown entity '${listing.entity_id}'; add it to entities first`));
  if (!lists.has(listing.list)) problems.push(problemAt(row, 'list', `unknown list code '${listing.list}'; known codes are ${[...lists.keys()].join(', ')} (data/reference/lists.csv)`));
  checkPeriod(listing.from, listing.to, 'from', 'to', row, problems);
}

export function checkRelationship(
  relationship: RelationshipFields,
  row: RawRow,
  entityById: EntityLookup,
  problems: Problem[],
): void {
  const rules = RELATIONSHIP_TYPES[relationship.type];
  for (const field of ['source', 'target', 'stated_end_user'] as const) {
    const id = relationship[field];
    if (id !== undefined && !entityById.has(id)) problems.push(problemAt(row, field, `unknown entity '${id}'; add it to entities first`));
  }
  if (rules.share === 'required' && relationship.share === undefined) {
    problems.push(problemAt(row, 'share', `${relationship.type} needs a share in percent (0 < share ≤ 100)`));
  }
  if (rules.share === 'forbidden' && relationship.share !== undefined) {
    problems.push(problemAt(row, 'share', `${relationship.type} takes no share; only OWNS has one`));
  }
  if (rules.statedEndUser === 'forbidden' && relationship.stated_end_user !== undefined) {
    problems.push(problemAt(row, 'stated_end_user', `${relationship.type} takes no stated end user; only SUPPLIES has one`));
  }
  const target = entityById.get(relationship.target)?.[0];
  if (!rules.targetMayBePerson && target?.kind === 'person') {
    problems.push(problemAt(row, 'target', `nothing ${relationship.type} a person ('${target.id}'); ownership and control are of companies`));
  }
  checkPeriod(relationship.start, relationship.end, 'start', 'end', row, problems);
}

export function checkPeriod(from: string | undefined, to: string | undefined, fromField: string, toField: string, row: RawRow, problems: Problem[]): void {
  if (from !== undefined && to !== undefined && from > to) {
    problems.push(problemAt(row, toField, `${toField} ${to} is before ${fromField} ${from}; swap them or fix the date`));
  }
}

/**
 * Gives each relationship an id derived from its content, so that loading the same data twice
 * yields the same ids; identical rows (two identical orders) get an occurrence suffix.
 */
function withStableIds(relationships: RelationshipFields[]): Relationship[] {
  const occurrences = new Map<string, number>();
  return relationships.map((relationship) => {
    const content = relationshipContent(relationship);
    const seen = occurrences.get(content) ?? 0;
    occurrences.set(content, seen + 1);
    return { ...relationship, id: relationshipIdOf(content, seen) };
  });
}
