// /api/entities: search by name or alias, and one entity with its flags and neighbourhood.
import { z } from 'zod';
import { reasonsFor } from '../../analysis/flags.ts';
import { flagsAt } from '../flag-cache.ts';
import { neighbourhood } from '../../analysis/neighbourhood.ts';
import { searchEntities } from '../../analysis/entity-search.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { ApiLimits } from '../config.ts';
import { DEFAULT_REGIME, type RegimeSelection } from '../../domain/regimes.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { answerRegimeOut, asOfQuery, countQuery, entityIdParams, entityOut, listingOut, reasonSchema, regimeQuery, relationshipOut } from '../schemas.ts';

export const searchAnswer = z.object({
  query: z.string(),
  asOf: z.string(),
  regime: answerRegimeOut,
  total: z.number().int(),
  complete: z.boolean().describe('false when the query was so short or common that only the first 20,000 matching texts were ranked (total is then a lower bound)'),
  didYouMean: z.string().nullable().describe('when nothing matches as written: the closest spelling found, which the hits then hold'),
  hits: z.array(
    z.object({
      entity: entityOut,
      matched: z.enum(['id', 'name', 'alias']),
      text: z.string(),
      rank: z.number().int().describe('0 exact, 1 prefix, 2 word start, 3 anywhere, 4 every word found but spelled differently or in another order'),
      edits: z.number().int().describe('letters to change in the query to spell the text (0 unless the query has a typo)'),
      flagged: z.boolean(),
    }),
  ),
});

export const entityAnswer = z.object({
  asOf: z.string(),
  regime: answerRegimeOut,
  entity: entityOut,
  flagged: z.boolean(),
  reasons: z.array(reasonSchema),
  listings: z.array(listingOut),
  neighbourhood: z.object({
    depth: z.number().int(),
    entities: z.array(entityOut.extend({ flagged: z.boolean() })),
    relationships: z.array(relationshipOut),
    more: z.number().int().describe('relationships within depth left out by limit ("and N more"); at least this many'),
  }),
});

export function entityEndpoints(limits: ApiLimits, regime: RegimeSelection = DEFAULT_REGIME): Endpoint[] {
  const search = defineEndpoint({
    method: 'get',
    path: '/api/entities',
    tag: 'entities',
    summary: 'Search entities by name, alias or id, tolerant of typos and other scripts',
    description:
      'Case-, accent- and script-insensitive (other scripts are transliterated: 华为 finds Huawei); every word of q must occur in a name, alias or id, as written, as a word start or part, or a few letters off. Ranked: exact, then prefix, then word start, then anywhere, then other spellings or word orders. Misspelt hits are given only when nothing matches as written, with `didYouMean`. Each hit says whether it is flagged at asOf.',
    scope: 'read',
    query: z.object({
      q: z.string().trim().min(1, 'give the text to search for').max(200).describe('text to find in names, aliases and ids'),
      asOf: asOfQuery,
      regime: regimeQuery(regime),
      limit: countQuery(20, Math.min(100, limits.maxResults), 'most hits'),
    }),
    response: searchAnswer,
    async handle({ query, view, questions, deadline }) {
      const graph = await view();
      // Built in a worker the first time a data version is searched (or at start): waiting for it holds no thread.
      await deadline.race(questions.nameIndex(graph), 'building the search index');
      const { hits, didYouMean, complete } = searchEntities(graph, query.q);
      const flags = flagsAt(graph, query.asOf, query.regime);
      return {
        query: query.q,
        asOf: query.asOf,
        regime: query.regime,
        total: hits.length,
        complete,
        didYouMean,
        hits: hits.slice(0, query.limit).map((hit) => ({ ...hit, flagged: flags.has(hit.entity.id) })),
      };
    },
  });

  const one = defineEndpoint({
    method: 'get',
    path: '/api/entities/{id}',
    tag: 'entities',
    summary: 'One entity with its flags, listings and bounded neighbourhood',
    description: 'The neighbourhood holds relationships of every type within `depth` edges, nearest first; `more` counts those left out by `limit`.',
    scope: 'read',
    errors: [404],
    params: entityIdParams,
    query: z.object({
      asOf: asOfQuery,
      regime: regimeQuery(regime),
      depth: countQuery(1, limits.maxDepth, 'edges away from the entity'),
      limit: countQuery(50, Math.min(200, limits.maxResults), 'most relationships in the neighbourhood'),
    }),
    response: entityAnswer,
    async handle({ params, query, view }) {
      const graph = await view();
      const entity = graph.entity(params.id);
      if (!entity) throw new NotFoundError('entity', params.id);
      const flags = flagsAt(graph, query.asOf, query.regime);
      const reasons = reasonsFor(flags, params.id);
      const around = neighbourhood(graph, params.id, { depth: query.depth, limit: query.limit });
      return {
        asOf: query.asOf,
        regime: query.regime,
        entity,
        flagged: reasons.length > 0,
        reasons: [...reasons],
        listings: [...graph.listingsOf(params.id)],
        neighbourhood: {
          depth: around.depth,
          entities: around.entities.map((neighbour) => ({ ...neighbour, flagged: flags.has(neighbour.id) })),
          relationships: around.relationships,
          more: around.more,
        },
      };
    },
  });
  return [search, one];
}
