// /api/regions: the regions (ISO 3166-2 subdivisions) with jurisdiction rows in force at a date,
// each row with its flag, regime, period and source: what the dashboard's map draws as regions;
// and the countries flagged in themselves at that date, in the same shape.
import { z } from 'zod';
import { countryFlagsAt, regionFlagsAt, type RegionFlags } from '../../analysis/region-flags.ts';
import { DEFAULT_REGIME, type RegimeSelection } from '../../domain/regimes.ts';
import { JURISDICTION_FLAGS } from '../../domain/schema.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { answerRegimeOut, asOfQuery, regimeQuery } from '../schemas.ts';

const placeFlagsOut = z.object({
  code: z.string().describe('ISO 3166-2 code, e.g. UA-43 (ISO 3166-1 for a country, e.g. AE)'),
  name: z.string().describe('ISO 3166-2 name (ISO 3166-1 for a country)'),
  country: z.string().describe('ISO 3166-1 alpha-2 code of its country'),
  flags: z.array(
    z.object({
      flag: z.enum(JURISDICTION_FLAGS),
      regime: z.string().optional().describe('whose law the row is; absent for a finding that holds under every regime'),
      from: z.string().optional(),
      to: z.string().optional(),
      source: z.string().optional(),
      verified: z.string().optional().describe('the day the source was last checked'),
      unverified: z.boolean().describe('true: whether the row holds is not confirmed (an UNVERIFIED_ red flag, never a flag)'),
    }),
  ),
});

export const regionsAnswer = z.object({
  asOf: z.string(),
  regime: answerRegimeOut,
  regions: z.array(placeFlagsOut),
  countries: z.array(placeFlagsOut).describe('countries (ISO 3166-1) flagged in themselves at the date, in the same shape (`country` is the code): the map shows them even where no flagged party is reached'),
});

export function regionEndpoints(regime: RegimeSelection = DEFAULT_REGIME): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/regions',
      tag: 'flags',
      summary: 'Regions (ISO 3166-2 subdivisions) and countries with jurisdiction flags in force at a date, each with its regime, period and source',
      scope: 'read',
      query: z.object({
        asOf: asOfQuery,
        regime: regimeQuery(regime),
      }),
      response: regionsAnswer,
      async handle({ query, view }) {
        const graph = await view();
        return {
          asOf: query.asOf,
          regime: query.regime,
          regions: regionFlagsAt(graph, query.asOf, query.regime).map(placeOut),
          countries: countryFlagsAt(graph, query.asOf, query.regime).map(placeOut),
        };
      },
    }),
  ];
}

function placeOut({ code, name, country, rows }: RegionFlags): z.input<typeof placeFlagsOut> {
  return {
    code,
    name,
    country,
    flags: rows.map((row) => ({
      flag: row.flag,
      ...(row.regime ? { regime: row.regime } : {}),
      ...(row.from ? { from: row.from } : {}),
      ...(row.to ? { to: row.to } : {}),
      ...(row.source ? { source: row.source } : {}),
      ...(row.verified ? { verified: row.verified } : {}),
      unverified: row.unverified === true,
    })),
  };
}
