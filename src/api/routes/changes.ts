// /api/entities/{id}/changes: flags and flagged routes from an entity that appeared, disappeared
// or changed between two dates, each change with the evidence that explains it.
import { z } from 'zod';
import { whatChanged } from '../../analysis/diff.ts';
import { parseDay } from '../../domain/dates.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { maxHopsQuery, entityIdParams, productQuery, reasonSchema, relationshipOut, routeEdgeOut } from '../schemas.ts';

const requiredDay = (description: string) =>
  z
    .string({ message: 'is required; give a date YYYY-MM-DD' })
    .refine((value) => parseDay(value) !== undefined, { message: 'must be a date YYYY-MM-DD, for example 2011-06-30' })
    .transform((value) => parseDay(value)!)
    .describe(description);

const changeEvidenceOut = z.union([
  z.object({
    event: z.enum(['flag_started', 'flag_ended']),
    entity: z.string(),
    kind: z.enum(['listing', 'jurisdiction', 'ownership']),
    cause: z.enum(['in_force', 'data']),
    reason: reasonSchema,
  }),
  z.object({ event: z.enum(['intermediary_flagged', 'intermediary_unflagged']), entity: z.string(), reasons: z.array(reasonSchema) }),
  z.object({ event: z.enum(['edge_added', 'edge_removed', 'edge_started', 'edge_not_started']), relationship: relationshipOut }),
  z.object({ event: z.literal('edge_changed'), before: relationshipOut, after: relationshipOut }),
]);

const flagChangeOut = z.object({ id: z.string(), name: z.string(), reasons: z.array(reasonSchema), why: z.array(changeEvidenceOut) });
const routeSideOut = z.object({ path: z.array(z.string()), hops: z.number().int(), edges: z.array(routeEdgeOut), reasons: z.array(reasonSchema) });
const routeChangeOut = routeSideOut.extend({ target: z.string(), why: z.array(changeEvidenceOut) });

export const changesAnswer = z.object({
  from: z.string(),
  before: z.string(),
  after: z.string(),
  flags: z.object({
    added: z.array(flagChangeOut),
    removed: z.array(flagChangeOut),
    changed: z.array(z.object({ id: z.string(), name: z.string(), reasonsAdded: z.array(reasonSchema), reasonsRemoved: z.array(reasonSchema), why: z.array(changeEvidenceOut) })),
  }),
  routes: z.object({
    appeared: z.array(routeChangeOut),
    disappeared: z.array(routeChangeOut),
    changed: z.array(z.object({ target: z.string(), before: routeSideOut, after: routeSideOut, why: z.array(changeEvidenceOut) })),
  }),
});

export function changeEndpoints(config: ApiConfig): Endpoint[] {
  const { limits } = config;
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/entities/{id}/changes',
      tag: 'changes',
      summary: 'What changed between two dates: flags and flagged routes from an entity, each change with its evidence',
      description: 'The same answer as `enduse diff --before --after` on the store: a route that appeared is explained by the flags, edges and dates it needed.',
      scope: 'read',
      errors: [404],
      params: entityIdParams,
      query: z.object({
        before: requiredDay('the earlier date, YYYY-MM-DD'),
        after: requiredDay('the later date, YYYY-MM-DD'),
        product: productQuery,
        maxHops: maxHopsQuery(limits.maxHops),
      }),
      response: changesAnswer,
      async handle({ params, query, view }) {
        const graph = await view();
        const diff = whatChanged({ view: graph, asOf: query.before }, { view: graph, asOf: query.after }, params.id, {
          maxHops: query.maxHops,
          ...(query.product ? { product: query.product } : {}),
        });
        // The analysis returns readonly arrays; the response schema checks the shape at run time.
        return { ...diff, before: query.before, after: query.after } as unknown as z.input<typeof changesAnswer>;
      },
    }),
  ];
}
