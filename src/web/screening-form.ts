// The screening form: a proposed sale from the current source to a buyer found by search,
// answered with the verdict (clear / review / stop), the rules that fired and the red flags.
import { api } from './api-client.ts';
import type { ScreeningAnswer } from './api-types.ts';
import { entityLabel, html, humanDay, underRegime } from './format.ts';
import { attachSearchBox } from './search-box.ts';

export interface SaleDefaults {
  seller: string;
  sellerName: string;
  date: string;
  product: string;
  /** Whose law: the dashboard's control ('' for the server's setting). */
  regime: string;
}

export function attachScreeningForm(defaults: () => SaleDefaults): void {
  const form = document.getElementById('screening-form') as HTMLFormElement;
  const buyer = document.getElementById('screen-buyer') as HTMLInputElement;
  const product = document.getElementById('screen-product') as HTMLInputElement;
  const date = document.getElementById('screen-date') as HTMLInputElement;
  const verdict = document.getElementById('verdict') as HTMLElement;
  let buyerId: string | undefined;
  attachSearchBox(buyer, document.getElementById('screen-buyer-hits') as HTMLElement, () => ({ asOf: date.value || defaults().date, regime: defaults().regime }), (id) => {
    buyerId = id;
  });
  buyer.addEventListener('input', () => {
    buyerId = undefined;
  });
  const fill = () => {
    if (!date.value) date.value = defaults().date;
    if (!product.value && defaults().product) product.value = defaults().product;
  };
  form.addEventListener('focusin', fill);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill();
    if (!buyerId) {
      verdict.innerHTML = '<p>Pick the buyer from the search list first.</p>';
      buyer.focus();
      return;
    }
    try {
      const answer = await api<ScreeningAnswer>('/api/screenings', {}, {
        seller: defaults().seller,
        buyer: { id: buyerId },
        date: date.value,
        ...(product.value.trim() ? { product: product.value.trim() } : {}),
        ...(defaults().regime ? { regime: defaults().regime } : {}),
      });
      verdict.innerHTML = describeVerdict(answer);
    } catch (error) {
      verdict.innerHTML = `<p>${html(error instanceof Error ? error.message : String(error))}</p>`;
    }
  });
}

function describeVerdict(answer: ScreeningAnswer): string {
  const decision = answer.verdict.decision;
  const underLaw = (regimes: readonly string[]) => (regimes.length === 0 ? '' : ` <span class="muted">[${html(regimes.join(', '))} law]</span>`);
  const reasons = answer.verdict.reasons.map((reason) => `<li><strong>${html(reason.rule.replaceAll('_', ' ').toLowerCase())}</strong>: ${html(reason.message)}${underLaw(reason.regimes)}</li>`).join('');
  // Unverified facts are shown apart: their status is not confirmed, so they are never stated as a flag.
  const redFlags = answer.redFlags
    .map((flag) => `<li>${flag.code.startsWith('UNVERIFIED_') ? '<strong>unverified:</strong> ' : ''}${html(flag.message)} <span class="muted">(${html(flag.source)})</span></li>`)
    .join('');
  const routes = answer.routes
    .map(
      (route) =>
        `<li>${route.new ? '<strong>new</strong> ' : ''}${html(route.path.map((id) => entityLabel(answer.entities[id], id)).join(' → '))} <span class="muted">(${route.hops} hops, score ${route.score.total})</span></li>`,
    )
    .join('');
  return `<p><span class="verdict-badge verdict-${decision}">${decision.toUpperCase()}</span> sale to ${html(entityLabel(undefined, answer.buyer.name))} on ${html(humanDay(answer.sale.date))}, <span id="verdict-regime">${html(underRegime(answer.verdict.regime))}</span></p>
    ${reasons ? `<ul>${reasons}</ul>` : '<p>No rule fired: no flag on the buyer, its owners or the end user, no flagged route and no red flag on this hop.</p>'}
    ${routes ? `<p class="muted">Flagged routes through the sale:</p><ul>${routes}</ul>` : ''}
    ${redFlags ? `<details><summary>Red flags on the proposed hop (${answer.redFlags.length})</summary><ul>${redFlags}</ul></details>` : ''}`;
}
