// The Cypher that writes a dataset, one statement per kind of row and, for entities and
// relationships, per label or type. Three things keep a load fast as the graph grows:
// - the label or type is written literally, so MERGE is backed by the uniqueness constraint's
//   index (with a type given as `$(row.type)` Neo4j looks for the relationship by scanning every
//   relationship: quadratic in the size of the graph);
// - properties are set one by one by name, never from a map, so no plan needs an Eager operator;
// - a relationship finds its ends by the element ids their entities' statement returned
//   (a direct record read) rather than through the id index: two index seeks per relationship
//   were a fifth of the server's work;
// - entities and relationships travel as lists of values, not maps: no field name is packed,
//   sent and unpacked half a million times. Each statement comes with the function that makes
//   its rows, so the two cannot disagree on the order of the values.
import { entitySchema, jurisdictionSchema, listDefinitionSchema, listingSchema, relationshipSchema, type Entity, type EntityKind, type Relationship, type RelationshipType } from '../../domain/schema.ts';
import { ENTITY_LABEL, JURISDICTION_FLAG_LABEL, KIND_LABELS, LISTED_ON, LIST_LABEL, kindLabel } from './graph-names.ts';

/**
 * `merge` looks each row up by its key and updates it if present; `create` writes each row as
 * new, which is only right when nothing with that label or type exists yet (see writeDataset).
 */
export type WriteMode = 'merge' | 'create';

// The properties stored on each kind of row, named as the schema names its fields. Relationships
// and listings keep their ends as the ends of the graph relationship, not as properties; the
// ones without an id in the files get one derived from their content. The bulk-import files
// (admin-import-files.ts) write the same properties.
export const ENTITY_PROPERTIES = Object.keys(entitySchema.shape);
export const RELATIONSHIP_PROPERTIES = ['id', ...fieldsBut(relationshipSchema.shape, ['source', 'target', 'type'])];
export const LIST_PROPERTIES = Object.keys(listDefinitionSchema.shape);
export const LISTING_PROPERTIES = ['id', ...fieldsBut(listingSchema.shape, ['entity_id', 'list'])];
export const JURISDICTION_FLAG_PROPERTIES = ['id', ...Object.keys(jurisdictionSchema.shape)];

/**
 * Entities of one kind: `(:Entity:<Kind>)`, merged or created on `id`, one entityRow each;
 * returns each row's `id` and `element` id. Merging also takes the other kinds' labels off,
 * since an entity loaded again may have changed kind.
 * @example entityStatement('end_user', 'create') // 'UNWIND $rows AS row CREATE (e:Entity:EndUser {`id`: row[0], …}) RETURN …'
 */
export function entityStatement(kind: EntityKind, mode: WriteMode): string {
  const label = kindLabel(kind);
  const values = valuesIn(ENTITY_PROPERTIES);
  const returned = `RETURN ${values.id} AS id, elementId(e) AS element`;
  if (mode === 'create') return `UNWIND $rows AS row CREATE (e:${ENTITY_LABEL}:${label} ${propertyMap(values)}) ${returned}`;
  const otherKinds = KIND_LABELS.filter((other) => other !== label).join(':');
  return `UNWIND $rows AS row MERGE (e:${ENTITY_LABEL} {id: ${values.id}}) SET ${assignments('e', values, 'id')}, e:${label} REMOVE e:${otherKinds} ${returned}`;
}

/** An entity as a row of entityStatement. */
export function entityRow(entity: Entity): unknown[] {
  return ENTITY_PROPERTIES.map((name) => entity[name as keyof Entity]);
}

/**
 * Relationships of one type between entities, merged or created on their content-derived `id`,
 * one relationshipRow each. An end is taken only if it still is the entity with that id (an
 * element id can be reused once its node is deleted); a row whose end is not stored writes nothing.
 * @example relationshipStatement('SUPPLIES', 'merge') // 'UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] … MERGE (a)-[r:SUPPLIES {id: row[4]}]->(b) SET …'
 */
export function relationshipStatement(type: RelationshipType, mode: WriteMode): string {
  const values = valuesIn(RELATIONSHIP_ROW);
  // Without a label in the pattern the planner has no index to prefer over the element id seek.
  const ends = `UNWIND $rows AS row MATCH (a) WHERE elementId(a) = ${values.sourceElement} AND a.id = ${values.source} MATCH (b) WHERE elementId(b) = ${values.targetElement} AND b.id = ${values.target}`;
  const properties = pick(values, RELATIONSHIP_PROPERTIES);
  if (mode === 'create') return `${ends} CREATE (a)-[r:${type} ${propertyMap(properties)}]->(b)`;
  return `${ends} MERGE (a)-[r:${type} {id: ${values.id}}]->(b) SET ${assignments('r', properties, 'id')}`;
}

const RELATIONSHIP_ROW = ['sourceElement', 'targetElement', 'source', 'target', ...RELATIONSHIP_PROPERTIES];

/** A relationship and the element ids of its ends (null when not stored) as a row of relationshipStatement. */
export function relationshipRow(relationship: Relationship, sourceElement: string | null, targetElement: string | null): unknown[] {
  return [sourceElement, targetElement, relationship.source, relationship.target, ...RELATIONSHIP_PROPERTIES.map((name) => relationship[name as keyof Relationship])];
}

/** The element ids of the entities with the given `$ids` that are stored (for ends outside the dataset). */
export const ENTITY_ELEMENTS_STATEMENT = `UNWIND $ids AS id MATCH (e:${ENTITY_LABEL} {id: id}) RETURN id, elementId(e) AS element`;

/** List definitions, merged on `code`. */
export const LIST_STATEMENT = `UNWIND $rows AS row MERGE (l:${LIST_LABEL} {code: row.code}) SET ${assignments('l', valuesOf(LIST_PROPERTIES), 'code')}`;

/** Listings, merged on their derived `id`. */
export const LISTING_STATEMENT = [
  'UNWIND $rows AS row',
  `MATCH (e:${ENTITY_LABEL} {id: row.entity}) MATCH (l:${LIST_LABEL} {code: row.list})`,
  `MERGE (e)-[r:${LISTED_ON} {id: row.id}]->(l) SET ${assignments('r', valuesOf(LISTING_PROPERTIES), 'id')}`,
].join(' ');

/** Jurisdiction flag periods, merged on their derived `id`. */
export const JURISDICTION_FLAG_STATEMENT = `UNWIND $rows AS row MERGE (f:${JURISDICTION_FLAG_LABEL} {id: row.id}) SET ${assignments('f', valuesOf(JURISDICTION_FLAG_PROPERTIES), 'id')}`;

/** How many entities are stored; Neo4j answers from its counts store, without reading them. */
export const ENTITY_COUNT_STATEMENT = `MATCH (e:${ENTITY_LABEL}) RETURN count(e) AS stored`;

/** How many relationships of `type` are stored, from the counts store too. */
export function relationshipCountStatement(type: RelationshipType): string {
  return `MATCH ()-[r:${type}]->() RETURN count(r) AS stored`;
}

function fieldsBut(shape: object, ends: string[]): string[] {
  return Object.keys(shape).filter((field) => !ends.includes(field));
}

// Where a statement finds each value: `row[i]` in a row made as a list, `row.name` in a row made as a map.
type Values = Record<string, string>;

function valuesIn(columns: readonly string[]): Values {
  return Object.fromEntries(columns.map((name, index) => [name, `row[${index}]`]));
}

function valuesOf(properties: readonly string[]): Values {
  return Object.fromEntries(properties.map((name) => [name, `row.${propertyKey(name)}`]));
}

function pick(values: Values, names: readonly string[]): Values {
  return Object.fromEntries(names.map((name) => [name, values[name]!]));
}

// A row without a value gives null, and setting null removes the property: a field left out is a
// missing property, never a stored null, and loading a row again replaces what it says. The key
// the row was merged on is left alone.
function assignments(variable: string, values: Values, key: string): string {
  return Object.entries(values)
    .filter(([name]) => name !== key)
    .map(([name, value]) => `${variable}.${propertyKey(name)} = ${value}`)
    .join(', ');
}

// CREATE leaves out the properties whose value is null.
function propertyMap(values: Values): string {
  return `{${Object.entries(values).map(([name, value]) => `${propertyKey(name)}: ${value}`).join(', ')}}`;
}

// Field names come from the schema, not from data; quoted since some (`end`) are Cypher keywords.
function propertyKey(name: string): string {
  if (!/^[a-z][a-z_]*$/.test(name)) throw new Error(`'${name}' is not a property name enduse writes`);
  return `\`${name}\``;
}
