// The printable dossier: one HTML page (styles inline, no script) with the question, the date,
// every route with its hops, evidence and numbered sources, and the data versions used. The CLI
// (`enduse report --format html`) and the dashboard's "Dossier" button both call this renderer;
// every value from the data goes through `escapeHtml`.
import { hopLabel, hopNumber } from '../domain/hop-number.ts';
import { routeSources, sectionQuestion, type Dossier, type DossierEntity, type DossierRoute, type DossierSection } from './dossier.ts';
import { reasonWords } from './reason-words.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string | number | undefined | null): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The whole dossier as an HTML document.
 * @example writeFileSync('dossier.html', renderDossierHtml(dossier))
 */
export function renderDossierHtml(dossier: Dossier): string {
  const routeCount = dossier.sections.reduce((sum, section) => sum + section.routes.length, 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Dossier: ${dossier.question}`)}</title>
<style>${DOSSIER_STYLES}</style>
</head>
<body>
<header class="dossier-head">
<p class="kicker">enduse dossier</p>
<h1>${escapeHtml(dossier.question)}</h1>
<dl class="meta">
<dt>Made</dt><dd><time datetime="${escapeHtml(dossier.generatedAt)}">${escapeHtml(dossier.generatedAt)}</time></dd>
<dt>By</dt><dd>${escapeHtml(dossier.generatedBy)}</dd>
<dt>Routes</dt><dd>${routeCount} flagged route${routeCount === 1 ? '' : 's'} in ${dossier.sections.length} search${dossier.sections.length === 1 ? '' : 'es'}</dd>
</dl>
<p class="screen-only hint">To keep it as PDF, print this page (Ctrl+P or ⌘P) and choose "Save as PDF".</p>
</header>
<main>
${dossier.sections.map(sectionHtml).join('\n')}
</main>
<footer>
<h2 id="data-versions">Data versions used</h2>
${dataVersionsHtml(dossier)}
<p class="note">Hops are numbered from 1: hop 1 is the first relationship, leaving the source. Dates are ISO days (YYYY-MM-DD).</p>
</footer>
</body>
</html>
`;
}

function sectionHtml(section: DossierSection): string {
  const heading = section.caseTitle ?? sectionQuestion(section);
  const routes = section.routes.length === 0 ? `<p class="empty">No flagged route${section.maxHops === undefined ? '' : ` within ${section.maxHops} hops`}.</p>` : section.routes.map((route) => routeHtml(route, section)).join('\n');
  const notes = [
    section.more ? `and ${section.more} more route${section.more === 1 ? '' : 's'} not shown` : '',
    section.truncated ? 'the search ran out of its time budget: these are the routes found before' : '',
  ].filter(Boolean);
  return `<section class="search">
<h2>${escapeHtml(heading)}</h2>
${section.caseTitle ? `<p class="question">${escapeHtml(sectionQuestion(section))}</p>` : ''}
${section.caseSummary ? `<p class="summary">${escapeHtml(section.caseSummary)}</p>` : ''}
<p class="facts">Source ${escapeHtml(entityName(section.entities, section.from))} [${escapeHtml(section.from)}] · as of ${escapeHtml(section.asOf)} · regime ${escapeHtml(section.regime)}${section.product ? ` · product ${escapeHtml(section.product)}` : ''}${section.maxHops === undefined ? '' : ` · at most ${section.maxHops} hops`}</p>
${routes}
${notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('\n')}
</section>`;
}

function routeHtml(route: DossierRoute, section: DossierSection): string {
  const sources = routeSources(route);
  const cite = (source: string | undefined) => (source ? `<sup class="cite">[${sources.indexOf(source) + 1}]</sup>` : '');
  const target = section.entities[route.target];
  const hops = route.edges
    .map(
      (edge, index) => `<tr>
<th scope="row">${hopNumber(index)}</th>
<td>${escapeHtml(entityName(section.entities, edge.source))} → ${escapeHtml(entityName(section.entities, edge.target))}</td>
<td>${escapeHtml(edge.type)}${edge.share === undefined ? '' : ` ${escapeHtml(edge.share)}%`}</td>
<td>${escapeHtml(edge.product ?? '—')}</td>
<td>${escapeHtml(edge.start || edge.end ? `${edge.start ?? '…'} – ${edge.end ?? '…'}` : 'undated')}${edge.at ? `<br><small>on/after ${escapeHtml(edge.at)}</small>` : ''}</td>
<td>${edge.stated_end_user ? escapeHtml(entityName(section.entities, edge.stated_end_user)) : '—'}</td>
<td>${escapeHtml(edge.evidence ?? 'not graded')}</td>
<td>${edge.source_ref ? cite(edge.source_ref) : '—'}</td>
</tr>`,
    )
    .join('\n');
  const reasons = route.reasons.map((reason) => `<li>${escapeHtml(reasonWords(reason))}${cite(reason.source)}</li>`).join('\n');
  const redFlags = route.redFlags.map((flag) => `<li><strong>${escapeHtml(hopLabel(flag.hop))}</strong> <code>${escapeHtml(flag.code)}</code>: ${escapeHtml(flag.message)}${cite(flag.source)}</li>`).join('\n');
  const terms = route.score.terms.map((term) => `<li><strong>${escapeHtml(term.name)} ${escapeHtml(term.points)}</strong>: ${escapeHtml(term.why)}</li>`).join('\n');
  return `<article class="route">
<h3><span class="rank">#${escapeHtml(route.rank)}</span> → ${escapeHtml(entityName(section.entities, route.target))}${target?.country ? ` <span class="muted">(${escapeHtml(target.country)})</span>` : ''} <span class="score">score ${escapeHtml(route.score.total)}/100</span></h3>
<p class="path">${route.path.map((id) => escapeHtml(entityName(section.entities, id))).join(' → ')} <span class="muted">(${route.hops} hop${route.hops === 1 ? '' : 's'}${route.alternative > 1 ? `, alternative ${route.alternative}` : ''})</span></p>
<h4>Why the end of the route is flagged</h4>
<ul class="reasons">${reasons}</ul>
<h4>Each hop, with its evidence</h4>
<table class="hops">
<thead><tr><th scope="col">Hop</th><th scope="col">From → to</th><th scope="col">Type</th><th scope="col">Product</th><th scope="col">Dates</th><th scope="col">Stated end user</th><th scope="col">Evidence</th><th scope="col">Source</th></tr></thead>
<tbody>
${hops}
</tbody>
</table>
<h4>Red flags</h4>
${redFlags ? `<ul class="red-flags">${redFlags}</ul>` : '<p class="muted">None.</p>'}
<h4>Score: ${escapeHtml(route.score.total)}/100</h4>
<ul class="score-terms">${terms}</ul>
<h4>Sources</h4>
<ol class="sources">${sources.map((source) => `<li>${escapeHtml(source)}</li>`).join('\n')}</ol>
</article>`;
}

function dataVersionsHtml(dossier: Dossier): string {
  if (dossier.dataVersions.length === 0) return '<p class="muted">Not stated.</p>';
  return `<table class="versions"><thead><tr><th scope="col">Dataset</th><th scope="col">Version</th></tr></thead><tbody>
${dossier.dataVersions.map((version) => `<tr><th scope="row">${escapeHtml(version.name)}</th><td>${escapeHtml(version.detail)}</td></tr>`).join('\n')}
</tbody></table>`;
}

function entityName(entities: Readonly<Record<string, DossierEntity>>, id: string): string {
  return entities[id]?.name ?? id;
}

/** Screen and print in one sheet: A4 pages, routes kept whole where they fit, no hint on paper. */
const DOSSIER_STYLES = `
:root { color-scheme: light; }
body { font: 15px/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4 { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; line-height: 1.2; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.8rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #222; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.3rem; }
h4 { font-size: 0.9rem; text-transform: uppercase; letter-spacing: 0.04em; color: #444; margin: 0.9rem 0 0.3rem; }
.kicker { font: 600 0.8rem system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.08em; color: #7a0010; margin: 0; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
.hint { background: #fff6d6; border: 1px solid #e3c766; padding: 0.4rem 0.6rem; }
.muted, .note { color: #555; }
.score { float: right; font-size: 0.95rem; background: #7a0010; color: #fff; padding: 0.1rem 0.5rem; border-radius: 3px; }
.route { border-top: 1px solid #bbb; padding-top: 0.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #eee; }
.cite { color: #7a0010; font-weight: 600; }
.sources { font-size: 0.85rem; }
code { font-size: 0.85em; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  .screen-only { display: none; }
  .route { break-inside: avoid-page; }
  h2, h3, h4 { break-after: avoid-page; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .score { border: 1px solid #7a0010; color: #7a0010; background: none; }
}
`;
