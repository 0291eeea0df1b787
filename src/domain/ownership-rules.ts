// Ownership rules by jurisdiction, declared as data: each row of data/reference/ownership-rules.csv
// is one period of one rule (which lists seed it, the threshold, whether control counts, whether
// shares of several owners add up, and whether a catch is a flag or only a red flag).
import { z } from 'zod';
import { REASON_CODES, decimalNumber, measureList, periodEnd, periodStart, regimeCode, verifiedDay, yesNo } from './schema.ts';

export const OWNERSHIP_RULE_EFFECTS = ['flag', 'red_flag'] as const;
export type OwnershipRuleEffect = (typeof OWNERSHIP_RULE_EFFECTS)[number];

/** How the counted share meets the threshold: "50% or more" (OFAC, BIS) or "more than 50%" (EU, UK). */
export const THRESHOLD_COMPARISONS = ['at_least', 'more_than'] as const;
export type ThresholdComparison = (typeof THRESHOLD_COMPARISONS)[number];

/** Reason codes an ownership rule may raise; each has its reason shape in reasons.ts. */
export const OWNERSHIP_REASON_CODES = ['OWNED_50_BY_BLOCKED', 'AFFILIATE_OF_LISTED', 'OWNED_OR_CONTROLLED_BY_LISTED'] as const satisfies readonly (typeof REASON_CODES)[number][];
export type OwnershipReasonCode = (typeof OWNERSHIP_REASON_CODES)[number];

/** One period of one rule: a row of ownership-rules.csv. */
export const ownershipRuleSchema = z.object({
  rule: z.string().trim().regex(/^[A-Z0-9_]+$/, 'must be an upper-case id such as OFAC_50'),
  name: z.string().trim().min(1, 'must not be empty'),
  authority: z.string().trim().min(1, 'must not be empty'),
  /** Whose law the rule is. */
  regime: regimeCode,
  /** List codes whose listings in force seed the rule, separated by ';'. */
  lists: z
    .string()
    .transform((value) => value.split(';').map((code) => code.trim()).filter((code) => code !== ''))
    .refine((codes) => codes.length > 0, { message: 'must name at least one list code (separate several with ;)' }),
  /** The measures a seed designation must carry to count (OFAC counts asset_freeze); empty: any designation on the lists. */
  measures: measureList.optional(),
  threshold: decimalNumber('must be a number of percent').pipe(
    z.number().refine((value) => Number.isFinite(value) && value > 0 && value <= 100, { message: 'must be a percentage with 0 < threshold ≤ 100' }),
  ),
  comparison: z.enum(THRESHOLD_COMPARISONS),
  /** Whether a CONTROLS edge from a caught entity catches the controlled one on its own. */
  controls: yesNo,
  /** Whether shares of different caught owners add up (OFAC) or each owner must reach the threshold alone (UK). */
  aggregate: yesNo,
  effect: z.enum(OWNERSHIP_RULE_EFFECTS),
  reason: z.enum(OWNERSHIP_REASON_CODES),
  from: periodStart.optional(),
  to: periodEnd.optional(),
  source: z.string().trim().min(1, 'must cite the rule text'),
  /** The day the rule's source was last checked. */
  verified: verifiedDay.optional(),
  /** `yes`: whether the rule holds in this period is not confirmed: its catches are UNVERIFIED_OWNERSHIP_RULE red flags, never flags. */
  unverified: yesNo.optional(),
});

export type OwnershipRulePeriod = z.output<typeof ownershipRuleSchema>;
