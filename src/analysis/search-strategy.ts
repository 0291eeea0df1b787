// Where a question about one entity is answered: on the projection of the whole graph (the
// compact engine), or pushed down into a store that can search in place (Neo4j), which reads only
// what the search reaches. Both give the same answer (tests/store/pushdown-parity.test.ts).
import type { IsoDay } from '../domain/dates.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { GraphStore, ReachBudget } from '../store/graph-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities } from './flags.ts';

export const SEARCH_STRATEGIES = ['pushdown', 'projection'] as const;
export type SearchStrategy = (typeof SEARCH_STRATEGIES)[number];

/**
 * Chosen automatically, push-down gives way to the projection before a hop layer would take the
 * relationships it read past this budget (counted from node degrees before the layer is read:
 * no relationship is read twice). Push-down reads a relationship as a row with its target's
 * fields, one query per layer: measured per relationship, it costs many times what the
 * projection spends on one (docs/neo4j.md, "Push-down or projection"), so a question reaching
 * more than a few percent of the graph is answered sooner by projecting the whole graph, and
 * one projection then serves every later question of a server. The minimum keeps small graphs,
 * where both take seconds, on push-down.
 */
export const PUSHDOWN_BUDGET: ReachBudget = { share: 0.02, minimum: 10_000 };

export interface SearchQuestion {
  asOf: IsoDay;
  product?: string;
  maxHops: number;
  /** Routes per target; push-down finds the shortest (k = 1), alternatives need the whole graph. */
  k?: number;
}

/**
 * The view to answer a route or exposure question from `from` on, and the strategy that gave it.
 * `strategy` forces one (`field` names the option in errors); without it: push-down when the store
 * can search in place and k = 1, giving way to the projection past PUSHDOWN_BUDGET.
 *
 * @example const { view } = await viewForSearch(store, 'bluecoat', { asOf: '2011-06-30', maxHops: 6 }); computeExposure(view, 'bluecoat', …)
 */
export async function viewForSearch(
  store: GraphStore,
  from: string,
  question: SearchQuestion,
  strategy?: SearchStrategy,
  field = '--strategy',
): Promise<{ view: GraphView; strategy: SearchStrategy }> {
  const alternatives = (question.k ?? 1) > 1;
  if (strategy === 'pushdown') {
    if (store.reachView === undefined) throw new InvalidInputError('push-down needs Neo4j', [{ field, message: `the ${store.backend} store has no database to search in; use --backend neo4j, or leave ${field} out` }]);
    if (alternatives) throw new InvalidInputError('push-down finds one route per target', [{ field, message: 'alternatives (k above 1) need the whole graph: use projection, or leave it out' }]);
  }
  if (strategy !== 'projection' && store.reachView !== undefined && !alternatives) {
    const flaggedIn = (grounds: GraphView) => new Set(flaggedEntities(grounds, question.asOf).keys());
    const reachQuestion = { asOf: question.asOf, product: question.product?.trim().toLowerCase(), maxHops: question.maxHops };
    const view = await store.reachView(from, reachQuestion, flaggedIn, strategy === 'pushdown' ? undefined : PUSHDOWN_BUDGET);
    if (view !== undefined) return { view, strategy: 'pushdown' };
  }
  return { view: await store.view(), strategy: 'projection' };
}
