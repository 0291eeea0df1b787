// /api/cases: the shipped cases the dashboard opens on, and /api/health.
import { z } from 'zod';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { projectionHealthOut } from '../schemas.ts';
import { STORE_BACKENDS } from '../../store/graph-store.ts';

export const casesAnswer = z.object({
  cases: z.array(z.object({ id: z.string(), title: z.string(), asOf: z.string(), sources: z.array(z.string()), summary: z.string().optional() })),
});

export function caseEndpoints(config: ApiConfig): Endpoint[] {
  const cases = defineEndpoint({
    method: 'get',
    path: '/api/cases',
    tag: 'cases',
    summary: 'Shipped cases: a title, a date and the source entities to start from',
    scope: 'read',
    response: casesAnswer,
    handle() {
      return { cases: config.cases.map(({ id, title, asOf, sources, summary }) => ({ id, title, asOf, sources, ...(summary ? { summary } : {}) })) };
    },
  });
  const health = defineEndpoint({
    method: 'get',
    path: '/api/health',
    tag: 'cases',
    summary: 'Whether the store answers, how big the graph is, and how fresh the data served is',
    description:
      '`status` is `stale` when the last refresh of the data failed (the store is down, say): answers still come from the last good data (`projection.serving`), and the server retries (`projection.retryAt`).',
    scope: 'read',
    response: z.object({ status: z.enum(['ok', 'stale']), backend: z.enum(STORE_BACKENDS), entities: z.number().int(), relationships: z.number().int(), projection: projectionHealthOut }),
    async handle({ store, view }) {
      const graph = await view();
      const projection = store.health();
      return { status: projection.status === 'stale' ? ('stale' as const) : ('ok' as const), backend: store.backend, entities: graph.entityCount(), relationships: graph.relationshipCount(), projection };
    },
  });
  return [cases, health];
}
