// /api/entities/{id}/exposure: what an entity's goods can reach, by jurisdiction and by reason.
import { z } from 'zod';
import type { RegimeSelection } from '../../domain/regimes.ts';
import { computeExposure, flaggedEntityCount } from '../../analysis/exposure.ts';
import { searchInputs } from '../flag-cache.ts';
import { JURISDICTION_FLAGS, type Entity } from '../../domain/schema.ts';
import type { IsoDay } from '../../domain/dates.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { defineQuestion } from '../questions/question.ts';
import { appliedFilters } from '../../analysis/applied-filters.ts';
import { answerRegimeOut, asOfQuery, countQuery, maxHopsQuery, appliedFiltersOut, entityIdParams, entityOut, productQuery, rankedRouteOut, regimeQuery } from '../schemas.ts';

export const exposureAnswer = z.object({
  from: z.string(),
  asOf: z.string(),
  regime: answerRegimeOut,
  maxHops: z.number().int(),
  product: z.string().nullable(),
  filters: appliedFiltersOut,
  reachable: z.object({
    entities: z.number().int(),
    endUsers: z.number().int(),
    flaggedEndUsers: z.number().int(),
    flaggedShare: z.number().nullable().describe('flagged end users over end users reached; null when none is reached'),
  }),
  byJurisdiction: z.array(
    z.object({
      country: z.string().nullable(),
      reachable: z.number().int(),
      flagged: z.number().int(),
      endUsers: z.number().int(),
      flaggedEndUsers: z.number().int(),
      flags: z.array(z.object({ flag: z.enum(JURISDICTION_FLAGS), from: z.string().optional(), to: z.string().optional(), source: z.string().optional() })),
    }),
  ),
  byReason: z.array(z.object({ code: z.string(), count: z.number().int() })),
  flagged: z.array(z.object({ target: z.string(), route: rankedRouteOut })).describe('the best route to each flagged entity reached, highest score first, up to `limit`'),
  more: z.number().int().describe('flagged routes left out by limit (every flagged entity is still counted above)'),
  entities: z.record(z.string(), entityOut).describe('every entity on the routes in `flagged`'),
  truncated: z.boolean().describe('true when the search ran out of its time budget: the counts and routes cover what was reached before'),
});

export interface ExposureInput {
  /** Whose law applies (`?regime=`, else the server's ENDUSE_REGIME). */
  regime: RegimeSelection;
  id: string;
  asOf: IsoDay;
  product?: string;
  maxHops: number;
  limit: number;
}

/** What `input.id`'s goods reach, with the best `limit` flagged routes (runs in the question pool). */
export const exposureQuestion = defineQuestion({
  name: 'exposure',
  response: exposureAnswer,
  complete: (answer) => !answer.truncated,
  answer(graph, input: ExposureInput, { deadline, freeTradeZones }) {
    const { flags, budget } = searchInputs(graph, input.asOf, deadline, input.regime);
    // At a million entities one exposure can reach tens of thousands of flagged entities:
    // all are counted, the best `limit` routes are listed (and only those get their evidence).
    const exposure = computeExposure(graph, input.id, { asOf: input.asOf, maxHops: input.maxHops, product: input.product, flags, freeTradeZones, budget, limit: input.limit, regime: input.regime });
    const shown = exposure.flagged;
    const entities: Record<string, Entity> = {};
    for (const id of [input.id, ...shown.flatMap(({ route }) => route.path)]) {
      const entity = graph.entity(id);
      if (entity) entities[id] = entity;
    }
    return {
      ...exposure,
      regime: input.regime,
      filters: appliedFilters(graph, { asOf: input.asOf, regime: input.regime, maxHops: input.maxHops, product: input.product }),
      flagged: shown.map(({ target, route }) => ({ target, route: { ...route, reasons: [...route.reasons] } })),
      more: flaggedEntityCount(exposure) - shown.length,
      entities,
      truncated: budget.exhausted,
    };
  },
});

export function exposureEndpoints(config: ApiConfig): Endpoint[] {
  const { limits } = config;
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/entities/{id}/exposure',
      tag: 'exposure',
      summary: "An entity's exposure: what its goods can reach within maxHops, by jurisdiction and reason",
      description:
        'Under the rules of the route search (time-respecting, product-consistent, a flagged entity is reached but not passed); every flagged entity counted comes with its best route.',
      scope: 'read',
      errors: [404],
      params: entityIdParams,
      query: z.object({
        asOf: asOfQuery,
        regime: regimeQuery(config.regime),
        product: productQuery,
        maxHops: maxHopsQuery(limits.maxHops, 'most edges from the entity'),
        limit: countQuery(Math.min(100, limits.maxResults), limits.maxResults, 'most flagged routes listed'),
      }),
      response: exposureAnswer,
      question: exposureQuestion,
      ask: ({ params, query }) => ({ id: params.id, ...query }),
    }),
  ];
}
