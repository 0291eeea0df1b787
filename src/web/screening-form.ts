// The screening form: a proposed sale from the current source to a buyer picked by search or,
// for a new counterparty, typed with its country and address; answered with the verdict in plain
// sentences (which rules made it stop, review or clear), the routes and the red flags. A verdict
// is about one buyer: it is cleared as soon as the buyer (or anything else in the form) changes.
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
  const country = document.getElementById('screen-country') as HTMLInputElement;
  const address = document.getElementById('screen-address') as HTMLInputElement;
  const product = document.getElementById('screen-product') as HTMLInputElement;
  const date = document.getElementById('screen-date') as HTMLInputElement;
  const verdict = document.getElementById('verdict') as HTMLElement;
  let picked: { id: string; name: string } | undefined;
  /** Bumped on every change: an answer to an older question is dropped, not shown as current. */
  let question = 0;
  const clearVerdict = () => {
    question++;
    verdict.innerHTML = '';
  };
  attachSearchBox(buyer, document.getElementById('screen-buyer-hits') as HTMLElement, () => ({ asOf: date.value || defaults().date, regime: defaults().regime }), (id) => {
    picked = { id, name: buyer.value };
    clearVerdict();
  });
  buyer.addEventListener('input', () => {
    picked = undefined;
    clearVerdict();
  });
  for (const input of [country, address, product, date]) input.addEventListener('input', clearVerdict);
  const fill = () => {
    if (!date.value) date.value = defaults().date;
    if (!product.value && defaults().product) product.value = defaults().product;
  };
  form.addEventListener('focusin', fill);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill();
    const name = buyer.value.trim();
    const code = country.value.trim().toUpperCase();
    if (picked === undefined && name === '') {
      verdict.innerHTML = '<p>Give the buyer: pick it from the search list, or type the name of a new counterparty with its country.</p>';
      buyer.focus();
      return;
    }
    if (picked === undefined && !/^[A-Z]{2}$/.test(code)) {
      verdict.innerHTML = `<p>${html(name)} is not picked from the data, so it is screened as a new counterparty: give its country as two letters (for example AE).</p>`;
      country.focus();
      return;
    }
    const mine = ++question;
    verdict.innerHTML = '<p class="muted">Screening…</p>';
    try {
      const answer = await api<ScreeningAnswer>('/api/screenings', {}, {
        seller: defaults().seller,
        buyer: picked ? { id: picked.id } : { name, country: code, ...(address.value.trim() ? { address: address.value.trim() } : {}) },
        date: date.value,
        ...(product.value.trim() ? { product: product.value.trim() } : {}),
        ...(defaults().regime ? { regime: defaults().regime } : {}),
      });
      if (mine === question) verdict.innerHTML = describeVerdict(answer);
    } catch (error) {
      if (mine === question) verdict.innerHTML = `<p>${html(error instanceof Error ? error.message : String(error))}</p>`;
    }
  });
}

function describeVerdict(answer: ScreeningAnswer): string {
  const decision = answer.verdict.decision;
  const underLaw = (regimes: readonly string[]) => (regimes.length === 0 ? '' : ` <span class="muted">[${html(regimes.map((regime) => regime.toUpperCase()).join(', '))} law]</span>`);
  const reasons = answer.verdict.reasons.map((reason) => `<li>${html(reason.message)}${underLaw(reason.regimes)}</li>`).join('');
  // Unverified facts are shown apart: their status is not confirmed, so they are never stated as a flag.
  const redFlags = answer.redFlags
    .map((flag) => `<li>${flag.code.startsWith('UNVERIFIED_') ? '<strong>unverified:</strong> ' : ''}${html(flag.message)} <span class="muted">(${html(flag.source)})</span></li>`)
    .join('');
  const routes = answer.routes
    .map(
      (route) =>
        `<li>${route.new ? '<strong>new</strong> ' : ''}${html(route.path.map((id) => entityLabel(answer.entities[id], id)).join(' → '))} <span class="muted">(${route.hops} hop${route.hops === 1 ? '' : 's'}, score ${route.score.total})</span></li>`,
    )
    .join('');
  const buyer = answer.buyer.inGraph ? html(answer.buyer.name) : `${html(answer.buyer.name)} <span class="muted">(${html(answer.buyer.country ?? '')}, not in the data: screened as a new counterparty)</span>`;
  return `<p><span class="verdict-badge verdict-${decision}">${decision.toUpperCase()}</span> sale to ${buyer} on ${html(humanDay(answer.sale.date))}, <span id="verdict-regime">${html(underRegime(answer.verdict.regime))}</span></p>
    <p class="verdict-summary">${html(answer.verdict.summary)}</p>
    ${reasons ? `<ul class="verdict-reasons">${reasons}</ul>` : ''}
    ${routes ? `<p class="muted">Flagged routes through the sale:</p><ul>${routes}</ul>` : ''}
    ${redFlags ? `<details><summary>Red flags on the proposed hop (${answer.redFlags.length})</summary><ul>${redFlags}</ul></details>` : ''}`;
}
