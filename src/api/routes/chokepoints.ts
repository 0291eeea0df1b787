// /api/entities/{id}/chokepoints: the fewest intermediaries whose removal cuts every flagged route.
import { z } from 'zod';
import type { RegimeSelection } from '../../domain/regimes.ts';
import { chokepoints } from '../../analysis/chokepoints.ts';
import { searchInputs } from '../flag-cache.ts';
import type { IsoDay } from '../../domain/dates.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { defineQuestion } from '../questions/question.ts';
import { answerRegimeOut, asOfQuery, maxHopsQuery, entityIdParams, productQuery, regimeQuery, routeEdgeOut } from '../schemas.ts';

export const chokepointsAnswer = z.object({
  from: z.string(),
  asOf: z.string(),
  regime: answerRegimeOut,
  targets: z.array(z.string()),
  uncuttable: z.array(z.object({ target: z.string(), edges: z.array(routeEdgeOut) })).describe('flagged entities the source supplies directly'),
  cut: z.object({
    members: z.array(z.object({ id: z.string(), name: z.string() })),
    size: z.number().int(),
    status: z.enum(['minimum', 'upper_bound']),
    method: z.enum(['max-flow', 'max-flow + exhaustive search']),
    lowerBound: z.number().int(),
    disjointRoutes: z.array(z.array(z.string())),
    verified: z.boolean(),
  }),
  intermediaries: z.array(z.object({ id: z.string(), name: z.string(), inCut: z.boolean(), cutsAlone: z.number().int(), targetsCutAlone: z.array(z.string()) })),
  truncated: z.boolean().describe('true when the searches ran out of their time budget: the cut is an unverified upper bound'),
});

export interface ChokepointsInput {
  /** Whose law applies (`?regime=`, else the server's ENDUSE_REGIME). */
  regime: RegimeSelection;
  id: string;
  asOf: IsoDay;
  product?: string;
  maxHops: number;
}

/** The smallest cut of every flagged route from `input.id` (runs in the question pool). */
export const chokepointsQuestion = defineQuestion({
  name: 'chokepoints',
  response: chokepointsAnswer,
  complete: (answer) => !answer.truncated,
  answer(graph, input: ChokepointsInput, { deadline }) {
    const { flags, budget } = searchInputs(graph, input.asOf, deadline, input.regime);
    const answer = chokepoints(graph, input.id, { asOf: input.asOf, product: input.product, maxHops: input.maxHops, flags, budget });
    return { ...answer, asOf: input.asOf, regime: input.regime, truncated: budget.exhausted };
  },
});

export function chokepointEndpoints(config: ApiConfig): Endpoint[] {
  const { limits } = config;
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/entities/{id}/chokepoints',
      tag: 'chokepoints',
      summary: 'Chokepoints: the fewest intermediaries whose removal cuts every flagged route from an entity',
      description: 'A minimum vertex cut by max-flow (Menger), verified by re-running the route search; `status` says whether it is proven minimum or an upper bound.',
      scope: 'read',
      errors: [404],
      params: entityIdParams,
      query: z.object({
        asOf: asOfQuery,
        regime: regimeQuery(config.regime),
        product: productQuery,
        maxHops: maxHopsQuery(limits.maxHops),
      }),
      response: chokepointsAnswer,
      question: chokepointsQuestion,
      ask: ({ params, query }) => ({ id: params.id, ...query }),
    }),
  ];
}
