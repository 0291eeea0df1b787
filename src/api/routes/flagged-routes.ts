// /api/entities/{id}/routes: flagged routes from an entity, up to k per flagged target.
import { z } from 'zod';
import type { RegimeSelection } from '../../domain/regimes.ts';
import { searchInputs } from '../flag-cache.ts';
import { rankedFlaggedRoutes, ROUTE_SORTS } from '../../analysis/ranked-routes.ts';
import type { IsoDay } from '../../domain/dates.ts';
import type { Entity } from '../../domain/schema.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { defineQuestion } from '../questions/question.ts';
import { appliedFilters } from '../../analysis/applied-filters.ts';
import { answerRegimeOut, asOfQuery, countQuery, maxHopsQuery, appliedFiltersOut, entityIdParams, entityOut, productQuery, rankedRouteOut, regimeQuery } from '../schemas.ts';

export const routesAnswer = z.object({
  from: z.string(),
  asOf: z.string(),
  regime: answerRegimeOut,
  product: z.string().nullable(),
  filters: appliedFiltersOut,
  maxHops: z.number().int(),
  k: z.number().int(),
  total: z.number().int(),
  more: z.number().int().describe('routes left out by limit'),
  truncated: z.boolean().describe('true when the search ran out of its time budget: `routes` holds what was found before'),
  sort: z.enum(ROUTE_SORTS),
  routes: z.array(rankedRouteOut),
  entities: z.record(z.string(), entityOut),
});

export interface RoutesInput {
  /** Whose law applies (`?regime=`, else the server's ENDUSE_REGIME). */
  regime: RegimeSelection;
  id: string;
  asOf: IsoDay;
  product?: string;
  maxHops: number;
  k: number;
  sort: (typeof ROUTE_SORTS)[number];
  limit: number;
}

/** Flagged routes from `input.id`, k per target, ranked (runs in the question pool). */
export const routesQuestion = defineQuestion({
  name: 'routes',
  response: routesAnswer,
  complete: (answer) => !answer.truncated,
  answer(graph, input: RoutesInput, { deadline, freeTradeZones }) {
    const { flags, budget } = searchInputs(graph, input.asOf, deadline, input.regime);
    const routes = rankedFlaggedRoutes(graph, input.id, {
      budget,
      asOf: input.asOf,
      product: input.product,
      maxHops: input.maxHops,
      k: input.k,
      sort: input.sort,
      flags,
      freeTradeZones,
      regime: input.regime,
    });
    const shown = routes.slice(0, input.limit);
    const entities: Record<string, Entity> = {};
    const statedEndUsers = shown.flatMap((route) => route.edges.flatMap((edge) => (edge.stated_end_user ? [edge.stated_end_user] : [])));
    for (const id of [input.id, ...shown.flatMap((route) => route.path), ...statedEndUsers]) {
      const entity = graph.entity(id);
      if (entity) entities[id] = entity;
    }
    return {
      from: input.id,
      asOf: input.asOf,
      regime: input.regime,
      product: input.product ?? null,
      filters: appliedFilters(graph, { asOf: input.asOf, regime: input.regime, maxHops: input.maxHops, product: input.product }),
      maxHops: input.maxHops,
      k: input.k,
      sort: input.sort,
      total: routes.length,
      more: routes.length - shown.length,
      truncated: budget.exhausted,
      routes: shown.map((route) => ({ ...route, reasons: [...route.reasons] })),
      entities,
    };
  },
});

export function flaggedRouteEndpoints(config: ApiConfig): Endpoint[] {
  const { limits } = config;
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/entities/{id}/routes',
      tag: 'routes',
      summary: 'Flagged routes from an entity',
      description:
        'Time-respecting, product-consistent routes along SUPPLIES and FRONT_FOR edges that stop at the first flagged entity; up to k per flagged target (Yen 1971), each with its red flags and a 0-100 score. `entities` has every entity on the routes and every stated end user.',
      scope: 'read',
      errors: [404],
      params: entityIdParams,
      query: z.object({
        asOf: asOfQuery,
        regime: regimeQuery(config.regime),
        product: productQuery,
        maxHops: maxHopsQuery(limits.maxHops),
        k: countQuery(1, limits.maxK, 'routes per flagged target'),
        sort: z.enum(ROUTE_SORTS).default('length').describe('length (fewest hops first) or score (highest first)'),
        limit: countQuery(Math.min(100, limits.maxResults), limits.maxResults, 'most routes'),
      }),
      response: routesAnswer,
      question: routesQuestion,
      ask: ({ params, query }) => ({ id: params.id, ...query }),
    }),
  ];
}
