// A route's score from 0 to 100, made of four named terms that each say why they count.
import type { Reason } from '../domain/reasons.ts';
import type { RedFlag, RedFlagCode } from '../domain/red-flags.ts';
import { EVIDENCE_GRADES, type EvidenceGrade } from '../domain/schema.ts';
import type { RouteEdge } from './routes.ts';

export interface ScoreTerm {
  name: 'target' | 'directness' | 'red_flags' | 'evidence';
  points: number;
  why: string;
}

export interface RouteScore {
  total: number;
  terms: ScoreTerm[];
}

/** Caps of the four terms; they add up to 100. */
export const SCORE_CAPS = { target: 40, directness: 20, red_flags: 25, evidence: 15 } as const;

/** Points for each red-flag code, counted once per route however many hops carry it. */
export const RED_FLAG_POINTS: Record<RedFlagCode, number> = {
  STATED_END_USER_MISMATCH: 10,
  FRONT_COMPANY: 8,
  FREIGHT_FORWARDER_CONSIGNEE: 6,
  ARMS_EMBARGO_JURISDICTION: 6,
  TRANSSHIPMENT_HUB: 5,
  TRADING_COMPANY_CONSIGNEE: 4,
  FREE_TRADE_ZONE_ADDRESS: 4,
  LICENCE_REQUIRED_JURISDICTION: 4,
  // Unverified rows are not stated as fact; they ask for a check, like a caution.
  UNVERIFIED_OWNERSHIP_RULE: 3,
  UNVERIFIED_LISTING: 3,
  UNVERIFIED_JURISDICTION_FLAG: 3,
  // Evidence quality lowers confidence; the evidence term carries it, so it adds no risk here.
  UNDATED_HOP: 0,
  WEAK_EVIDENCE: 0,
  UNGRADED_EVIDENCE: 0,
};

/** Points for the weakest evidence grade on the route (an ungraded hop is weakest of all). */
export const EVIDENCE_POINTS: Record<EvidenceGrade | 'ungraded', number> = {
  court: 15,
  settlement: 15,
  official_list: 13,
  registry: 11,
  press: 7,
  leak: 5,
  allegation: 3,
  other: 2,
  ungraded: 0,
};

/**
 * score = target + directness + red_flags + evidence, each term capped (40, 20, 25, 15):
 * - target: points of the target's strongest reason (LISTED on a blocking list 40,
 *   SANCTIONED_JURISDICTION 35, LISTED on a non-blocking list 30, OWNED_50_BY_BLOCKED 30,
 *   HR_RISK_GOVERNMENT_END_USER 25, any other 25) plus 5 per further reason;
 * - directness: 20 − 4 × (hops − 1), at least 0: fewer hands, fewer chances for the goods to
 *   go elsewhere;
 * - red_flags: RED_FLAG_POINTS of each distinct red-flag code on the route;
 * - evidence: EVIDENCE_POINTS of the weakest evidence grade on the route: a route that rests
 *   on a settlement deserves more attention than one resting on an allegation. Hypothetical
 *   hops (a sale being screened) have no evidence and are left out; with none left the term is 15.
 *
 * @example scoreRoute(route, redFlags).total // 82
 */
export function scoreRoute(
  route: { hops: number; reasons: readonly Reason[]; edges: readonly RouteEdge[] },
  redFlags: readonly RedFlag[],
  options: { hypothetical?: ReadonlySet<string> } = {},
): RouteScore {
  const terms: ScoreTerm[] = [targetTerm(route.reasons), directnessTerm(route.hops), redFlagTerm(redFlags), evidenceTerm(route.edges, options.hypothetical)];
  return { total: terms.reduce((sum, term) => sum + term.points, 0), terms };
}

/**
 * What a route's score can be before its red flags are known: every term but red_flags is
 * cheap, and red_flags adds 0 to SCORE_CAPS.red_flags. Lets a caller that wants only the best
 * few routes work out red flags for the routes that can still be among them.
 *
 * For a route without hypothetical hops (scoreRoute's option), as flagged routes are.
 *
 * @example const { floor, ceiling } = scoreBounds(route) // floor ≤ scoreRoute(route, redFlags).total ≤ ceiling
 */
export function scoreBounds(route: { hops: number; reasons: readonly Reason[]; edges: readonly RouteEdge[] }): { floor: number; ceiling: number } {
  return scoreBoundsOf(route.reasons, route.hops, weakestEvidence(route.edges)?.grade);
}

/** scoreBounds from what it reads of a route: its target's reasons, its hops and its weakest grade (undefined: no hop). */
export function scoreBoundsOf(reasons: readonly Reason[], hops: number, weakestGrade: EvidenceGrade | 'ungraded' | undefined): { floor: number; ceiling: number } {
  const floor = targetTerm(reasons).points + directnessPoints(hops) + evidencePoints(weakestGrade === undefined ? undefined : { grade: weakestGrade });
  return { floor, ceiling: floor + SCORE_CAPS.red_flags };
}

function reasonPoints(reason: Reason): number {
  switch (reason.code) {
    case 'LISTED':
      return reason.blocking ? 40 : 30;
    case 'SANCTIONED_JURISDICTION':
      return 35;
    case 'OWNED_50_BY_BLOCKED':
      return 30;
    default:
      return 25;
  }
}

function reasonLabel(reason: Reason): string {
  return reason.code === 'LISTED' ? `LISTED (${reason.list}, ${reason.blocking ? 'blocking' : 'not blocking'})` : reason.code;
}

/**
 * Terms worked out once per target's reasons, per set of red-flag codes and per hop count: exposure scores tens
 * of thousands of routes, most sharing their target's reason list and a handful of code sets.
 * Terms are shared, so callers must not change them.
 */
const targetTerms = new WeakMap<readonly Reason[], ScoreTerm>();
const redFlagTerms = new Map<string, ScoreTerm>();

function targetTerm(reasons: readonly Reason[]): ScoreTerm {
  return remembered(targetTerms, reasons, describeTarget);
}

/** The value `known` holds for `key`, made and kept on the first ask. */
function remembered<K, V>(known: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: (key: K) => V): V {
  let value = known.get(key);
  if (value === undefined) {
    value = make(key);
    known.set(key, value);
  }
  return value;
}

function describeTarget(reasons: readonly Reason[]): ScoreTerm {
  if (reasons.length === 0) return { name: 'target', points: 0, why: 'the target is not flagged' };
  const ranked = [...reasons].sort((a, b) => reasonPoints(b) - reasonPoints(a));
  const strongest = ranked[0]!;
  const further = ranked.length - 1;
  const points = Math.min(SCORE_CAPS.target, reasonPoints(strongest) + 5 * further);
  const extra = further === 0 ? '' : ` + 5 × ${further} further reason${further === 1 ? '' : 's'} (${ranked.slice(1).map(reasonLabel).join(', ')})`;
  return { name: 'target', points, why: `strongest reason ${reasonLabel(strongest)}: ${reasonPoints(strongest)}${extra}, at most ${SCORE_CAPS.target}` };
}

function directnessPoints(hops: number): number {
  return Math.max(0, SCORE_CAPS.directness - 4 * (hops - 1));
}

const directnessTerms = new Map<number, ScoreTerm>();

function directnessTerm(hops: number): ScoreTerm {
  return remembered(directnessTerms, hops, describeDirectness);
}

function describeDirectness(hops: number): ScoreTerm {
  const points = directnessPoints(hops);
  return { name: 'directness', points, why: `${hops} hop${hops === 1 ? '' : 's'}: 20 − 4 × ${hops - 1}, at least 0` };
}

function redFlagTerm(redFlags: readonly RedFlag[]): ScoreTerm {
  const codes = [...new Set(redFlags.map((flag) => flag.code))].filter((code) => RED_FLAG_POINTS[code] > 0);
  return remembered(redFlagTerms, codes.join(' '), () => describeRedFlags(codes));
}

function describeRedFlags(codes: readonly RedFlagCode[]): ScoreTerm {
  if (codes.length === 0) return { name: 'red_flags', points: 0, why: 'no red flag that adds risk' };
  const sum = codes.reduce((total, code) => total + RED_FLAG_POINTS[code], 0);
  const points = Math.min(SCORE_CAPS.red_flags, sum);
  return { name: 'red_flags', points, why: `${codes.map((code) => `${code} ${RED_FLAG_POINTS[code]}`).join(' + ')} = ${sum}, at most ${SCORE_CAPS.red_flags}` };
}

/** The weakest grade among the recorded hops (hypothetical ones, a sale being screened, left out). */
function evidenceTerm(edges: readonly RouteEdge[], hypothetical: ReadonlySet<string> | undefined): ScoreTerm {
  const weakest = weakestEvidence(edges, hypothetical);
  const points = evidencePoints(weakest);
  if (weakest === undefined) return { name: 'evidence', points, why: 'no recorded hop: the route is the proposed sale alone' };
  return { name: 'evidence', points, why: `weakest evidence on the route: ${weakest.grade} (hop ${weakest.hop + 1}: ${weakest.edge.source} → ${weakest.edge.target})` };
}

/** The evidence term's points: the weakest grade's, or a court's when no hop is recorded (only a proposed sale). */
function evidencePoints(weakest: { grade: EvidenceGrade | 'ungraded' } | undefined): number {
  return weakest === undefined ? EVIDENCE_POINTS.court : EVIDENCE_POINTS[weakest.grade];
}

/** The first recorded hop with the weakest grade (hop: its index in `edges`; text says it from 1, as everywhere); undefined when no hop is recorded. */
function weakestEvidence(edges: readonly RouteEdge[], hypothetical?: ReadonlySet<string>): { grade: EvidenceGrade | 'ungraded'; edge: RouteEdge; hop: number } | undefined {
  let weakest: { grade: EvidenceGrade | 'ungraded'; edge: RouteEdge; hop: number } | undefined;
  for (let hop = 0; hop < edges.length; hop++) {
    const edge = edges[hop]!;
    if (hypothetical?.has(edge.id) === true) continue;
    const grade = edge.evidence ?? 'ungraded';
    if (weakest === undefined || rank(grade) > rank(weakest.grade)) weakest = { grade, edge, hop };
  }
  return weakest;
}

function rank(grade: EvidenceGrade | 'ungraded'): number {
  return grade === 'ungraded' ? EVIDENCE_GRADES.length : EVIDENCE_GRADES.indexOf(grade);
}
