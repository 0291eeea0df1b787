// Why an entity is flagged: one shape per reason code, each carrying its evidence.
import { z } from 'zod';
import { REASON_CODES } from './schema.ts';

const period = {
  from: z.string().optional(),
  to: z.string().optional(),
  source: z.string().optional(),
  /** Whose law the reason holds under (US, EU, UK, UN, …); absent for a row that is no regime's law. */
  regime: z.string().optional(),
  /** The day the source of the row behind the reason was last checked. */
  verified: z.string().optional(),
};

export const blockedOwnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Sum of the owner's OWNS shares in force at the date, in percent. */
  share: z.number(),
  /** Ids of the OWNS relationships that make up the share. */
  relationships: z.array(z.string()),
  /** Whether the owner is blocked by its own listing or, in turn, by ownership. */
  blockedBecause: z.enum(['listed', 'owned']),
});

/** An owner or controller that a rule has caught (listed, or caught in turn), for the rule-based reasons. */
export const caughtHolderSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Sum of the holder's OWNS shares in force; absent for a controller. */
  share: z.number().optional(),
  relationships: z.array(z.string()),
  caughtBecause: z.enum(['listed', 'owned', 'controlled']),
});

/** What an ownership rule found: the rule period, the counted share and who holds it. */
const ownershipRuleFinding = {
  rule: z.string(),
  ruleName: z.string(),
  authority: z.string(),
  /** The share the rule counts (aggregate sum, or the largest single holding), in percent. */
  total: z.number(),
  owners: z.array(caughtHolderSchema),
  controllers: z.array(caughtHolderSchema),
  ...period,
};

export const reasonSchema = z.discriminatedUnion('code', [
  z.object({
    code: z.literal('LISTED'),
    list: z.string(),
    listName: z.string(),
    authority: z.string(),
    /** Whether this designation freezes assets (measure asset_freeze): a property of the designation, not the list. */
    blocking: z.boolean(),
    /** The designation's measures (the listing's own, else the list's default). */
    measures: z.array(z.string()),
    ...period,
  }),
  z.object({
    code: z.literal('SANCTIONED_JURISDICTION'),
    /** The place of the row that flags the entity: its country, or a subdivision such as UA-43. */
    country: z.string(),
    flag: z.literal('comprehensive_sanctions'),
    ...period,
  }),
  z.object({ code: z.literal('HR_RISK_GOVERNMENT_END_USER'), country: z.string(), sector: z.string(), flag: z.literal('hr_risk'), ...period }),
  z.object({
    code: z.literal('OWNED_50_BY_BLOCKED'),
    /** The rule period's name, e.g. 'OFAC 50 Percent Rule (2014 guidance: aggregate)'. */
    rule: z.string(),
    total: z.number(),
    owners: z.array(blockedOwnerSchema),
    ...period,
  }),
  z.object({ code: z.literal('AFFILIATE_OF_LISTED'), ...ownershipRuleFinding }),
  z.object({ code: z.literal('OWNED_OR_CONTROLLED_BY_LISTED'), ...ownershipRuleFinding }),
]);

export type Reason = z.infer<typeof reasonSchema>;
export type BlockedOwner = z.infer<typeof blockedOwnerSchema>;
export type CaughtHolder = z.infer<typeof caughtHolderSchema>;

// Keeps the reason shapes and the declared reason codes in step at compile time.
type DeclaredCode = (typeof REASON_CODES)[number];
const everyCodeHasAShape: Record<DeclaredCode, Reason['code']> = {
  LISTED: 'LISTED',
  SANCTIONED_JURISDICTION: 'SANCTIONED_JURISDICTION',
  HR_RISK_GOVERNMENT_END_USER: 'HR_RISK_GOVERNMENT_END_USER',
  OWNED_50_BY_BLOCKED: 'OWNED_50_BY_BLOCKED',
  AFFILIATE_OF_LISTED: 'AFFILIATE_OF_LISTED',
  OWNED_OR_CONTROLLED_BY_LISTED: 'OWNED_OR_CONTROLLED_BY_LISTED',
};
void everyCodeHasAShape;
