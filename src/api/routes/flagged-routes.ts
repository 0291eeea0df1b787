// /api/entities/{id}/routes: flagged routes from an entity, up to k per flagged target.
import { z } from 'zod';
import { searchInputs } from '../flag-cache.ts';
import { rankedFlaggedRoutes, ROUTE_SORTS } from '../../analysis/ranked-routes.ts';
import type { Entity } from '../../domain/schema.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { asOfQuery, countQuery, maxHopsQuery, entityIdParams, entityOut, productQuery, rankedRouteOut } from '../schemas.ts';

export const routesAnswer = z.object({
  from: z.string(),
  asOf: z.string(),
  product: z.string().nullable(),
  maxHops: z.number().int(),
  k: z.number().int(),
  total: z.number().int(),
  more: z.number().int().describe('routes left out by limit'),
  truncated: z.boolean().describe('true when the search ran out of its time budget: `routes` holds what was found before'),
  sort: z.enum(ROUTE_SORTS),
  routes: z.array(rankedRouteOut),
  entities: z.record(z.string(), entityOut),
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
        product: productQuery,
        maxHops: maxHopsQuery(limits.maxHops),
        k: countQuery(1, limits.maxK, 'routes per flagged target'),
        sort: z.enum(ROUTE_SORTS).default('length').describe('length (fewest hops first) or score (highest first)'),
        limit: countQuery(Math.min(100, limits.maxResults), limits.maxResults, 'most routes'),
      }),
      response: routesAnswer,
      async handle({ params, query, searchView, deadline }) {
        const graph = await searchView(params.id, { asOf: query.asOf, product: query.product, maxHops: query.maxHops, k: query.k });
        const { flags, budget } = searchInputs(graph, query.asOf, deadline);
        const routes = rankedFlaggedRoutes(graph, params.id, {
          budget,
          asOf: query.asOf,
          product: query.product,
          maxHops: query.maxHops,
          k: query.k,
          sort: query.sort,
          flags,
          freeTradeZones: config.freeTradeZones,
        });
        const shown = routes.slice(0, query.limit);
        const entities: Record<string, Entity> = {};
        const statedEndUsers = shown.flatMap((route) => route.edges.flatMap((edge) => (edge.stated_end_user ? [edge.stated_end_user] : [])));
        for (const id of [params.id, ...shown.flatMap((route) => route.path), ...statedEndUsers]) {
          const entity = graph.entity(id);
          if (entity) entities[id] = entity;
        }
        return {
          from: params.id,
          asOf: query.asOf,
          product: query.product ?? null,
          maxHops: query.maxHops,
          k: query.k,
          sort: query.sort,
          total: routes.length,
          more: routes.length - shown.length,
          truncated: budget.exhausted,
          routes: shown.map((route) => ({ ...route, reasons: [...route.reasons] })),
          entities,
        };
      },
    }),
  ];
}
