// A reason (why the end of a route is flagged) in one line of words, for the dossier and the CSV:
// plain text, no markup, so each renderer escapes it its own way. The CLI keeps its longer form
// (src/cli/describe.ts), which also weighs findings against law.
import type { DossierRoute } from './dossier.ts';

type Reason = DossierRoute['reasons'][number];

/**
 * @example reasonWords({ code: 'SANCTIONED_JURISDICTION', country: 'SY', flag: 'comprehensive_sanctions', from: '2004-05-11' })
 * // 'Sanctioned jurisdiction: SY under comprehensive sanctions since 2004-05-11'
 */
export function reasonWords(reason: Reason): string {
  const span = reason.from && reason.to ? ` from ${reason.from} to ${reason.to}` : reason.from ? ` since ${reason.from}` : reason.to ? ` until ${reason.to}` : '';
  const regime = reason.regime ? ` (${reason.regime})` : '';
  switch (reason.code) {
    case 'LISTED':
      return `Listed on ${reason.listName} (${reason.authority}; measures: ${reason.measures.join(', ') || 'none stated'})${span}${regime}`;
    case 'SANCTIONED_JURISDICTION':
      return `Sanctioned jurisdiction: ${reason.country} under comprehensive sanctions${span}${regime}`;
    case 'HR_RISK_GOVERNMENT_END_USER':
      return `${reason.sector} end user in ${reason.country}, a human-rights-risk jurisdiction${span}${regime}`;
    case 'OWNED_50_BY_BLOCKED':
      return `${reason.total}% owned by blocked parties under ${reason.rule}: ${reason.owners.map((owner) => `${owner.name} ${owner.share}%`).join(' + ')}${span}`;
    case 'AFFILIATE_OF_LISTED':
    case 'OWNED_OR_CONTROLLED_BY_LISTED': {
      const holders = [...reason.owners.map((owner) => `${owner.name}${owner.share === undefined ? '' : ` ${owner.share}%`}`), ...reason.controllers.map((controller) => `controlled by ${controller.name}`)];
      return `${reason.code === 'AFFILIATE_OF_LISTED' ? 'Affiliate of a listed party' : 'Owned or controlled by a listed party'} under ${reason.ruleName} (${reason.authority}): ${reason.total}% counted; ${holders.join(' + ') || 'no holders'}${span}`;
    }
  }
}
