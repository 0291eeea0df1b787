// Reasons and counts as plain words for a screening verdict: what a reader can act on without
// knowing the reason codes. Pure (the verdict's messages are built from it on the server).
import type { Reason } from '../domain/reasons.ts';

/** `1 route`, `2 routes`; `plural(1, 'party', 'parties')`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What a reason says an entity is, to follow "is": `on the Entity List (US Commerce BIS) since
 * 2011-12-15, under US law (source: …)`.
 *
 * @example `The buyer, Infotec, is ${reasonInWords(reason)}.`
 */
export function reasonInWords(reason: Reason): string {
  const facts = reasonFacts(reason);
  const law = reason.regime === undefined ? '' : `, under ${reason.regime.toUpperCase()} law`;
  const source = reason.source === undefined ? '' : ` (source: ${reason.source})`;
  return `${facts}${span(reason)}${law}${source}`;
}

function reasonFacts(reason: Reason): string {
  switch (reason.code) {
    case 'LISTED':
      return `on the ${reason.listName} (${reason.authority})`;
    case 'SANCTIONED_JURISDICTION':
      return `in ${reason.country}, a jurisdiction under comprehensive sanctions`;
    case 'HR_RISK_GOVERNMENT_END_USER':
      return `a ${reason.sector} end user in ${reason.country}, a jurisdiction at human-rights risk`;
    case 'OWNED_50_BY_BLOCKED':
      return `${reason.total}% owned by blocked parties (${listInWords(reason.owners.map((owner) => `${owner.name} ${owner.share}%`))}) under the ${reason.rule}`;
    case 'AFFILIATE_OF_LISTED':
    case 'OWNED_OR_CONTROLLED_BY_LISTED': {
      const holders = [...reason.owners.map((owner) => `${owner.name}${owner.share === undefined ? '' : ` ${owner.share}%`}`), ...reason.controllers.map((controller) => `controlled by ${controller.name}`)];
      return `caught by the ${reason.ruleName} (${reason.authority}): ${reason.total}% held by listed or blocked parties${holders.length > 0 ? ` (${listInWords(holders)})` : ''}`;
    }
  }
}

function span(reason: { from?: string; to?: string }): string {
  if (reason.from && reason.to) return ` from ${reason.from} to ${reason.to}`;
  if (reason.from) return ` since ${reason.from}`;
  if (reason.to) return ` until ${reason.to}`;
  return '';
}
