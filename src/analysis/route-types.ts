// The types every route search shares (the reference search, the compact one and the push-down
// over Neo4j give the same Route), kept apart so no implementation imports another.
import type { IsoDay } from '../domain/dates.ts';
import type { RegimeSelection } from '../domain/regimes.ts';
import type { Reason } from '../domain/reasons.ts';
import type { EvidenceGrade, Relationship } from '../domain/schema.ts';
import type { FlagIndex } from './flags.ts';
import type { Reach } from './reach.ts';
import type { SearchBudget } from './search-budget.ts';

export const DEFAULT_MAX_HOPS = 6;

export interface RouteOptions {
  /** The date of the question: flags in force then, and no edge starting after it. */
  asOf: IsoDay;
  /** Only SUPPLIES edges with this product (or with none); compared without case. */
  product?: string;
  /** The most edges a route may have (default 6). */
  maxHops?: number;
  /** Flags at `asOf`, when the caller has them already. */
  flags?: FlagIndex;
  /** Whose law applies when the flags are worked out here (default all). */
  regime?: RegimeSelection;
  /** Work budget: when it runs out the search stops with the routes found so far (budget.exhausted). */
  budget?: SearchBudget;
}

/** One hop of a route: the relationship and the earliest date the goods can cross it. */
export type RouteEdge = Relationship & { at?: IsoDay };

export interface Route {
  target: string;
  path: string[];
  hops: number;
  reasons: readonly Reason[];
  edges: RouteEdge[];
}

/** The routes of findFlaggedRoutes, and every entity the same search reached on the way. */
export interface RoutesAndReach {
  routes: Route[];
  /** Entities reached (flagged or not, `from` left out), in the order first reached. */
  reached: Reach;
}

/**
 * The flagged targets a search found, one route each in findFlaggedRoutes' order, each route built
 * only when asked for: exposure counts and bounds the routes of a hub (hundreds of thousands at
 * 10M entities) and lists a hundred, so building them all cost most of its time.
 */
export interface FoundTargets {
  readonly count: number;
  /** The target's id, its reasons and its route's hop count. */
  target(index: number): string;
  reasons(index: number): readonly Reason[];
  hops(index: number): number;
  /** The target's country (null when it has none) and whether its kind is end_user. */
  country(index: number): string | null;
  isEndUser(index: number): boolean;
  /** The weakest evidence grade along the route ('ungraded' ranks weakest), undefined for a route of no hop. */
  weakestGrade(index: number): EvidenceGrade | 'ungraded' | undefined;
  /** The route itself, built now (equal to findFlaggedRoutes' route at this index). */
  route(index: number): Route;
}

/** The targets of findFlaggedRoutesAndReach, and every entity the same search reached. */
export interface TargetsAndReach {
  targets: FoundTargets;
  reached: Reach;
}
