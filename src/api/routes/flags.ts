// /api/flags: every flagged entity at a date, with its reasons.
import { z } from 'zod';
import { flagsAt } from '../flag-cache.ts';
import type { ApiLimits } from '../config.ts';
import { DEFAULT_REGIME, type RegimeSelection } from '../../domain/regimes.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { answerRegimeOut, asOfQuery, countQuery, entityOut, reasonSchema, regimeQuery } from '../schemas.ts';

export function flagEndpoints(limits: ApiLimits, regime: RegimeSelection = DEFAULT_REGIME): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/flags',
      tag: 'flags',
      summary: 'Flagged entities at a date, each with every reason that holds',
      scope: 'read',
      query: z.object({ asOf: asOfQuery, regime: regimeQuery(regime), limit: countQuery(Math.min(100, limits.maxResults), limits.maxResults, 'most entities') }),
      response: z.object({
        asOf: z.string(),
        regime: answerRegimeOut,
        total: z.number().int(),
        more: z.number().int().describe('flagged entities left out by limit'),
        flagged: z.array(z.object({ entity: entityOut, reasons: z.array(reasonSchema) })),
      }),
      async handle({ query, view }) {
        const graph = await view();
        const flags = [...flagsAt(graph, query.asOf, query.regime)].sort(([a], [b]) => a.localeCompare(b));
        const shown = flags.slice(0, query.limit);
        return {
          asOf: query.asOf,
          regime: query.regime,
          total: flags.length,
          more: flags.length - shown.length,
          flagged: shown.map(([id, reasons]) => ({ entity: graph.entity(id)!, reasons: [...reasons] })),
        };
      },
    }),
  ];
}
