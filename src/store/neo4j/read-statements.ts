// The Cypher that reads the graph back: the projection into the compact engine and the push-down
// search. Like load-statements.ts, it splices only names derived from the schema (labels, types,
// property names); every value is a parameter, and tests/reliability/cypher-parameters.test.ts
// checks each statement here for anything else.
import { GOODS_RELATIONSHIP_TYPES, OWNERSHIP_RELATIONSHIP_TYPES, RELATIONSHIP_TYPE_NAMES, type RelationshipType } from '../../domain/schema.ts';
import { ENTITY_LABEL, JURISDICTION_FLAG_LABEL, LISTED_ON, LIST_LABEL } from './graph-names.ts';

/** The entity properties entityOf (project-compact.ts) reads, in its order. */
export const ENTITY_FIELDS = ['id', 'name', 'kind', 'country', 'sector', 'aliases', 'address', 'source', 'identifiers'] as const;
/** The relationship properties relationshipValues reads, after its type and target, in its order. */
export const RELATIONSHIP_FIELDS = ['id', 'product', 'start', 'end', 'share', 'stated_end_user', 'evidence', 'source_ref'] as const;
/** What the projection reads of a relationship (edgeOf, project-compact.ts): all but its id, which follows from the rest. */
export const PROJECTED_RELATIONSHIP_FIELDS = RELATIONSHIP_FIELDS.filter((field) => field !== 'id');

const entityColumns = (name: string) => ENTITY_FIELDS.map((field) => `${name}.${field}`).join(', ');
const relationshipValues = (name: string, fields: readonly string[] = RELATIONSHIP_FIELDS) => fields.map((field) => `${name}.${field}`).join(', ');
const types = (names: readonly RelationshipType[]) => names.join('|');

/** The whole graph, for the projection (project-compact.ts). */
export const PROJECTION = {
  entityCount: `MATCH (e:${ENTITY_LABEL}) RETURN count(e)`,
  relationshipCount: (type: RelationshipType) => `MATCH ()-[r:${type}]->() RETURN count(r)`,
  lists: `MATCH (l:${LIST_LABEL}) RETURN properties(l) ORDER BY l.code`,
  // In id order off the uniqueness constraint's index (no sort in the database), each with its
  // node id (id(): valid within the read transaction) for the relationships to name it by.
  entities: `MATCH (e:${ENTITY_LABEL}) WHERE e.id IS NOT NULL RETURN id(e), ${entityColumns('e')} ORDER BY e.id`,
  // One record per source entity with its relationships as a list: the server, not the client,
  // limits a projection, and it spends less on a relationship in a list than on a record. Ends
  // are named by node id, not by their id property: reading a property of every target node was
  // a third of the server's work, and an integer decodes faster than a string. Ends without an
  // id are not among the entities read, so the reader leaves them out.
  relationshipsBySource:
    `MATCH (a:${ENTITY_LABEL}) ` +
    `WITH a, [(a)-[r:${types(RELATIONSHIP_TYPE_NAMES)}]->(b:${ENTITY_LABEL}) WHERE r.id IS NOT NULL | [type(r), id(b), ${relationshipValues('r', PROJECTED_RELATIONSHIP_FIELDS)}]] AS out ` +
    'WHERE out <> [] RETURN id(a), out',
  listings: `MATCH (e:${ENTITY_LABEL})-[r:${LISTED_ON}]->(l:${LIST_LABEL}) RETURN e.id, l.code, properties(r) ORDER BY e.id, r.id`,
  jurisdictions: `MATCH (f:${JURISDICTION_FLAG_LABEL}) RETURN properties(f) ORDER BY f.code, f.id`,
};

/** What a search from one entity reads (pushdown-view.ts). Relationship rows are [type, values…] then the target's entity columns. */
export const PUSHDOWN = {
  entity: `MATCH (e:${ENTITY_LABEL} {id: $id}) RETURN ${entityColumns('e')}`,
  entitiesById: `UNWIND $ids AS id MATCH (e:${ENTITY_LABEL} {id: id}) RETURN ${entityColumns('e')}`,
  listedEntities: `MATCH (e:${ENTITY_LABEL})-[:${LISTED_ON}]->(:${LIST_LABEL}) WITH DISTINCT e RETURN ${entityColumns('e')}`,
  // Every entity a jurisdiction flag in force can flag: in a sanctioned country, or a state end user in a human-rights-risk one.
  jurisdictionEntities:
    `UNWIND $countries AS country MATCH (e:${ENTITY_LABEL} {country: country}) ` +
    `WHERE country IN $sanctioned OR e.sector IN $stateSectors RETURN ${entityColumns('e')}`,
  // One step down the ownership chains: what the frontier owns or controls.
  ownedBy:
    `UNWIND $ids AS id MATCH (a:${ENTITY_LABEL} {id: id})-[r:${types(OWNERSHIP_RELATIONSHIP_TYPES)}]->(b:${ENTITY_LABEL}) ` +
    `RETURN a.id, type(r), ${relationshipValues('r')}, ${entityColumns('b')}`,
  // How many goods relationships leave these entities: a COUNT of one typed pattern with no
  // condition on its far end is read from each node's degree, not by reading relationships.
  goodsDegree: `UNWIND $ids AS id MATCH (a:${ENTITY_LABEL} {id: id}) RETURN sum(COUNT { (a)-[:${types(GOODS_RELATIONSHIP_TYPES)}]->() })`,
  // One hop layer: the goods relationships each frontier state ({position, id, after}) can cross, with the arrival they give.
  layer: [
    'UNWIND $frontier AS state',
    `MATCH (a:${ENTITY_LABEL} {id: state.id})-[r:${types(GOODS_RELATIONSHIP_TYPES)}]->(b:${ENTITY_LABEL})`,
    'WHERE (r.start IS NULL OR r.start <= $asOf)',
    '  AND ($product IS NULL OR type(r) <> $productType OR r.product IS NULL OR toLower(r.product) = $product)',
    'WITH state, r, b, CASE WHEN state.after IS NULL THEN r.start WHEN r.start IS NULL OR r.start < state.after THEN state.after ELSE r.start END AS time',
    'WHERE time IS NULL OR r.end IS NULL OR time <= r.end',
    `RETURN state.position, time, type(r), ${relationshipValues('r')}, ${entityColumns('b')}`,
  ].join('\n'),
};

/** Every statement this module can give, for the parameter check. */
export function allReadStatements(): string[] {
  const { relationshipCount, ...projection } = PROJECTION;
  return [...Object.values(projection), ...RELATIONSHIP_TYPE_NAMES.map(relationshipCount), ...Object.values(PUSHDOWN)];
}
