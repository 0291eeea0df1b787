// Words for people: reasons, hops and entities as one line each, with their sources.
import { LAW_FLAGS } from '../analysis/flags.ts';
import type { Reason } from '../domain/reasons.ts';
import type { Entity } from '../domain/schema.ts';
import type { RouteEdge } from '../analysis/routes.ts';
import type { RouteScore } from '../analysis/route-score.ts';
import type { RedFlag } from '../domain/red-flags.ts';
import type { GraphView } from '../store/graph-view.ts';
import { hopLabel } from '../domain/hop-number.ts';

/** How a line cites a source: in full by default; `[1]` where the sources are listed once below. */
export type Cite = (source: string) => string;
const citeInFull: Cite = (source) => `source: ${source}`;

export function describeEntity(entity: Entity | undefined, id: string): string {
  if (!entity) return id;
  const details = [entity.kind, entity.country, entity.sector].filter(Boolean).join(', ');
  return `${entity.name} [${id}] (${details})`;
}

export function describeReason(reason: Reason, cite: Cite = citeInFull): string {
  const text = describeReasonFacts(reason, cite);
  if (reason.regime === undefined) return text;
  // A finding (a human-rights report, a transshipment advisory) is not law: it names whose sources
  // made it, and holds under every regime.
  const finding = 'flag' in reason && reason.flag !== undefined && !LAW_FLAGS.includes(reason.flag);
  const authority = finding ? `a finding of ${reason.regime} sources, weighed under every regime` : `${reason.regime} law`;
  return `${text} [${authority}${reason.verified === undefined ? '' : `, source checked ${reason.verified}`}]`;
}

function describeReasonFacts(reason: Reason, cite: Cite): string {
  const span = 'from' in reason || 'to' in reason ? describeSpan(reason) : '';
  switch (reason.code) {
    case 'LISTED':
      return `LISTED on ${reason.listName} (${reason.authority}; measures: ${reason.measures.join(', ') || 'none stated'})${span}${source(reason.source, cite)}`;
    case 'SANCTIONED_JURISDICTION':
      return `SANCTIONED_JURISDICTION: ${reason.country} under comprehensive sanctions${span}${source(reason.source, cite)}`;
    case 'HR_RISK_GOVERNMENT_END_USER':
      return `HR_RISK_GOVERNMENT_END_USER: ${reason.sector} end user in ${reason.country}, a human-rights-risk jurisdiction${span}${source(reason.source, cite)}`;
    case 'OWNED_50_BY_BLOCKED': {
      const owners = reason.owners.map((owner) => `${owner.name} [${owner.id}] ${owner.share}% (${owner.blockedBecause})`).join(' + ');
      return `OWNED_50_BY_BLOCKED under ${reason.rule}: ${reason.total}% held by blocked owners: ${owners}${span}`;
    }
    case 'AFFILIATE_OF_LISTED':
    case 'OWNED_OR_CONTROLLED_BY_LISTED': {
      const owners = reason.owners.map((owner) => `${owner.name} [${owner.id}] ${owner.share}% (${owner.caughtBecause})`);
      const controllers = reason.controllers.map((controller) => `controlled by ${controller.name} [${controller.id}] (${controller.caughtBecause})`);
      return `${reason.code} under ${reason.ruleName} (${reason.authority}): ${reason.total}% counted; ${[...owners, ...controllers].join(' + ') || 'no holders'}${span}${source(reason.source, cite)}`;
    }
  }
}

export function describeHop(edge: RouteEdge, view: GraphView, cite: Cite = citeInFull): string {
  const parts = [`${edge.source} → ${edge.target}, ${edge.type}${edge.product ? ` ${edge.product}` : ''}`];
  parts.push(edge.at ? `on/after ${edge.at}` : 'undated');
  if (edge.start || edge.end) parts.push(`window ${edge.start ?? '…'}..${edge.end ?? '…'}`);
  if (edge.stated_end_user) parts.push(`stated end user: ${view.entity(edge.stated_end_user)?.name ?? edge.stated_end_user}`);
  parts.push(`evidence: ${edge.evidence ?? 'not graded'}`);
  if (edge.source_ref) parts.push(cite(edge.source_ref));
  return parts.join('; ');
}

/** A red flag as one line; hops are numbered from 1 as in the route's hop list. */
export function describeRedFlag(flag: RedFlag, cite: Cite = citeInFull): string {
  return `${hopLabel(flag.hop)} ${flag.code}: ${flag.message} [${cite(flag.source)}]`;
}

/** The score's total, then one line per term. */
export function describeScore(score: RouteScore): string[] {
  return [`score ${score.total}/100:`, ...score.terms.map((term) => `  ${term.name} ${term.points}: ${term.why}`)];
}

function describeSpan(reason: { from?: string; to?: string }): string {
  if (reason.from && reason.to) return ` from ${reason.from} to ${reason.to}`;
  if (reason.from) return ` since ${reason.from}`;
  if (reason.to) return ` until ${reason.to}`;
  return '';
}

function source(value: string | undefined, cite: Cite): string {
  return value ? ` [${cite(value)}]` : '';
}
