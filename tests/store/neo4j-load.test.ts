// How the Neo4j store writes a load: statements Neo4j plans on indexes and element ids (never a
// scan, which made relationship loads quadratic), batches executing together but committed in
// order, relationship ends found outside the dataset, labels that follow a changed kind.
import type { Driver } from 'neo4j-driver';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ENTITY_KINDS, RELATIONSHIP_TYPE_NAMES, type Dataset } from '../../src/domain/schema.ts';
import {
  JURISDICTION_FLAG_STATEMENT,
  LISTING_STATEMENT,
  LIST_STATEMENT,
  entityStatement,
  relationshipStatement,
  type WriteMode,
} from '../../src/store/neo4j/load-statements.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { writeBatchesInOrder } from '../../src/store/neo4j/ordered-batches.ts';
import { buildDataset, entity, supplies } from '../support/build-dataset.ts';
import { describeNeo4j, neo4jTestUri, withNeo4jDatabase } from '../support/neo4j.ts';

/** The operators of a statement's plan, from the result down to the leaves. */
async function operators(driver: Driver, statement: string): Promise<string[]> {
  const { summary } = await driver.executeQuery(`EXPLAIN ${statement}`, { rows: [], ids: [] });
  const names: string[] = [];
  const walk = (plan: { operatorType: string; children: unknown[] }) => {
    names.push(plan.operatorType.replace(/@.*$/, ''));
    for (const child of plan.children) walk(child as typeof plan);
  };
  walk(summary.plan as unknown as { operatorType: string; children: unknown[] });
  return names;
}

describeNeo4j('Neo4j load statements', () => {
  const database = withNeo4jDatabase();
  let store: Neo4jStore;
  beforeEach(async () => {
    // Connecting applies schema.cypher: the constraints the plans rely on.
    store = await Neo4jStore.connect({ uri: neo4jTestUri()! });
  });
  afterEach(async () => {
    await store.close();
  });

  const modes: WriteMode[] = ['create', 'merge'];

  it('finds relationship ends by element id and merges relationships on their constraint index, without a scan or an Eager', async () => {
    for (const type of RELATIONSHIP_TYPE_NAMES) {
      for (const mode of modes) {
        const plan = await operators(database.driver, relationshipStatement(type, mode));
        expect(plan.filter((operator) => operator === 'NodeByElementIdSeek'), `${type} ${mode}`).toHaveLength(2);
        expect(plan.filter((operator) => /Scan|Eager/.test(operator)), `${type} ${mode}`).toEqual([]);
        if (mode === 'merge') expect(plan, type).toContain('DirectedRelationshipUniqueIndexSeek(Locking)');
      }
    }
  });

  it('merges entities, lists, listings and flags on their constraint index, with an Eager only to return element ids after the writes', async () => {
    for (const kind of ENTITY_KINDS) {
      for (const mode of modes) {
        const plan = await operators(database.driver, entityStatement(kind, mode));
        expect(plan.filter((operator) => /Scan/.test(operator)), `${kind} ${mode}`).toEqual([]);
        expect(plan.slice(0, 3), `${kind} ${mode}`).toEqual(['ProduceResults', 'Projection', 'Eager']);
        expect(plan.slice(3), `${kind} ${mode}`).not.toContain('Eager');
        if (mode === 'merge') expect(plan, kind).toContain('NodeUniqueIndexSeek(Locking)');
      }
    }
    for (const statement of [LIST_STATEMENT, LISTING_STATEMENT, JURISDICTION_FLAG_STATEMENT]) {
      const plan = await operators(database.driver, statement);
      expect(plan.filter((operator) => /Scan|Eager/.test(operator)), statement).toEqual([]);
      expect(plan.some((operator) => operator.startsWith('NodeUniqueIndexSeek')), statement).toBe(true);
    }
  });

  it('commits batches in order, rolls back the ones after a batch that fails, and says how far it got', async () => {
    await database.driver.executeQuery("CREATE (:Entity {id: 'taken'})");
    const committed: string[][] = [];
    const outcome = await writeBatchesInOrder(
      database.driver,
      {},
      [['first'], ['taken'], ['third'], ['fourth']],
      2,
      (tx, ids) => tx.run('UNWIND $ids AS id CREATE (:Entity {id: id})', { ids }),
      (ids) => committed.push(ids),
    );
    expect(outcome.committed).toBe(1);
    expect((outcome.error as { code?: string }).code).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    expect(committed).toEqual([['first']]);
    const { records } = await database.driver.executeQuery('MATCH (e:Entity) RETURN e.id AS id ORDER BY id');
    expect(records.map((record) => record.get('id'))).toEqual(['first', 'taken']);
  });

  it('executes the next batch while an earlier one has yet to commit, and commits them in order', async () => {
    const events: string[] = [];
    let secondStarted!: () => void;
    const second = new Promise<void>((resolve) => (secondStarted = resolve));
    const outcome = await writeBatchesInOrder(
      database.driver,
      {},
      [['one'], ['two'], ['three']],
      2,
      async (tx, ids) => {
        events.push(`write ${ids[0]}`);
        if (ids[0] === 'two') secondStarted();
        await tx.run('UNWIND $ids AS id CREATE (:Entity {id: id})', { ids });
        // The first batch holds its commit until the second has begun (or gives up after 5 s).
        if (ids[0] === 'one') await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      },
      (ids) => events.push(`committed ${ids[0]}`),
    );
    expect(outcome).toEqual({ committed: 3 });
    expect(events.indexOf('write two')).toBeLessThan(events.indexOf('committed one'));
    expect(events.filter((event) => event.startsWith('committed'))).toEqual(['committed one', 'committed two', 'committed three']);
  });

  it('runs one batch at a time at depth 1', async () => {
    const events: string[] = [];
    await writeBatchesInOrder(
      database.driver,
      {},
      [['one'], ['two'], ['three']],
      1,
      async (tx, ids) => {
        events.push(`write ${ids[0]}`);
        await tx.run('UNWIND $ids AS id CREATE (:Entity {id: id})', { ids });
      },
      (ids) => events.push(`committed ${ids[0]}`),
    );
    expect(events).toEqual(['write one', 'committed one', 'write two', 'committed two', 'write three', 'committed three']);
  });

  it('connects a relationship to entities an earlier load stored', async () => {
    await store.load(buildDataset({ entities: [entity('a'), entity('b')] }));
    // Not a validated dataset (its relationship's ends are not among its entities), as GraphStore.load may still be given.
    const onlyTheEdge: Dataset = { entities: [], relationships: [{ id: 'r-edge', source: 'a', target: 'b', type: 'SUPPLIES', product: 'dpi' }], listings: [], jurisdictions: [], lists: [] };
    const { report } = await store.load(onlyTheEdge);
    expect(report.created.relationships).toBe(1);
    const { records } = await database.driver.executeQuery('MATCH (a:Entity)-[r:SUPPLIES]->(b:Entity) RETURN a.id AS a, r.product AS product, b.id AS b');
    expect(records.map((record) => record.toObject())).toEqual([{ a: 'a', product: 'dpi', b: 'b' }]);
  });

  it('creates into an empty database, merges into one that holds the rows, and stores the same graph', async () => {
    const dataset = buildDataset({ entities: [entity('a'), entity('b'), entity('c')], relationships: [supplies('a', 'b'), supplies('b', 'c'), { source: 'a', target: 'c', type: 'OWNS', share: 60 }] });
    const first = await store.load(dataset, { batchSize: 1 });
    const second = await store.load(dataset, { batchSize: 1 });
    expect(first.report.created).toMatchObject({ entities: 3, relationships: 3 });
    expect(second.report.created).toMatchObject({ entities: 0, relationships: 0 });
    const { records } = await database.driver.executeQuery('MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id + "-" + type(r) + "-" + b.id AS edge ORDER BY edge');
    expect(records.map((record) => record.get('edge'))).toEqual(['a-OWNS-c', 'a-SUPPLIES-b', 'b-SUPPLIES-c']);
  });

  it('moves an entity loaded again with another kind to that kind’s label', async () => {
    await store.load(buildDataset({ entities: [entity('a', { kind: 'reseller' })] }));
    await store.load(buildDataset({ entities: [entity('a', { kind: 'front_company', country: 'TR' })] }));
    const { records } = await database.driver.executeQuery("MATCH (e:Entity {id: 'a'}) RETURN labels(e) AS labels, e.kind AS kind");
    expect(records.map((record) => record.toObject())).toEqual([{ labels: ['Entity', 'FrontCompany'], kind: 'front_company' }]);
  });
});
