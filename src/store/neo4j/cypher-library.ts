// Runs the Cypher library (cypher/*.cypher) as enduse's `cypher` commands do: each question in a
// read transaction with its parameters, the 50% rule's step repeated until nothing changes.
import { inForce, type IsoDay } from '../../domain/dates.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { OwnershipRulePeriod } from '../../domain/ownership-rules.ts';
import { STATE_SECTORS } from '../../domain/schema.ts';
import { ENTITY_LABEL } from './graph-names.ts';
import { cypherFile, type CypherQuestion } from './cypher-files.ts';
import { asStoreError } from './neo4j-connection.ts';
import type { Neo4jStore } from './neo4j-store.ts';

export { CYPHER_MAX_HOPS } from './neo4j-defaults.ts';

/**
 * The rows of one library question, read in a read transaction (routed to a follower on a cluster).
 * @example await runCypherQuestion(store, 'entity-neighbourhood', { id: 'bluecoat' })
 */
export async function runCypherQuestion(store: Neo4jStore, question: CypherQuestion, parameters: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const session = store.driver.session({ database: store.settings.database, defaultAccessMode: 'READ' });
  try {
    return await session.executeRead(async (tx) => (await tx.run(cypherFile(question), parameters)).records.map((record) => record.toObject()));
  } catch (error) {
    throw asStoreError(error, store.settings);
  } finally {
    await session.close();
  }
}

export interface CypherFlag {
  id: string;
  /** Reason codes, each once, in the order found. */
  reasons: string[];
}

/**
 * Flagged entities at `asOf` computed in Neo4j: flagged-entities.cypher, then for each ownership
 * rule in force with effect "flag", owned-50-by-blocked.cypher from the rule's listed entities
 * until it returns nothing. Sorted by id.
 * @example (await cypherFlags(store, '2011-06-30', rules)).map((flag) => flag.id) // ['infotec-uae', 'ste-syria', …]
 */
export async function cypherFlags(store: Neo4jStore, asOf: IsoDay, rules: readonly OwnershipRulePeriod[]): Promise<CypherFlag[]> {
  const reasons = new Map<string, Set<string>>();
  const add = (id: string, code: string) => reasons.set(id, (reasons.get(id) ?? new Set()).add(code));
  const direct = await runCypherQuestion(store, 'flagged-entities', { asOf, stateSectors: STATE_SECTORS });
  for (const row of direct) add(row.id as string, row.reason as string);

  for (const rule of rules) {
    if (rule.effect !== 'flag' || rule.unverified === true || !inForce(rule, asOf)) continue;
    // A designation seeds the rule only with a measure the rule's law names (OFAC: asset_freeze).
    const counts = (measures: unknown) => rule.measures === undefined || rule.measures.length === 0 || rule.measures.some((measure) => (measures as string[]).includes(measure));
    const caught = new Set(direct.filter((row) => row.reason === 'LISTED' && rule.lists.includes(row.detail as string) && counts(row.measures)).map((row) => row.id as string));
    const parameters = { asOf, threshold: rule.threshold, atLeast: rule.comparison === 'at_least', aggregate: rule.aggregate, controls: rule.controls };
    for (;;) {
      const caughtNow = (await runCypherQuestion(store, 'owned-50-by-blocked', { ...parameters, caught: [...caught] })).map((row) => row.id as string);
      const added = caughtNow.filter((id) => !caught.has(id));
      if (added.length === 0) {
        for (const id of caughtNow) add(id, rule.reason);
        break;
      }
      for (const id of added) caught.add(id);
    }
  }
  return [...reasons].map(([id, codes]) => ({ id, reasons: [...codes] })).sort((a, b) => a.id.localeCompare(b.id));
}

export interface CypherRouteOptions {
  asOf: IsoDay;
  product?: string;
  /** At most CYPHER_MAX_HOPS. */
  maxHops: number;
  /** Ids flagged at `asOf`. */
  flagged: readonly string[];
}

export interface CypherRoute {
  target: string;
  hops: number;
  path: string[];
  relationships: string[];
}

/**
 * routes-to-flagged.cypher from `from`; throws NotFoundError for an unknown id.
 * @example (await cypherRoutes(store, 'bluecoat', { asOf: '2011-06-30', maxHops: 6, flagged }))[0].path
 */
export async function cypherRoutes(store: Neo4jStore, from: string, options: CypherRouteOptions): Promise<CypherRoute[]> {
  await requireEntity(store, from);
  const rows = await runCypherQuestion(store, 'routes-to-flagged', { from, asOf: options.asOf, product: options.product ?? null, maxHops: options.maxHops, flagged: options.flagged });
  return rows as unknown as CypherRoute[];
}

export interface CypherExposureRow {
  country: string;
  flags: string[];
  reachable: number;
  fewestHops: number;
  entities: string[];
}

/** exposure-to-flagged-jurisdictions.cypher from `from`; throws NotFoundError for an unknown id. */
export async function cypherExposure(store: Neo4jStore, from: string, options: CypherRouteOptions): Promise<CypherExposureRow[]> {
  await requireEntity(store, from);
  const rows = await runCypherQuestion(store, 'exposure-to-flagged-jurisdictions', { from, asOf: options.asOf, product: options.product ?? null, maxHops: options.maxHops, flagged: options.flagged });
  return rows.map((row) => ({ ...row, entities: [...(row.entities as string[])].sort() })) as unknown as CypherExposureRow[];
}

export interface CypherNeighbour {
  direction: 'out' | 'in';
  type: string;
  relationship: string;
  other: string;
  otherName: string | null;
  properties: Record<string, unknown>;
}

/** entity-neighbourhood.cypher for `id`; throws NotFoundError for an unknown id. */
export async function cypherNeighbourhood(store: Neo4jStore, id: string): Promise<CypherNeighbour[]> {
  await requireEntity(store, id);
  return (await runCypherQuestion(store, 'entity-neighbourhood', { id })) as unknown as CypherNeighbour[];
}

async function requireEntity(store: Neo4jStore, id: string): Promise<void> {
  try {
    const { records } = await store.driver.executeQuery(`MATCH (e:${ENTITY_LABEL} {id: $id}) RETURN count(e) AS found`, { id }, { database: store.settings.database, routing: 'READ' });
    if (records[0]?.get('found') === 0) throw new NotFoundError('entity', id);
  } catch (error) {
    throw asStoreError(error, store.settings);
  }
}
