// What a row is after a dataset version is removed, defined once for every store: a row (entity,
// relationship, listing, flag period) leaves when no remaining version states it; an entity other
// versions still state is what their statements, applied in load order by their modes, make it.
import type { Entity } from '../domain/schema.ts';
import type { LoadMode } from './dataset-version.ts';
import { entityAfter, fieldChanges } from './entity-changes.ts';

/**
 * The holder of rows loaded into Neo4j before versions were recorded: never listed, never removed,
 * as the embedded store's `preloaded@1` holds rows it had before its catalog existed.
 */
export const PRELOADED_VERSION = 'preloaded@1';

/** One version's statement of an entity, with the mode the version was accepted with. */
export interface EntityStatement {
  version: string;
  mode?: LoadMode;
  entity: Entity;
}

/**
 * `statement` applied over what is stored: the first statement of an id is taken as it is, each
 * later one by its version's mode (entity-changes.ts).
 * @example statementApplied(undefined, entity, 'merge') === entity
 */
export function statementApplied(stored: Entity | undefined, statement: Entity, mode: LoadMode | undefined): Entity {
  return stored === undefined ? statement : entityAfter(stored, statement, mode);
}

/** An entity as its statements, in load order, make it; undefined when none is left. */
export function foldStatements(statements: readonly EntityStatement[]): Entity | undefined {
  let entity: Entity | undefined;
  for (const { entity: statement, mode } of statements) entity = statementApplied(entity, statement, mode);
  return entity;
}

/**
 * The versions still stating a row once `removed` is gone: an empty list means the row leaves.
 * @example holdersWithout(['a@1', 'b@1'], 'a@1') // ['b@1']
 */
export function holdersWithout(holders: readonly string[], removed: string): string[] {
  return holders.filter((holder) => holder !== removed);
}

/**
 * The statements to keep for an entity that version `version` states again over what is stored
 * (`stored`: its fields now, `holders`: the versions stating it, `statements`: theirs when they
 * differ). Undefined while every statement is the same as the stored fields: the entity itself is
 * then every version's statement, and nothing more need be kept (a load run again adds nothing).
 */
export function statementsAfterRestating(
  stored: { entity: Entity; holders: readonly string[]; statements?: readonly EntityStatement[] },
  restated: EntityStatement,
): EntityStatement[] | undefined {
  const earlier = stored.statements ?? stored.holders.map((version) => ({ version, entity: stored.entity }));
  if (stored.statements === undefined && fieldChanges(stored.entity, restated.entity).length === 0) return undefined;
  return [...earlier.filter((each) => each.version !== restated.version), restated];
}

/**
 * The statements left once `removed` is gone: undefined when none, or all the same as the
 * entity they make (then the entity itself says it all, as statementsAfterRestating keeps it).
 */
export function statementsWithout(statements: readonly EntityStatement[], removed: string): { entity: Entity | undefined; statements: EntityStatement[] | undefined } {
  const left = statements.filter((each) => each.version !== removed);
  const entity = foldStatements(left);
  const allSame = entity !== undefined && left.every((each) => fieldChanges(each.entity, entity).length === 0);
  return { entity, statements: allSame || left.length === 0 ? undefined : left };
}
