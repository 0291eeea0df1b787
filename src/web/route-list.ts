// The route list: one card per flagged route with its path, reasons, score and red flags.
import { hopLabel } from '../domain/hop-number.ts';
import type { RoutesAnswer, RouteInfo } from './api-types.ts';
import { countryName, entityLabel, html, humanDay, reasonLabel } from './format.ts';

/** Score and red flags, when the routes carry them. */
interface Assessed {
  score?: { total: number };
  redFlags?: { code: string; message?: string }[];
}

export function drawRouteList(container: HTMLElement, answer: RoutesAnswer): void {
  if (answer.routes.length === 0) {
    container.innerHTML = `<p class="empty">No flagged route from ${html(entityLabel(answer.entities[answer.from], answer.from))} as of ${html(humanDay(answer.asOf))} within ${answer.maxHops} hops.</p>`;
    return;
  }
  const cards = answer.routes.map((route, index) => routeCard(route as RouteInfo & Assessed, index, answer)).join('');
  const more = answer.more > 0 ? `<p class="muted">and ${answer.more} more route${answer.more === 1 ? '' : 's'} not shown</p>` : '';
  container.innerHTML = `<ol class="route-cards">${cards}</ol>${more}`;
}

function routeCard(route: RouteInfo & Assessed, index: number, answer: RoutesAnswer): string {
  const target = answer.entities[route.target];
  const steps = route.path
    .map((id, position) => {
      const entity = answer.entities[id];
      const role = position === 0 ? 'source' : position === route.path.length - 1 ? 'target' : 'via';
      return `<span class="step step-${role}">${html(entityLabel(entity, id))}<small>${html(entity?.country ?? '')}</small></span>`;
    })
    .join('<span class="arrow" aria-hidden="true">→</span>');
  // Explanations open on click, tap or Enter (a toggletip), not on hover only.
  const reasons = route.reasons.map((reason) => `<li class="chip chip-reason">${toggletip(reasonLabel(reason), 'source' in reason && reason.source ? `Source: ${reason.source}` : '')}</li>`).join('');
  // One chip per red-flag code, with the hops that carry it in its title (hop 1 = the first relationship).
  const byCode = new Map<string, string[]>();
  for (const flag of route.redFlags ?? []) byCode.set(flag.code, [...(byCode.get(flag.code) ?? []), `${hopLabel(flag.hop)}: ${flag.message ?? ''}`]);
  const redFlags = [...byCode]
    .map(([code, messages]) => `<li class="chip chip-red-flag">${toggletip(`${code.replaceAll('_', ' ').toLowerCase()}${messages.length > 1 ? ` ×${messages.length}` : ''}`, messages.filter(Boolean).join('\n'))}</li>`)
    .join('');
  const score = route.score ? `<span class="score">${route.score.total}<span class="visually-hidden"> out of 100 (route score)</span></span>` : '';
  const firstDay = route.edges.find((edge) => edge.at)?.at;
  return `<li class="route-card" data-path="${html(route.path.join('>'))}">
    <div class="route-head">
      ${score}
      <h3>${html(entityLabel(target, route.target))} <span class="muted">in ${html(countryName(target?.country))}</span></h3>
      <span class="hops">${route.hops} hop${route.hops === 1 ? '' : 's'}${firstDay ? ` · from ${html(humanDay(firstDay))}` : ''}</span>
    </div>
    <p class="path">${steps}</p>
    <ul class="chips" aria-label="reasons">${reasons}</ul>
    ${redFlags ? `<ul class="chips" aria-label="red flags">${redFlags}</ul>` : ''}
    <button type="button" class="open-route" data-route="${index}">Open route graph<span class="visually-hidden"> for the route to ${html(entityLabel(target, route.target))}</span></button>
  </li>`;
}

/** A label that opens its explanation when clicked, tapped or activated by keyboard; just the label without one. */
export function toggletip(label: string, explanation: string): string {
  return explanation ? `<details class="tip"><summary>${html(label)}</summary><span class="tip-text">${html(explanation)}</span></details>` : html(label);
}
