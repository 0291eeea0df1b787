// /api/connections: how two entities are connected, over relationships of every type (or the
// types asked), on the whole store: the shortest chain within maxHops and the time budget.
import { z } from 'zod';
import { connection, DEFAULT_CONNECTION_HOPS, parseRelationshipTypes } from '../../analysis/connection.ts';
import { parseDay } from '../../domain/dates.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { entitySchema, RELATIONSHIP_TYPE_NAMES, type RelationshipType } from '../../domain/schema.ts';
import type { ApiLimits } from '../config.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { countQuery, entityOut, relationshipOut } from '../schemas.ts';

const typesQuery = z
  .string()
  .optional()
  .transform((value, ctx): RelationshipType[] | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const parsed = parseRelationshipTypes(value);
    if ('types' in parsed) return parsed.types;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  })
  .describe(`only relationships of these types, comma-separated (${RELATIONSHIP_TYPE_NAMES.join(', ')}); default: every type`);

/** Unlike the analysis endpoints, no date means every relationship, whatever its dates. */
const optionalDayQuery = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    const day = parseDay(value);
    if (day === undefined) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a date; give YYYY-MM-DD, for example 2011-06-30, or leave asOf out for every date` });
      return z.NEVER;
    }
    return day;
  })
  .describe('only relationships in force on this day, YYYY-MM-DD (default: every relationship, whatever its dates)');

export const connectionAnswer = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string().nullable().describe('the day relationships had to be in force on; null: any dates'),
  types: z.array(z.enum(RELATIONSHIP_TYPE_NAMES as [RelationshipType, ...RelationshipType[]])).describe('the relationship types followed'),
  maxHops: z.number().int(),
  found: z.boolean(),
  hops: z.number().int().nullable().describe('relationships in the chain; null when none was found'),
  path: z.array(entityOut).describe('the entities of the chain, from `from` to `to`'),
  relationships: z.array(relationshipOut).describe('the relationship joining each consecutive pair of `path`, as stored: its source and target may run against the chain'),
  explored: z.number().int().describe('entities the search reached'),
  truncated: z.boolean().describe('the time budget ran out first: a chain may exist that was not found; ask fewer hops or fewer types'),
});

export function connectionEndpoints(limits: ApiLimits): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/connections',
      tag: 'entities',
      summary: 'How are two entities connected? The shortest chain of relationships of any type, either direction',
      description:
        'Bidirectional breadth-first search over the whole store, within `maxHops` and the request time budget; `truncated` says the budget ran out. Ties are found whatever the direction of each relationship.',
      scope: 'read',
      errors: [404],
      query: z.object({
        from: entitySchema.shape.id.describe('entity id at one end'),
        to: entitySchema.shape.id.describe('entity id at the other end'),
        maxHops: countQuery(Math.min(DEFAULT_CONNECTION_HOPS, limits.maxHops), limits.maxHops, 'most relationships in the chain'),
        types: typesQuery,
        asOf: optionalDayQuery,
      }),
      response: connectionAnswer,
      async handle({ query, view, deadline }) {
        if (query.from === query.to) throw new InvalidInputError('bad query', [{ field: 'query.to', message: `is the same entity as query.from ('${query.from}'); give two different entities` }]);
        const graph = await view();
        const found = connection(graph, query.from, query.to, { maxHops: query.maxHops, types: query.types, asOf: query.asOf, budget: deadline.searchBudget() });
        return {
          from: query.from,
          to: query.to,
          asOf: query.asOf ?? null,
          types: query.types ?? RELATIONSHIP_TYPE_NAMES,
          maxHops: query.maxHops,
          found: found.path.length > 0,
          hops: found.path.length > 0 ? found.relationships.length : null,
          path: found.path.map((id) => graph.entity(id)!),
          relationships: found.relationships,
          explored: found.explored,
          truncated: found.truncated,
        };
      },
    }),
  ];
}
