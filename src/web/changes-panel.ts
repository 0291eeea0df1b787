/// <reference lib="dom" />
// The what-changed panel: flagged routes and flags from the source that appeared or disappeared
// between an earlier date and the as-of date (GET /api/entities/{id}/changes), each with why;
// the routes that appeared and disappeared are drawn on the map and marked in the route list.
import { api } from './api-client.ts';
import type { EntityAnswer, RoutesAnswer } from './api-types.ts';
import type { changesAnswer } from '../api/routes/changes.ts';
import type { z } from 'zod';
import { countryName, html, humanDay, reasonLabel } from './format.ts';
import { drawRouteChanges, type MapRoute } from './world-map.ts';

type ChangesAnswer = z.output<typeof changesAnswer>;
type RouteChange = ChangesAnswer['routes']['appeared'][number];
type Evidence = RouteChange['why'][number];

export interface ChangesRequest {
  from: string;
  /** The earlier date; undefined closes the panel. */
  since: string | undefined;
  asOf: string;
  regime: string;
  product: string;
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Wires the panel's form: Compare asks for `since`, Close asks for none (the caller records either as a view). */
export function attachChangesPanel(choose: (since: string | undefined) => void): void {
  element('changes-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const since = element<HTMLInputElement>('changes-since').value;
    if (since) choose(since);
  });
  element('changes-clear').addEventListener('click', () => choose(undefined));
}

let shownKey = '';

/**
 * Shows the comparison the state names (or clears it): the lists, the map lines, the route-card
 * marks. `routes` is the answer the route list shows, whose entities give most countries.
 */
export async function showChanges(request: ChangesRequest, routes: RoutesAnswer | undefined, map: HTMLElement, routeList: HTMLElement): Promise<void> {
  const result = element('changes-result');
  const since = element<HTMLInputElement>('changes-since');
  element('changes-until').textContent = humanDay(request.asOf);
  since.max = request.asOf;
  if (!since.value) since.value = request.since ?? yearBefore(request.asOf);
  element('changes-clear').hidden = request.since === undefined;
  const key = JSON.stringify(request);
  if (request.since === undefined) {
    shownKey = key;
    result.innerHTML = '';
    clearChangeMarks(routeList, map);
    return;
  }
  since.value = request.since;
  if (key === shownKey && result.innerHTML !== '') return markAgain(routeList, map);
  shownKey = key;
  result.innerHTML = '<p class="muted">Comparing…</p>';
  const [before, after] = request.since <= request.asOf ? [request.since, request.asOf] : [request.asOf, request.since];
  const answer = await api<ChangesAnswer>(`/api/entities/${encodeURIComponent(request.from)}/changes`, { before, after, regime: request.regime || undefined, product: request.product || undefined });
  if (shownKey !== key) return;
  const names = await entityNames(answer, routes);
  if (shownKey !== key) return;
  const label = (id: string) => names.get(id)?.name ?? id;
  const where = (id: string) => (names.get(id)?.country ? ` (${countryName(names.get(id)!.country)})` : '');
  const routeItem = (route: RouteChange, kind: 'added' | 'removed') =>
    `<li class="${kind}" data-path="${html(route.path.join('>'))}"><span class="change-badge ${kind}">${kind === 'added' ? 'new' : 'gone'}</span>${html(route.path.map(label).join(' → '))}${html(where(route.target))}${whyOf(route.why, label)}</li>`;
  const flagItem = (flag: ChangesAnswer['flags']['added'][number], kind: 'added' | 'removed') =>
    `<li class="${kind}"><span class="change-badge ${kind}">${kind === 'added' ? 'flagged' : 'no longer'}</span>${html(flag.name)}: ${html(flag.reasons.map(reasonLabel).join('; '))}</li>`;
  const { appeared, disappeared, changed } = answer.routes;
  const flags = [...answer.flags.added.map((flag) => flagItem(flag, 'added')), ...answer.flags.removed.map((flag) => flagItem(flag, 'removed'))];
  const nothing = appeared.length + disappeared.length + changed.length + flags.length === 0;
  result.innerHTML = `<p><strong>${humanDay(before)} → ${humanDay(after)}:</strong> ${
    nothing ? 'no flagged route or flag changed.' : `${appeared.length} route${appeared.length === 1 ? '' : 's'} appeared, ${disappeared.length} disappeared, ${changed.length} changed; ${flags.length} flag change${flags.length === 1 ? '' : 's'}.`
  }</p>
    ${appeared.length + disappeared.length > 0 ? `<h3>Flagged routes</h3><ul class="change-list">${appeared.map((route) => routeItem(route, 'added')).join('')}${disappeared.map((route) => routeItem(route, 'removed')).join('')}</ul>` : ''}
    ${changed.length > 0 ? `<h3>Routes that changed</h3><ul class="change-list">${changed.map((route) => `<li>${html(label(route.target))}: ${html(route.before.path.map(label).join(' → '))} <strong>became</strong> ${html(route.after.path.map(label).join(' → '))}</li>`).join('')}</ul>` : ''}
    ${flags.length > 0 ? `<h3>Flags</h3><ul class="change-list">${flags.join('')}</ul>` : ''}
    ${appeared.length + disappeared.length > 0 ? '<p class="changes-legend" aria-hidden="true">On the map: <span class="line" style="--c:#1c7c3a"></span> appeared <span class="line" style="--c:#6b7280"></span> disappeared</p>' : ''}`;
  const countriesOf = (route: RouteChange): MapRoute => ({ countries: route.path.map((id) => names.get(id)?.country).filter((code): code is string => code !== undefined) });
  lastLines = { added: appeared.map(countriesOf), removed: disappeared.map(countriesOf), addedPaths: new Set(appeared.map((route) => route.path.join('>'))) };
  markAgain(routeList, map);
}

let lastLines: { added: MapRoute[]; removed: MapRoute[]; addedPaths: Set<string> } = { added: [], removed: [], addedPaths: new Set() };

/** Draws the map lines and marks the route cards again (both are redrawn when the answers load). */
function markAgain(routeList: HTMLElement, map: HTMLElement): void {
  drawRouteChanges(map, lastLines.added, lastLines.removed);
  for (const card of routeList.querySelectorAll<HTMLElement>('.route-card')) {
    const path = card.dataset.path ?? '';
    const added = lastLines.addedPaths.has(path);
    card.classList.toggle('route-added', added);
    card.querySelector('.change-badge')?.remove();
    if (added) card.querySelector('.route-head')?.insertAdjacentHTML('afterbegin', '<span class="change-badge added">new</span>');
  }
}

/** Clears the map lines and card marks (the panel closed). */
export function clearChangeMarks(routeList: HTMLElement, map: HTMLElement): void {
  lastLines = { added: [], removed: [], addedPaths: new Set() };
  markAgain(routeList, map);
}

/** Why a route appeared or disappeared, in words, behind a toggle (no hover needed). */
function whyOf(why: readonly Evidence[], label: (id: string) => string): string {
  if (why.length === 0) return '';
  const line = (evidence: Evidence): string => {
    switch (evidence.event) {
      case 'flag_started':
      case 'flag_ended':
        return `${label(evidence.entity)}: ${reasonLabel(evidence.reason)} ${evidence.event === 'flag_started' ? 'began' : 'ended'}${evidence.cause === 'data' ? ' (in the data)' : ''}`;
      case 'intermediary_flagged':
      case 'intermediary_unflagged':
        return `${label(evidence.entity)} ${evidence.event === 'intermediary_flagged' ? 'became' : 'stopped being'} flagged on the way`;
      case 'edge_changed':
        return `${label(evidence.after.source)} → ${label(evidence.after.target)} changed`;
      default:
        return `${label(evidence.relationship.source)} → ${label(evidence.relationship.target)}: ${evidence.event.replace('edge_', 'edge ').replace('_', ' ')}`;
    }
  };
  return ` <details class="tip"><summary>why</summary><span class="tip-text">${why.map((evidence) => html(line(evidence))).join('\n')}</span></details>`;
}

/** Names and countries of the entities on the changed routes: from the route answer, else asked one by one. */
async function entityNames(answer: ChangesAnswer, routes: RoutesAnswer | undefined): Promise<Map<string, { name: string; country: string | undefined }>> {
  const names = new Map<string, { name: string; country: string | undefined }>();
  for (const [id, entity] of Object.entries(routes?.entities ?? {})) names.set(id, { name: entity.name, country: entity.country });
  for (const flag of [...answer.flags.added, ...answer.flags.removed]) if (!names.has(flag.id)) names.set(flag.id, { name: flag.name, country: undefined });
  const ids = new Set([...answer.routes.appeared, ...answer.routes.disappeared].flatMap((route) => route.path));
  // At most 40 look-ups: beyond that, a name stays an id and a country unknown.
  const missing = [...ids].filter((id) => !names.get(id)?.country).slice(0, 40);
  const found = await Promise.all(missing.map((id) => api<EntityAnswer>(`/api/entities/${encodeURIComponent(id)}`, { asOf: answer.after, depth: 1, limit: 1 }).catch(() => undefined)));
  for (const entity of found) if (entity) names.set(entity.entity.id, { name: entity.entity.name, country: entity.entity.country });
  return names;
}

function yearBefore(day: string): string {
  const year = Number(day.slice(0, 4));
  return Number.isFinite(year) ? `${year - 1}${day.slice(4)}` : day;
}
