// Entity search: a combobox listing ranked hits as you type; arrows move, Enter picks, Escape closes.
import { api } from './api-client.ts';
import type { SearchAnswer } from './api-types.ts';
import { countryName, html } from './format.ts';

/** The date and whose law a hit's `flagged` is judged at ('' or absent regime: the server's setting). */
export interface SearchScope {
  asOf: string;
  regime?: string;
}

export function attachSearchBox(input: HTMLInputElement, list: HTMLElement, scope: () => SearchScope, onPick: (id: string) => void): void {
  let hits: SearchAnswer['hits'] = [];
  let didYouMean: string | null = null;
  let asked = '';
  let active = -1;
  let timer: number | undefined;
  let generation = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const render = () => {
    // A typo finds its closest spellings: say so above them, so a hit is not read as an exact match.
    const suggestion = didYouMean === null ? '' : `<li class="did-you-mean" role="option" aria-disabled="true">Nothing matches “${html(asked)}”. Did you mean <strong>${html(didYouMean)}</strong>?</li>`;
    list.innerHTML = hits.length === 0
      ? `<li class="no-hit" role="option" aria-disabled="true">No entity matches “${html(asked)}”</li>`
      : suggestion + hits
          .map(
            (hit, index) =>
              `<li role="option" id="hit-${index}" data-id="${html(hit.entity.id)}" aria-selected="${index === active}" class="${index === active ? 'active' : ''}">
                <strong>${html(hit.entity.name)}</strong> <span class="muted">${html(hit.entity.kind.replace('_', ' '))} · ${html(countryName(hit.entity.country))}${hit.matched === 'alias' ? ` · alias “${html(hit.text)}”` : ''}</span>${hit.flagged ? ' <span class="chip chip-reason">flagged</span>' : ''}
              </li>`,
          )
          .join('');
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', `hit-${active}`);
  };
  const pick = (index: number) => {
    const hit = hits[index];
    if (!hit) return;
    input.value = hit.entity.name;
    close();
    onPick(hit.entity.id);
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text === '') return close();
    timer = window.setTimeout(async () => {
      const mine = ++generation;
      const answer = await api<SearchAnswer>('/api/entities', { q: text, ...scope(), limit: 8 });
      if (mine !== generation) return;
      hits = answer.hits;
      didYouMean = answer.didYouMean;
      asked = text;
      active = hits.length > 0 ? 0 : -1;
      render();
    }, 150);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length === 0) return;
      active = (active + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      render();
    } else if (event.key === 'Enter') {
      // With no hit to pick, Enter submits what was typed (a new counterparty's name).
      if (active < 0) return close();
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape') {
      close();
    }
  });
  list.addEventListener('mousedown', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[data-id]');
    if (!item) return;
    event.preventDefault();
    pick(hits.findIndex((hit) => hit.entity.id === item.dataset.id));
  });
  input.addEventListener('blur', () => window.setTimeout(close, 100));
}
