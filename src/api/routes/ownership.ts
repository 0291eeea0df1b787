// /api/entities/{id}/ownership: the entity's status under each ownership rule, with the chains
// of owners and controllers behind it (the same answer as `enduse ownership`).
import { z } from 'zod';
import { ownershipStatus } from '../../analysis/ownership-status.ts';
import { OWNERSHIP_RULE_EFFECTS, THRESHOLD_COMPARISONS } from '../../domain/ownership-rules.ts';
import { caughtHolderSchema } from '../../domain/reasons.ts';
import { OWNERSHIP_RELATIONSHIP_TYPES } from '../../domain/schema.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';
import { appliesUnder, DEFAULT_REGIME, type RegimeSelection } from '../../domain/regimes.ts';
import { shippedOwnershipRules } from '../../load/read-ownership-rules.ts';
import { answerRegimeOut, asOfQuery, entityIdParams, listingOut, regimeQuery } from '../schemas.ts';

const chainHopOut = z.object({
  source: z.string(),
  target: z.string(),
  type: z.enum(OWNERSHIP_RELATIONSHIP_TYPES as ['OWNS', 'CONTROLS']),
  share: z.number().optional(),
  relationship: z.string(),
  evidence: z.string().optional(),
  sourceRef: z.string().optional(),
});

const ruleStatusOut = z.object({
  rule: z.string(),
  name: z.string(),
  authority: z.string(),
  regime: z.string(),
  status: z.enum(['applies', 'red_flag', 'unverified', 'does_not_apply', 'listed', 'not_in_force']),
  period: z.object({ from: z.string().optional(), to: z.string().optional(), effect: z.enum(OWNERSHIP_RULE_EFFECTS), source: z.string(), verified: z.string().optional(), unverified: z.boolean().optional() }).optional(),
  lists: z.array(z.string()),
  threshold: z.number(),
  comparison: z.enum(THRESHOLD_COMPARISONS),
  controlsCount: z.boolean(),
  aggregate: z.boolean(),
  total: z.number(),
  owners: z.array(caughtHolderSchema),
  controllers: z.array(caughtHolderSchema),
  why: z.string(),
});

export const ownershipStatusOut = z.object({
  entity: z.object({ id: z.string(), name: z.string() }),
  asOf: z.string(),
  regime: answerRegimeOut.describe('whose law: only the rules of that regime are explained (all: every rule)'),
  listings: z.array(listingOut),
  chains: z.array(
    z.object({
      path: z.array(z.string()),
      hops: z.array(chainHopOut),
      effectiveShare: z.number().nullable().describe('product of the shares along the chain; null when a hop is control'),
      root: z.string(),
      rootLists: z.array(z.string()),
    }),
  ),
  chainsTruncated: z.boolean(),
  rules: z.array(ruleStatusOut),
});

export function ownershipEndpoints(regime: RegimeSelection = DEFAULT_REGIME): Endpoint[] {
  return [
    defineEndpoint({
      method: 'get',
      path: '/api/entities/{id}/ownership',
      tag: 'ownership',
      summary: 'Explain an entity under each ownership rule (OFAC 50%, BIS Affiliates, EU/UK owned or controlled)',
      description: 'Chains of OWNS and CONTROLS edges in force up to listed roots, and per rule whether it applies, with the owners and controllers it counts.',
      scope: 'read',
      errors: [404],
      params: entityIdParams,
      query: z.object({ asOf: asOfQuery, regime: regimeQuery(regime) }),
      response: ownershipStatusOut,
      async handle({ params, query, view }) {
        const rules = shippedOwnershipRules().filter((rule) => appliesUnder(rule.regime, query.regime));
        return { ...ownershipStatus(await view(), params.id, query.asOf, rules), regime: query.regime };
      },
    }),
  ];
}
