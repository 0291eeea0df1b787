// /api/entities/{id}/changes: flags and flagged routes from an entity that appeared, disappeared
// or changed between two dates, each change with the evidence that explains it.
import { z } from 'zod';
import { whatChanged } from '../../analysis/diff.ts';
import { parseDay, type IsoDay } from '../../domain/dates.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { TimeBudgetError } from '../http-errors.ts';
import { defineQuestion } from '../questions/question.ts';
import type { RegimeSelection } from '../../domain/regimes.ts';
import { answerRegimeOut, maxHopsQuery, entityIdParams, productQuery, reasonSchema, regimeQuery, relationshipOut, routeEdgeOut } from '../schemas.ts';

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
  regime: answerRegimeOut,
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

export interface ChangesInput {
  /** Whose law applies on both dates (`?regime=`, else the server's ENDUSE_REGIME). */
  regime: RegimeSelection;
  id: string;
  before: IsoDay;
  after: IsoDay;
  product?: string;
  maxHops: number;
}

/** Flags and flagged routes from `input.id` that changed between two dates (runs in the question pool). */
export const changesQuestion = defineQuestion({
  name: 'changes',
  response: changesAnswer,
  answer(graph, input: ChangesInput, { deadline }) {
    const budget = deadline.searchBudget();
    const diff = whatChanged({ view: graph, asOf: input.before }, { view: graph, asOf: input.after }, input.id, {
      maxHops: input.maxHops,
      budget,
      regime: input.regime,
      ...(input.product ? { product: input.product } : {}),
    });
    // Routes cut short would report changes that did not happen: no answer then.
    if (budget.exhausted) throw new TimeBudgetError(`the comparison ran past its time budget of ${deadline.budgetMs} ms; ask with fewer maxHops`);
    // The analysis returns readonly arrays; the response schema checks the shape at run time.
    return { ...diff, before: input.before, after: input.after, regime: input.regime } as unknown as z.input<typeof changesAnswer>;
  },
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
        regime: regimeQuery(config.regime),
        product: productQuery,
        maxHops: maxHopsQuery(limits.maxHops),
      }),
      response: changesAnswer,
      question: changesQuestion,
      ask: ({ params, query }) => ({ id: params.id, ...query }),
    }),
  ];
}
