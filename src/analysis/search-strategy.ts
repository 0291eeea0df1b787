// Where a question about one entity is answered: on the projection of the whole graph (the
// compact engine), or pushed down into a store that can search in place (Neo4j), which reads only
// what the search reaches. Both give the same answer (tests/store/pushdown-parity.test.ts).
import type { IsoDay } from '../domain/dates.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { GraphStore } from '../store/graph-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import { flaggedEntities } from './flags.ts';

export const SEARCH_STRATEGIES = ['pushdown', 'projection'] as const;
export type SearchStrategy = (typeof SEARCH_STRATEGIES)[number];

/**
 * Chosen automatically, push-down gives way to the projection once the search has read this many
 * relationships: the question then reaches a large part of the graph, and one projection (about a
 * minute at five million relationships) serves it and every question after it faster than
 * layers of queries would.
 */
export const PUSHDOWN_RELATIONSHIP_LIMIT = 200_000;

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
 * can search in place and k = 1, falling back to the projection past PUSHDOWN_RELATIONSHIP_LIMIT.
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
    const view = await store.reachView(from, reachQuestion, flaggedIn, strategy === 'pushdown' ? Infinity : PUSHDOWN_RELATIONSHIP_LIMIT);
    if (view !== undefined) return { view, strategy: 'pushdown' };
  }
  return { view: await store.view(), strategy: 'projection' };
}
