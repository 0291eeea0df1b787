// Push-down: the part of the graph a route search from one entity needs, read from Neo4j without
// copying the graph. The layered earliest-arrival search of analysis/routes.ts runs with its
// states held here and its edges read in the database, one read query per hop layer (the
// frontier of (entity, earliest arrival) states as a parameter; dates, product and the goods
// types applied in the query; only the relationships the search reaches are read). What comes
// back is a compact view of those relationships and entities plus the grounds of every flag
// (listings, list definitions, jurisdiction flags, the entities of flagged jurisdictions, the
// ownership chains below listed entities), on which the ordinary analysis then gives exactly the
// answer it gives on the whole graph: the relationships it leaves out are ones the search
// cannot cross. Memory grows with what the question reaches, not with the database.
import type { Driver, ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import { inForce, type IsoDay } from '../../domain/dates.ts';
import { NotFoundError } from '../../domain/errors.ts';
import {
  RELATIONSHIP_TYPE_NAMES,
  STATE_SECTORS,
  type Entity,
  type JurisdictionFlagPeriod,
  type Relationship,
  type RelationshipType,
} from '../../domain/schema.ts';
import { CompactGraphView, type CompactState } from '../compact/compact-graph-view.ts';
import { CompactStateBuilder } from '../compact/compact-state-builder.ts';
import type { FlaggedIn, ReachBudget, ReachQuestion } from '../graph-store.ts';
import type { GraphView } from '../graph-view.ts';
import type { Neo4jSettings } from './neo4j-connection.ts';
import { compareIds, counts, each, entityOf, readListingsAndFlags, readLists, relationshipValues } from './project-compact.ts';
import { PUSHDOWN } from './read-statements.ts';

/** A search state: an entity and its arrival ('' for "any time", else an ISO day: they compare as strings). */
interface State {
  id: string;
  after: string;
}

const TYPE_ORDER = new Map(RELATIONSHIP_TYPE_NAMES.map((type, code) => [type as string, code]));

/**
 * The view a route search from `from` needs, read in one read transaction; undefined when the
 * search would read more relationships than `budget` allows (the question reaches too much of
 * the graph: a projection serves it better). Before each hop layer the goods relationships
 * leaving the layer are counted (node degrees, which Neo4j keeps: no relationship is read), so
 * the search gives way before reading a layer that would pass the budget, not after. Throws
 * NotFoundError for an unknown `from`.
 *
 * @example const view = await pushdownView(driver, settings, 'bluecoat', { asOf: '2011-06-30', product: undefined, maxHops: 6 }, flaggedIds);
 */
export async function pushdownView(
  driver: Driver,
  settings: Neo4jSettings,
  from: string,
  question: ReachQuestion,
  flaggedIn: FlaggedIn,
  budget?: ReachBudget,
): Promise<GraphView | undefined> {
  const session = driver.session({ database: settings.database, defaultAccessMode: 'READ' });
  try {
    return await session.executeRead(async (tx) => {
      const limit = budget === undefined ? Infinity : Math.max(budget.minimum, budget.share * (await counts(tx))[1]);
      return readReach(tx, from, question, flaggedIn, limit);
    });
  } finally {
    await session.close();
  }
}

async function readReach(tx: ManagedTransaction, from: string, question: ReachQuestion, flaggedIn: FlaggedIn, limit: number): Promise<GraphView | undefined> {
  const entities = new Map<string, Entity>();
  const source = await rows(tx, PUSHDOWN.entity, { id: from });
  if (source.length === 0) throw new NotFoundError('entity', from);
  entities.set(from, entityOf(source[0]!));

  const records = await readRecords(tx);
  const grounds = await readFlagGrounds(tx, question.asOf, records.jurisdictions, entities);
  const flagged = flaggedIn(stateView(entities, grounds, records));

  const goods = new Map<string, Relationship>();
  const searched = await searchLayers(tx, from, question, flagged, entities, goods, limit);
  if (!searched) return undefined;
  // Stated end users are named in red flags: their entities come too.
  const stated = [...goods.values()].flatMap((relationship) => (relationship.stated_end_user !== undefined && !entities.has(relationship.stated_end_user) ? [relationship.stated_end_user] : []));
  for (const row of await rows(tx, PUSHDOWN.entitiesById, { ids: [...new Set(stated)] })) {
    const entity = entityOf(row);
    entities.set(entity.id, entity);
  }
  return stateView(entities, [...grounds, ...goods.values()], records);
}

/**
 * The grounds of every flag at `asOf`, into `entities`: listed entities, the entities a
 * jurisdiction flag in force can flag, and the ownership chains below listed entities (the only
 * relationships an ownership rule reads: it starts from listed entities and follows OWNS and
 * CONTROLS down). Returns the ownership relationships.
 */
async function readFlagGrounds(tx: ManagedTransaction, asOf: IsoDay, periods: readonly JurisdictionFlagPeriod[], entities: Map<string, Entity>): Promise<Relationship[]> {
  const keep = (row: Neo4jRecord, at = 0) => {
    const entity = entityOf(row, at);
    if (!entities.has(entity.id)) entities.set(entity.id, entity);
    return entity.id;
  };
  const inForceWith = (flag: string) => [...new Set(periods.filter((period) => period.flag === flag && inForce(period, asOf)).map((period) => period.code))];
  const sanctioned = inForceWith('comprehensive_sanctions');
  const countries = [...new Set([...sanctioned, ...inForceWith('hr_risk')])];
  await each(tx, PUSHDOWN.jurisdictionEntities, { countries, sanctioned, stateSectors: STATE_SECTORS }, (row) => keep(row));

  const listed: string[] = [];
  await each(tx, PUSHDOWN.listedEntities, {}, (row) => listed.push(keep(row)));
  const ownership: Relationship[] = [];
  const below = new Set(listed);
  for (let frontier = listed; frontier.length > 0; ) {
    const next: string[] = [];
    await each(tx, PUSHDOWN.ownedBy, { ids: frontier }, (row) => {
      const target = keep(row, 10);
      ownership.push(relationshipOf(row, row.get(0), target, 1));
      if (!below.has(target)) {
        below.add(target);
        next.push(target);
      }
    });
    frontier = next;
  }
  return ownership;
}

/**
 * The layered search of analysis/routes.ts with its edges read per layer in the database: each
 * layer keeps, per entity, the earliest arrival that beats every earlier one, the first in
 * reading order on ties; a flagged entity is reached but not passed. Which entities it reaches,
 * and when, does not depend on that order, so it reads what the projection's search would cross;
 * which of equally early routes an answer keeps is decided by the view's own content order. False, before reading the layer, when it
 * could take the relationships read past `limit`.
 */
async function searchLayers(
  tx: ManagedTransaction,
  from: string,
  question: ReachQuestion,
  flagged: ReadonlySet<string>,
  entities: Map<string, Entity>,
  goods: Map<string, Relationship>,
  limit: number,
): Promise<boolean> {
  const earliest = new Map<string, string>([[from, '']]);
  const reachedFlagged = new Set<string>();
  let layer: State[] = [{ id: from, after: '' }];
  let read = 0;
  for (let hops = 1; hops <= question.maxHops && layer.length > 0; hops++) {
    const crossings: { position: number; target: string; time: string; relationship: Relationship }[] = [];
    if (limit !== Infinity) {
      const leaving = await rows(tx, PUSHDOWN.goodsDegree, { ids: [...new Set(layer.map((state) => state.id))] });
      if (read + Number(leaving[0]?.get(0) ?? 0) > limit) return false;
    }
    const parameters = {
      frontier: layer.map((state, position) => ({ position, id: state.id, after: state.after === '' ? null : state.after })),
      asOf: question.asOf,
      product: question.product ?? null,
      productType: 'SUPPLIES',
    };
    await each(tx, PUSHDOWN.layer, parameters, (row) => {
      const position = row.get(0) as number;
      const target = row.get(11) as string;
      crossings.push({ position, target, time: (row.get(1) as string | null) ?? '', relationship: relationshipOf(row, layer[position]!.id, target, 2) });
      if (!entities.has(target)) entities.set(target, entityOf(row, 11));
    });
    read += crossings.length;
    crossings.sort((a, b) => a.position - b.position || TYPE_ORDER.get(a.relationship.type)! - TYPE_ORDER.get(b.relationship.type)! || compareIds(a.relationship.id, b.relationship.id));
    const best = new Map<string, string>();
    for (const { target, time, relationship } of crossings) {
      goods.set(relationship.id, relationship);
      if (target === from || reachedFlagged.has(target)) continue;
      const before = earliest.get(target);
      if (before !== undefined && time >= before) continue;
      const candidate = best.get(target);
      if (candidate === undefined || time < candidate) best.set(target, time);
    }
    layer = [];
    for (const [id, time] of best) {
      earliest.set(id, time);
      if (flagged.has(id)) reachedFlagged.add(id);
      else layer.push({ id, after: time });
    }
  }
  return true;
}

/** Every list definition, listing and jurisdiction flag period: few, and read once per question. */
type Records = Pick<CompactState, 'listings' | 'jurisdictions' | 'lists'>;

async function readRecords(tx: ManagedTransaction): Promise<Records> {
  const builder = new CompactStateBuilder(16);
  await readLists(tx, builder);
  await readListingsAndFlags(tx, builder);
  const { listings, jurisdictions, lists } = builder.build();
  return { listings, jurisdictions, lists };
}

/**
 * A compact view of `entities` and `relationships` (ownership and goods, each once) with
 * `records`; the builder orders them as every store does (relationship-order.ts).
 */
function stateView(entities: ReadonlyMap<string, Entity>, relationships: readonly Relationship[], records: Records): GraphView {
  const builder = new CompactStateBuilder(relationships.length, entities.size);
  for (const entity of [...entities.values()].sort((a, b) => compareIds(a.id, b.id))) builder.addEntity(entity);
  const ordered = [...new Map(relationships.map((relationship) => [relationship.id, relationship])).values()].sort(
    (a, b) => TYPE_ORDER.get(a.type)! - TYPE_ORDER.get(b.type)! || compareIds(a.id, b.id),
  );
  for (const relationship of ordered) builder.addRelationshipRow(relationship);
  for (const listing of records.listings) builder.addListing(listing);
  for (const period of records.jurisdictions) builder.addJurisdictionFlag(period);
  for (const list of records.lists.values()) builder.addList(list);
  const state = builder.build();
  state.graph.goodsAdjacency();
  return new CompactGraphView(state);
}

/** The relationship in the columns of RELATIONSHIP_COLUMNS starting at column `at`. */
function relationshipOf(row: Neo4jRecord, source: string, target: string, at: number): Relationship {
  const values = Array.from({ length: 9 }, (_, offset) => row.get(at + offset) as unknown);
  const { statedEndUser, sourceRef, ...fields } = relationshipValues(values, 1);
  return { source, target, type: values[0] as RelationshipType, ...fields, stated_end_user: statedEndUser, source_ref: sourceRef };
}

async function rows(tx: ManagedTransaction, query: string, parameters: Record<string, unknown>): Promise<Neo4jRecord[]> {
  return (await tx.run(query, parameters)).records;
}
