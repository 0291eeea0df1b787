// /api/screenings: screen a proposed sale and answer clear / review / stop with its reasons.
import { z } from 'zod';
import type { RegimeSelection } from '../../domain/regimes.ts';
import { screenSale, VERDICT_RULES, type ProposedSale } from '../../analysis/screening.ts';
import { DEFAULT_MAX_HOPS } from '../../analysis/routes.ts';
import { parseDay } from '../../domain/dates.ts';
import { entitySchema, RELATIONSHIP_TYPE_NAMES, type Entity, type RelationshipType } from '../../domain/schema.ts';
import type { ApiConfig } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { TimeBudgetError } from '../http-errors.ts';
import { defineQuestion } from '../questions/question.ts';
import { entityOut, rankedRouteOut, reasonSchema, redFlagSchema, regimeBodyField } from '../schemas.ts';

const day = z.string().refine((value) => parseDay(value) !== undefined, { message: 'must be a date YYYY-MM-DD, for example 2011-06-30' });
const verdictRules = Object.keys(VERDICT_RULES) as [keyof typeof VERDICT_RULES, ...(keyof typeof VERDICT_RULES)[]];

export function screeningBody(maxHops: number) {
  return z
    .object({
      seller: entitySchema.shape.id.describe('id of the entity selling'),
      buyer: z
        .union([
          z.object({ id: entitySchema.shape.id }).strict(),
          z
            .object({
              name: z.string().trim().min(1, 'must not be empty').max(300),
              country: entitySchema.shape.country.unwrap(),
              address: z.string().trim().min(1, 'must not be empty; leave address out when unknown').max(500).optional().describe('the red flags read it (free-zone addresses)'),
            })
            .strict(),
        ])
        .describe('an entity id, or a name, ISO country and optional address for a buyer that may not be in the graph (a new counterparty)'),
      product: z.string().trim().min(1).max(200).optional(),
      statedEndUser: entitySchema.shape.id.optional().describe('id of the end user declared for the sale'),
      date: day.describe('date of the sale, YYYY-MM-DD'),
      maxHops: z.number().int().min(1).max(maxHops).default(Math.min(DEFAULT_MAX_HOPS, maxHops)),
      regime: regimeBodyField,
    })
    .strict();
}

export const screeningAnswer = z.object({
  sale: z.object({ seller: z.string(), buyer: z.string(), product: z.string().nullable(), statedEndUser: z.string().nullable(), date: z.string() }),
  buyer: z.object({
    id: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    inGraph: z.boolean(),
    match: z
      .object({
        query: z.string(),
        normalised: z.string(),
        candidates: z.array(z.object({ id: z.string(), name: z.string(), country: z.string().nullable(), matchedOn: z.enum(['name', 'alias']), value: z.string() })),
      })
      .nullable(),
    reasons: z.array(reasonSchema),
  }),
  statedEndUser: z.object({ id: z.string(), name: z.string(), reasons: z.array(reasonSchema) }).nullable(),
  owners: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.enum(RELATIONSHIP_TYPE_NAMES as [RelationshipType, ...RelationshipType[]]),
      share: z.number().nullable(),
      relationship: z.string(),
      evidence: z.string().nullable(),
      source: z.string().nullable(),
      flagged: z.boolean(),
      reasons: z.array(reasonSchema),
    }),
  ),
  anyOwnerFlagged: z.boolean(),
  routes: z.array(rankedRouteOut.extend({ new: z.boolean().describe('whether the seller reaches this target only through the sale') })),
  redFlags: z.array(redFlagSchema),
  verdict: z.object({ decision: z.enum(['clear', 'review', 'stop']), regime: z.string(), summary: z.string().describe('the verdict in one plain sentence: the decision and the rules that made it'), reasons: z.array(z.object({ rule: z.enum(verdictRules), message: z.string(), regimes: z.array(z.string()) })) }),
  entities: z.record(z.string(), entityOut).describe('every entity of the graph on the routes, by id'),
});

/** The request body with the server's regime (ENDUSE_REGIME), which is part of the question. */
export type ScreeningInput = z.output<ReturnType<typeof screeningBody>> & { regime: RegimeSelection };

/** The verdict on one proposed sale (runs in the question pool). */
export const screeningQuestion = defineQuestion({
  name: 'screening',
  response: screeningAnswer,
  answer(graph, body: ScreeningInput, { deadline, freeTradeZones }) {
    const sale: ProposedSale = {
      seller: body.seller,
      buyer: body.buyer,
      date: body.date,
      ...(body.product ? { product: body.product } : {}),
      ...(body.statedEndUser ? { statedEndUser: body.statedEndUser } : {}),
    };
    const budget = deadline.searchBudget();
    const screening = screenSale(graph, sale, { maxHops: body.maxHops, freeTradeZones, budget, regime: body.regime });
    // A verdict from routes cut short could say clear where a route exists: no verdict then.
    if (budget.exhausted) throw new TimeBudgetError(`the screening ran past its time budget of ${deadline.budgetMs} ms; ask with fewer maxHops`);
    const entities: Record<string, Entity> = {};
    for (const id of screening.routes.flatMap((route) => route.path)) {
      const entity = graph.entity(id);
      if (entity) entities[id] = entity;
    }
    return {
      entities,
      ...screening,
      buyer: { ...screening.buyer, reasons: [...screening.buyer.reasons] },
      statedEndUser: screening.statedEndUser ? { ...screening.statedEndUser, reasons: [...screening.statedEndUser.reasons] } : null,
      owners: screening.owners.map((owner) => ({ ...owner, reasons: [...owner.reasons] })),
      routes: screening.routes.map((route) => ({ ...route, reasons: [...route.reasons] })),
    };
  },
});

export function screeningEndpoints(config: ApiConfig): Endpoint[] {
  return [
    defineEndpoint({
      method: 'post',
      path: '/api/screenings',
      tag: 'screenings',
      summary: 'Screen a proposed sale: verdict clear, review or stop, with its reasons and evidence',
      description:
        'The proposed SUPPLIES edge is added to an overlay of the graph, never to the store. The verdict names each rule that fired (stop rules first): buyer or stated end user flagged; a flagged route through the sale; a flagged owner; a red flag on the proposed hop; an uncertain name match.',
      scope: 'read',
      errors: [404],
      body: screeningBody(config.limits.maxHops),
      response: screeningAnswer,
      question: screeningQuestion,
      ask: ({ body }) => ({ ...body, regime: body.regime ?? config.regime }),
    }),
  ];
}
