// /api/cases: the shipped cases the dashboard opens on, and /api/health.
import { z } from 'zod';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';

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
    summary: 'Whether the store answers, and how big the graph is',
    scope: 'read',
    response: z.object({ status: z.literal('ok'), backend: z.enum(['memory', 'neo4j']), entities: z.number().int(), relationships: z.number().int() }),
    async handle({ store, view }) {
      const graph = await view();
      return { status: 'ok' as const, backend: store.backend, entities: graph.entityCount(), relationships: graph.relationshipCount() };
    },
  });
  return [cases, health];
}
