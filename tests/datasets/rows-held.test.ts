// What a removal leaves of an entity, as Neo4j keeps it (the node's fields, its holders and, when
// they differ, each version's statement) must be what the embedded store rebuilds from the
// remaining versions (effectiveDataset): checked over random sequences of statements and modes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoadMode } from '../../src/datasets/dataset-version.ts';
import { entityAfter } from '../../src/datasets/entity-changes.ts';
import { effectiveDataset } from '../../src/datasets/fold-versions.ts';
import { holdersWithout, statementsAfterRestating, statementsWithout, type EntityStatement } from '../../src/datasets/rows-held.ts';
import type { Entity } from '../../src/domain/schema.ts';
import { readReference } from '../../src/load/load-datasets.ts';

interface Kept {
  entity: Entity;
  holders: string[];
  statements?: EntityStatement[];
}

/** Loads `statements` one after the other as Neo4j's record does (dataset-versions.ts). */
function keptAfterLoading(statements: readonly EntityStatement[]): Kept {
  let kept: Kept | undefined;
  for (const statement of statements) {
    if (kept === undefined) {
      kept = { entity: statement.entity, holders: [statement.version] };
      continue;
    }
    const restated = statementsAfterRestating(kept, statement);
    kept = { entity: entityAfter(kept.entity, statement.entity, statement.mode), holders: [...kept.holders, statement.version], ...(restated === undefined ? {} : { statements: restated }) };
  }
  return kept!;
}

/** What removing `removed` leaves, as remove-version.ts computes it. */
function keptAfterRemoving(kept: Kept, removed: string): Entity | undefined {
  if (holdersWithout(kept.holders, removed).length === 0) return undefined;
  return kept.statements === undefined ? kept.entity : statementsWithout(kept.statements, removed).entity;
}

const reference = readReference();
function embedded(statements: readonly EntityStatement[]): Entity | undefined {
  return effectiveDataset(statements.map(({ version, mode, entity }) => ({ id: version, ...(mode === undefined ? {} : { mode }), dataset: { entities: [entity], relationships: [], listings: [], jurisdictions: [], lists: [] } })), reference).entities[0];
}

const statement = fc.record({
  name: fc.constantFrom('Syrian Telecom', 'Swiss Telecom'),
  country: fc.option(fc.constantFrom('SY', 'CH'), { nil: undefined }),
  aliases: fc.subarray(['STE', 'STE-CH', 'Syrian Telecom']),
  mode: fc.constantFrom<LoadMode | undefined>(undefined, 'merge', 'replace'),
});

describe('what a removal leaves of an entity', () => {
  it('is, on Neo4j\'s record, what the embedded store rebuilds from the remaining versions', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 5 }), fc.nat(), (given, pick) => {
        const statements: EntityStatement[] = given.map(({ mode, ...fields }, index) => ({
          version: `v@${index + 1}`,
          ...(mode === undefined ? {} : { mode }),
          entity: { id: 'ste', kind: 'end_user', ...fields } as Entity,
        }));
        const kept = keptAfterLoading(statements);
        expect(kept.entity).toEqual(embedded(statements));
        const removed = statements[pick % statements.length]!.version;
        expect(keptAfterRemoving(kept, removed)).toEqual(embedded(statements.filter((each) => each.version !== removed)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps no statements while every version states the entity alike (a load run again adds nothing)', () => {
    const entity = { id: 'ste', name: 'Syrian Telecom', kind: 'end_user', aliases: ['STE'] } as Entity;
    expect(keptAfterLoading([{ version: 'a@1', entity }, { version: 'a@2', entity }, { version: 'b@1', mode: 'merge', entity }]).statements).toBeUndefined();
  });
});
