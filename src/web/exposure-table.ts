/// <reference lib="dom" />
// The table of jurisdictions reached: flagged parties and entities reached in each, and the
// jurisdiction's own flags (the UAE as a transshipment hub), so "0 flagged" never hides that the
// place itself is flagged. Each flag's source opens on click, tap or keyboard.
import type { RegionInfo } from './api-types.ts';
import { countryName, html } from './format.ts';
import { flagSummary } from './region-captions.ts';
import { toggletip } from './route-list.ts';
import type { JurisdictionExposure } from './world-map.ts';

export function drawExposureTable(table: HTMLTableElement, exposure: readonly JurisdictionExposure[], placesUnderFlag: readonly RegionInfo[]): void {
  const flagsOf = new Map(placesUnderFlag.map((place) => [place.code, place.flags]));
  const body = table.tBodies[0]!;
  body.innerHTML =
    exposure.length === 0
      ? '<tr><td colspan="4" class="muted">No jurisdiction reached</td></tr>'
      : exposure
          .map((entry) => {
            const flags = flagsOf.get(entry.country) ?? [];
            const own = flags.length
              ? `<ul class="jurisdiction-flags" aria-label="flags of the jurisdiction itself">${flags.map((flag) => `<li>${toggletip(`jurisdiction: ${flagSummary(flag)}`, flag.source ? `Source: ${flag.source}` : '')}</li>`).join('')}</ul>`
              : '';
            return `<tr data-country="${html(entry.country)}"${flags.length ? ' class="flagged-jurisdiction"' : ''}><th scope="row">${html(countryName(entry.country))} <span class="muted">${html(entry.country)}</span>${own}</th><td class="num${entry.flagged > 0 ? ' hot' : ''}">${entry.flagged}</td><td class="num">${entry.reachable}</td><td>${html(entry.names.join(', ') || '—')}</td></tr>`;
          })
          .join('');
}
