// /api/audit: the audit log of loads, newest first, for write keys only.
import { z } from 'zod';
import { auditEntrySchema } from '../../audit/audit-log.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { countQuery } from '../schemas.ts';

export const auditAnswer = z.object({
  total: z.number().int().describe('entries in the log'),
  entries: z.array(auditEntrySchema).describe('newest first, at most `limit`'),
});

export function auditEndpoints(config: ApiConfig): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/audit',
      tag: 'datasets',
      summary: 'The audit log: every load through the API or the CLI (who, when, which dataset, counts, outcome)',
      description: 'Needs a write key. `who` is the name of the key that made the request, never the key itself.',
      scope: 'write',
      errors: [403],
      query: z.object({ limit: countQuery(100, config.limits.maxResults, 'most entries') }),
      response: auditAnswer,
      async handle({ query }) {
        return config.audit.entries(query.limit);
      },
    }),
  ];
}
