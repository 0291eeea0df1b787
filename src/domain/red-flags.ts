// Red flags on the hops of a route, declared once: codes, what each means and where the
// warning comes from, the shape every red flag takes, and the free-trade-zone reference row.
import { z } from 'zod';
import countries from './countries.ts';

/**
 * Red-flag codes with their meaning. Sources: BIS "Know Your Customer" guidance and red flags
 * (15 CFR Part 732, Supplement No. 3), FinCEN/BIS joint alerts FIN-2022-Alert003 and of 19 May
 * 2023 (transshipment), and enduse's own evidence rules.
 */
export const RED_FLAGS = {
  FREIGHT_FORWARDER_CONSIGNEE: 'the consignee of a SUPPLIES hop is a freight forwarder (BIS red flag: a freight forwarder named as final destination)',
  TRADING_COMPANY_CONSIGNEE: 'the consignee of a SUPPLIES hop is, by its name, a trading company (BIS red flag: the consignee is a trading company)',
  FREE_TRADE_ZONE_ADDRESS: 'the consignee of a SUPPLIES hop has a free-trade-zone address or legal form (BIS red flag: consignee address in a free-trade zone)',
  TRANSSHIPMENT_HUB: 'the goods pass through a jurisdiction flagged transshipment_hub at the hop date, for goods bound where the row says (FinCEN/BIS joint alerts: Russia and Belarus)',
  ARMS_EMBARGO_JURISDICTION: 'the goods enter a jurisdiction under an arms embargo at the hop date',
  LICENCE_REQUIRED_JURISDICTION: 'the goods enter a jurisdiction where the exporter needs a licence at the hop date (e.g. Commerce Control List items to Syria after Sep 2025)',
  UNVERIFIED_LISTING: 'the consignee has a listing marked unverified: whether it holds at the date is not confirmed (source and last-checked date given)',
  UNVERIFIED_JURISDICTION_FLAG: 'the consignee is in a place with a jurisdiction row marked unverified at the date (source and last-checked date given)',
  UNVERIFIED_OWNERSHIP_RULE: 'an ownership rule period marked unverified catches the consignee (e.g. the BIS Affiliates Rule after 9 Nov 2026): not stated as a flag',
  FRONT_COMPANY: 'a front company is on the route (kind front_company, or the source of a FRONT_FOR hop)',
  STATED_END_USER_MISMATCH: 'a SUPPLIES hop declares an end user that is neither its buyer nor the end of the route (the Blue Coat pattern)',
  UNDATED_HOP: 'a hop has neither start nor end date, so the route cannot be placed in time',
  WEAK_EVIDENCE: 'a hop rests only on a press report, leak, allegation or other weak evidence',
  UNGRADED_EVIDENCE: 'a hop carries no evidence grade at all',
} as const;

export type RedFlagCode = keyof typeof RED_FLAGS;
export const RED_FLAG_CODES = Object.keys(RED_FLAGS) as [RedFlagCode, ...RedFlagCode[]];

export const redFlagSchema = z.object({
  code: z.enum(RED_FLAG_CODES),
  /** Index of the hop in the route's `edges` (0 = the first hop, from the source). */
  hop: z.number().int().nonnegative(),
  /** The entity the flag is about, when it is about one. */
  entity: z.string().optional(),
  /** The date the flag was judged at (jurisdiction flags only): the hop's date, or the as-of date for an undated hop. */
  date: z.string().optional(),
  message: z.string(),
  /** Where the fact behind the flag comes from: a reference row's or the dataset's source. */
  source: z.string(),
});
export type RedFlag = z.infer<typeof redFlagSchema>;

/**
 * Words that make a consignee a trading company when they occur as whole words in its name or
 * an alias (after folding case, accents and punctuation): "General Trading" contains "trading".
 */
export const TRADING_COMPANY_NAME_WORDS: readonly string[] = ['trading', 'trade', 'traders', 'import export', 'import and export'];

/**
 * Evidence grades that count as weak for WEAK_EVIDENCE: a press report and everything weaker
 * (see EVIDENCE_GRADES in schema.ts, strongest first).
 */
export const WEAK_EVIDENCE_GRADES: readonly string[] = ['press', 'leak', 'allegation', 'other'];

/** One row of data/reference/free-trade-zones.csv: a keyword found in addresses or legal forms. */
export const freeTradeZoneSchema = z.object({
  keyword: z.string().trim().min(1, 'must not be empty'),
  name: z.string().trim().min(1, 'must not be empty'),
  country: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .refine((value) => /^[A-Z]{2}$/.test(value) && countries.isValid(value), { message: 'must be an ISO 3166-1 alpha-2 country code such as AE' })
    .optional(),
  source: z.string().trim().min(1, 'must not be empty'),
  /** The day the keyword's source was last checked. */
  verified: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be the day the source was last checked, YYYY-MM-DD').optional(),
});
export type FreeTradeZone = z.output<typeof freeTradeZoneSchema>;
