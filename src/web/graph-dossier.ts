// The dossier of one entity in the graph explorer: every reason it is flagged with its list,
// dates and source; its listings; the ownership and control chains above it; its relationships
// by type with dates and evidence, each type with a button to add those neighbours to the graph.
import type { EntityAnswer, OwnershipAnswer, RelationshipInfo } from './api-types.ts';
import { countryName, html, humanDay, period, reasonLabel, underRegime } from './format.ts';

export interface DossierActions {
  /** Adds the neighbours joined by relationships of `type` (from this dossier) to the graph. */
  expand(type: string, relationships: RelationshipInfo[]): void;
  connectFrom(id: string): void;
  connectTo(id: string): void;
  startRoutesFrom(id: string): void;
}

type Reason = EntityAnswer['reasons'][number];

/** Fills `box` with the dossier and wires its buttons; the heading takes focus, so keyboard users land on it. */
/** What the graph holds already: the dossier offers to add only what is missing. */
export interface GraphHolds {
  entity(id: string): boolean;
  relationship(relationship: RelationshipInfo): boolean;
}

export function showDossier(box: HTMLElement, answer: EntityAnswer, ownership: OwnershipAnswer, nameOf: (id: string) => string, holds: GraphHolds, actions: DossierActions): void {
  const entity = answer.entity;
  const byType = new Map<string, RelationshipInfo[]>();
  for (const relationship of answer.neighbourhood.relationships) byType.set(relationship.type, [...(byType.get(relationship.type) ?? []), relationship]);
  box.innerHTML = `<h3 id="dossier-title" tabindex="-1">${html(entity.name)}</h3>
    <p class="muted">${html(entity.kind.replaceAll('_', ' '))} · ${html(countryName(entity.country))}${entity.sector ? ` · ${html(entity.sector)}` : ''} · <code>${html(entity.id)}</code></p>
    ${entity.aliases.length ? `<p>Also known as ${html(entity.aliases.join('; '))}</p>` : ''}
    <h4>Why it is flagged on ${html(humanDay(answer.asOf))}</h4>
    ${answer.reasons.length ? `<ul class="dossier-list">${answer.reasons.map(reasonItem).join('')}</ul>` : `<p>Not flagged on this date ${html(underRegime(answer.regime))}.</p>`}
    ${answer.listings.length ? `<h4>Listings</h4><ul class="dossier-list">${answer.listings.map((listing) => `<li><strong>${html(listing.list)}</strong> ${html(dates(listing.from, listing.to))}${listing.measures?.length ? ` · ${html(listing.measures.join(', '))}` : ''}${sourceOf(listing.source)}</li>`).join('')}</ul>` : ''}
    ${ownershipSection(ownership, nameOf)}
    <h4>Relationships</h4>
    ${[...byType].map(([type, relationships]) => relationshipGroup(entity.id, type, relationships, nameOf, holds)).join('') || '<p class="muted">None.</p>'}
    ${answer.neighbourhood.more > 0 ? `<p class="muted">And ${answer.neighbourhood.more} more relationship${answer.neighbourhood.more === 1 ? '' : 's'} not listed.</p>` : ''}
    <div class="dossier-actions">
      <button type="button" class="link-button" data-action="connect-from">Connect from here</button>
      <button type="button" class="link-button" data-action="connect-to">Connect to here</button>
      <button type="button" class="link-button" data-action="start">Start routes from here</button>
    </div>`;
  box.querySelectorAll<HTMLButtonElement>('button[data-expand]').forEach((button) => button.addEventListener('click', () => actions.expand(button.dataset.expand!, byType.get(button.dataset.expand!) ?? [])));
  box.querySelector('[data-action="connect-from"]')!.addEventListener('click', () => actions.connectFrom(entity.id));
  box.querySelector('[data-action="connect-to"]')!.addEventListener('click', () => actions.connectTo(entity.id));
  box.querySelector('[data-action="start"]')!.addEventListener('click', () => actions.startRoutesFrom(entity.id));
  box.querySelector<HTMLElement>('#dossier-title')!.focus();
}

function reasonItem(reason: Reason): string {
  const list = reason.code === 'LISTED' ? ` <span class="muted">(${html(reason.list)}, ${html(reason.authority)})</span>` : '';
  const rule = 'ruleName' in reason ? ` — ${html(reason.ruleName)} (${reason.total}%)` : reason.code === 'OWNED_50_BY_BLOCKED' ? ` — ${html(reason.rule)}` : '';
  return `<li><strong>${html(reasonLabel(reason))}</strong>${list}${rule} ${html(dates(reason.from, reason.to))}${sourceOf(reason.source)}</li>`;
}

function ownershipSection(ownership: OwnershipAnswer, nameOf: (id: string) => string): string {
  const caught = ownership.rules.filter((rule) => rule.status === 'applies' || rule.status === 'red_flag');
  const chains = ownership.chains.map((chain) => {
    const hops = chain.hops.map((hop) => `${html(nameOf(hop.source))} ${hop.type === 'OWNS' ? `owns ${hop.share ?? '?'}% of` : 'controls'} ${html(nameOf(hop.target))}${hop.evidence ? ` <span class="grade grade-${html(hop.evidence)}">${html(hop.evidence)}</span>` : ''}${sourceOf(hop.sourceRef)}`);
    return `<li>${hops.join('<br>')}${chain.effectiveShare !== null ? `<br><span class="muted">effective share ${chain.effectiveShare}%</span>` : ''}${chain.rootLists.length ? `<br><span class="muted">${html(nameOf(chain.root))} is on ${html(chain.rootLists.join(', '))}</span>` : ''}</li>`;
  });
  if (chains.length === 0 && caught.length === 0) return '';
  return `<h4>Ownership and control</h4>
    ${chains.length ? `<ol class="dossier-list">${chains.join('')}</ol>${ownership.chainsTruncated ? '<p class="muted">More chains not shown.</p>' : ''}` : ''}
    ${caught.length ? `<ul class="rules">${caught.map((rule) => `<li><strong>${html(rule.name)}</strong> (${html(rule.status.replace('_', ' '))}): ${html(rule.why)}</li>`).join('')}</ul>` : '<p class="muted">No ownership rule catches it on this date.</p>'}`;
}

function relationshipGroup(id: string, type: string, relationships: RelationshipInfo[], nameOf: (id: string) => string, holds: GraphHolds): string {
  const missing = relationships.filter((relationship) => !holds.relationship(relationship));
  const newcomers = new Set(missing.map((edge) => (edge.source === id ? edge.target : edge.source)).filter((other) => !holds.entity(other))).size;
  const items = relationships.map((edge) => {
    const outgoing = edge.source === id;
    const other = outgoing ? edge.target : edge.source;
    const what = type === 'SUPPLIES' ? (outgoing ? `supplies ${edge.product ?? 'goods'} to` : `buys ${edge.product ?? 'goods'} from`) : type === 'OWNS' ? (outgoing ? `owns ${edge.share ?? '?'}% of` : `${edge.share ?? '?'}% owned by`) : `${type.toLowerCase().replaceAll('_', ' ')} ${outgoing ? '→' : '←'}`;
    return `<li>${html(what)} <strong>${html(nameOf(other))}</strong> · ${html(period(edge))}${edge.evidence ? ` <span class="grade grade-${html(edge.evidence)}">${html(edge.evidence)}</span>` : ' <span class="muted">not graded</span>'}${sourceOf(edge.source_ref)}</li>`;
  });
  const label = type.toLowerCase().replaceAll('_', ' ');
  return `<h5>${html(label)} (${relationships.length})</h5><ul class="dossier-list">${items.join('')}</ul>
    ${newcomers > 0 ? `<button type="button" class="expand-button" data-expand="${html(type)}">Add ${newcomers} ${html(label)} neighbour${newcomers === 1 ? '' : 's'} to the graph</button>` : missing.length > 0 ? `<button type="button" class="expand-button" data-expand="${html(type)}">Draw ${missing.length} more ${html(label)} relationship${missing.length === 1 ? '' : 's'} in the graph</button>` : ''}`;
}

function dates(from: string | undefined, to: string | undefined): string {
  if (!from && !to) return '';
  return `(${from ? humanDay(from) : '…'} – ${to ? humanDay(to) : 'in force'})`;
}

function sourceOf(source: string | undefined): string {
  return source ? `<br><span class="muted source-ref">Source: ${html(source)}</span>` : '';
}
