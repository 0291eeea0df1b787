// The Neo4j names of the enduse graph, in one place: entity labels and relationship types are
// derived from the domain schema; the few names for listings and jurisdiction flags are declared here.
import { ENTITY_KINDS, RELATIONSHIP_TYPE_NAMES, type EntityKind, type RelationshipType } from '../../domain/schema.ts';

/** Every entity carries this label, plus the label of its kind. */
export const ENTITY_LABEL = 'Entity';

/** A sanctions or export-control list: `(:List {code, name, authority, blocking, source})`. */
export const LIST_LABEL = 'List';

/** A listing: `(:Entity)-[:LISTED_ON {id, from, to, source}]->(:List)`. */
export const LISTED_ON = 'LISTED_ON';

/** One flag period of a jurisdiction: `(:JurisdictionFlag {id, code, flag, from, to, source})`. */
export const JURISDICTION_FLAG_LABEL = 'JurisdictionFlag';

/**
 * The node every enduse load bumps, so a serving projection knows the data changed:
 * `(:ChangeMarker {id: 'enduse', version, changedAt})` (see change-marker.ts).
 */
export const CHANGE_MARKER_LABEL = 'ChangeMarker';

/**
 * One accepted load: `(:DatasetVersion {id, name, version, seq, who, via, at, sha256, entities,
 * relationships, listings, jurisdictions, mode, changed})`, its fields those of src/datasets/dataset-version.ts.
 */
export const DATASET_VERSION_LABEL = 'DatasetVersion';

/** On entities, relationships, listings and flag periods: the ids of the dataset versions that state them, in load order. */
export const DATASETS_PROPERTY = 'datasets';

/** On an entity that versions state differently: each version's statement, JSON (src/datasets/rows-held.ts). */
export const STATEMENTS_PROPERTY = 'statements';

/**
 * The label of an entity kind: PascalCase of the kind (`freight_forwarder` → `FreightForwarder`).
 * @example kindLabel('end_user') // 'EndUser'
 */
export function kindLabel(kind: EntityKind): string {
  return kind
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** One label per entity kind, in schema order. */
export const KIND_LABELS: readonly string[] = ENTITY_KINDS.map(kindLabel);

/** Relationship types between entities, exactly as the schema declares them. */
export const ENTITY_RELATIONSHIP_TYPES: readonly RelationshipType[] = RELATIONSHIP_TYPE_NAMES;

/** Every label enduse writes. */
export const ALL_LABELS: readonly string[] = [ENTITY_LABEL, ...KIND_LABELS, LIST_LABEL, JURISDICTION_FLAG_LABEL, CHANGE_MARKER_LABEL, DATASET_VERSION_LABEL];

/** Every relationship type enduse writes. */
export const ALL_RELATIONSHIP_TYPES: readonly string[] = [...ENTITY_RELATIONSHIP_TYPES, LISTED_ON];
