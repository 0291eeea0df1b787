// /api/refresh: read the store again now (after writes by another tool), and swap in the result.
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { refreshOut } from '../schemas.ts';

export function refreshEndpoints(): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/api/refresh',
      tag: 'datasets',
      summary: 'Read the store again now and serve the result (needs a write key)',
      description:
        'The server rebuilds its data from the store in the background and swaps it in when complete; reads never see a half-built state. Loads by enduse are picked up by themselves (a change marker), and writes by other tools at the refresh interval; this asks for one now and answers when it is served. If the store cannot be read, the answer is 503 and the last good data keeps being served (see `/api/health`).',
      scope: 'write',
      errors: [403],
      response: refreshOut,
      async handle({ store }) {
        // Not raced against the budget: a rebuild runs to its end, and the answer says how it ended.
        const projection = await store.refresh();
        return { serving: { version: projection.version, dataAsOf: projection.dataAsOf }, entities: projection.view.entityCount(), relationships: projection.view.relationshipCount() };
      },
    }),
  ];
}
