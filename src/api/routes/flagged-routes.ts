// /api/entities/{id}/routes: flagged routes from an entity, up to k per flagged target.
import { z } from 'zod';
import { flaggedEntities } from '../../analysis/flags.ts';
import { kShortestFlaggedRoutes } from '../../analysis/k-shortest-routes.ts';
import { DEFAULT_MAX_HOPS } from '../../analysis/routes.ts';
import type { Entity } from '../../domain/schema.ts';
import type { ApiLimits } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { asOfQuery, countQuery, entityIdParams, entityOut, productQuery, routeOut } from '../schemas.ts';

export function flaggedRouteEndpoints(limits: ApiLimits): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/entities/{id}/routes',
      tag: 'routes',
      summary: 'Flagged routes from an entity',
      description:
        'Time-respecting, product-consistent routes along SUPPLIES and FRONT_FOR edges that stop at the first flagged entity; up to k per flagged target (Yen 1971), fewest hops first. `entities` has every entity on the routes.',
      scope: 'read',
      errors: [404],
      params: entityIdParams,
      query: z.object({
        asOf: asOfQuery,
        product: productQuery,
        maxHops: countQuery(Math.min(DEFAULT_MAX_HOPS, limits.maxHops), limits.maxHops, 'most edges in a route'),
        k: countQuery(1, limits.maxK, 'routes per flagged target'),
        limit: countQuery(Math.min(100, limits.maxResults), limits.maxResults, 'most routes'),
      }),
      response: z.object({
        from: z.string(),
        asOf: z.string(),
        product: z.string().nullable(),
        maxHops: z.number().int(),
        k: z.number().int(),
        total: z.number().int(),
        more: z.number().int().describe('routes left out by limit'),
        routes: z.array(routeOut),
        entities: z.record(z.string(), entityOut),
      }),
      async handle({ params, query, view, deadline }) {
        const graph = await view();
        const flags = flaggedEntities(graph, query.asOf);
        deadline.check('reading the flags');
        const routes = kShortestFlaggedRoutes(graph, params.id, { asOf: query.asOf, product: query.product, maxHops: query.maxHops, k: query.k, flags });
        const shown = routes.slice(0, query.limit);
        const entities: Record<string, Entity> = {};
        for (const id of [params.id, ...shown.flatMap((route) => route.path)]) {
          const entity = graph.entity(id);
          if (entity) entities[id] = entity;
        }
        return {
          from: params.id,
          asOf: query.asOf,
          product: query.product ?? null,
          maxHops: query.maxHops,
          k: query.k,
          total: routes.length,
          more: routes.length - shown.length,
          routes: shown.map((route) => ({ ...route, reasons: [...route.reasons] })),
          entities,
        };
      },
    }),
  ];
}
