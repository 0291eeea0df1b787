/// <reference lib="dom" />
// The dashboard's exports of the current view: the routes as CSV (one row per hop, with its
// evidence), the map and the route graph as PNG, and the printable dossier (the same renderer as
// `enduse report --format html`) opened in a new tab, to print or save as PDF.
import { toPng } from 'html-to-image';
import { toBlob as graphToBlob } from '@sigma/export-image';
import { api } from './api-client.ts';
import type { RoutesAnswer } from './api-types.ts';
import { renderDossierHtml } from '../report/dossier-html.ts';
import { sectionQuestion, type Dossier, type DossierDataVersion, type DossierSection } from '../report/dossier.ts';
import { routesCsv } from '../report/routes-csv.ts';
import { currentRouteGraph } from './route-graph.ts';

/** What the exports read from the page. */
export interface ExportTargets {
  /** The export buttons go right after this (the route list's heading). */
  toolbar: HTMLElement;
  /** The map's container (an SVG inside). */
  map: HTMLElement;
  /** The route dialog's header, for the graph's PNG button. */
  graphHeader: HTMLElement;
  /** The routes answer on screen now. */
  current: () => RoutesAnswer | undefined;
}

interface DatasetsAnswer {
  versions: { id: string; at: string; who: string; via: string; sha256: string; counts: Record<string, number> }[];
}

export function attachReportExports(targets: ExportTargets): void {
  const bar = document.createElement('div');
  bar.className = 'report-exports';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Export this view');
  bar.innerHTML = `<span class="muted">Export:</span>
    <button type="button" class="link-button" data-export="csv">Routes as CSV</button>
    <button type="button" class="link-button" data-export="map">Map as PNG</button>
    <button type="button" class="link-button" data-export="dossier">Dossier to print or save as PDF</button>`;
  targets.toolbar.after(bar);
  bar.addEventListener('click', (event) => {
    const kind = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-export]')?.dataset.export;
    const answer = targets.current();
    if (!kind || !answer) return;
    // The dossier's tab is opened now, in the click, so no popup blocker stops it.
    const tab = kind === 'dossier' ? window.open('', '_blank') : null;
    void runExport(kind, answer, targets, tab).catch((error: unknown) => announce(bar, `Export failed: ${(error as Error).message}`));
  });

  const graphButton = document.createElement('button');
  graphButton.type = 'button';
  graphButton.className = 'link-button';
  graphButton.dataset.export = 'graph';
  graphButton.textContent = 'Graph as PNG';
  targets.graphHeader.querySelector('.close')?.before(graphButton);
  graphButton.addEventListener('click', () => {
    const graph = currentRouteGraph();
    const answer = targets.current();
    if (!graph || !answer) return;
    void graphToBlob(graph, { format: 'png', backgroundColor: '#ffffff' })
      .then((blob) => download(blob, `${fileStem(answer)}-route-graph.png`))
      .catch((error: unknown) => announce(targets.graphHeader, `Export failed: ${(error as Error).message}`));
  });
}

async function runExport(kind: string, answer: RoutesAnswer, targets: ExportTargets, tab: Window | null): Promise<void> {
  const section = sectionOf(answer);
  if (kind === 'csv') return download(new Blob([routesCsv([section])], { type: 'text/csv;charset=utf-8' }), `${fileStem(answer)}-routes.csv`);
  if (kind === 'map') {
    // Decoded here: the page's Content-Security-Policy (connect-src 'self') forbids fetching a data: URL.
    const dataUrl = await toPng(targets.map, { backgroundColor: '#ffffff', pixelRatio: 2, skipFonts: true });
    const bytes = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (character) => character.charCodeAt(0));
    return download(new Blob([bytes], { type: 'image/png' }), `${fileStem(answer)}-map.png`);
  }
  const page = renderDossierHtml(await dossierOf(answer, section));
  const url = URL.createObjectURL(new Blob([page], { type: 'text/html;charset=utf-8' }));
  if (tab) tab.location.href = url;
  else download(new Blob([page], { type: 'text/html;charset=utf-8' }), `${fileStem(answer)}-dossier.html`);
}

/** The routes answer as a dossier section: the API's answer already has every route's evidence. */
function sectionOf(answer: RoutesAnswer): DossierSection {
  return { from: answer.from, asOf: answer.asOf, regime: answer.regime, product: answer.product, maxHops: answer.maxHops, routes: answer.routes, entities: answer.entities, more: answer.more, truncated: answer.truncated };
}

async function dossierOf(answer: RoutesAnswer, section: DossierSection): Promise<Dossier> {
  const served = answer as RoutesAnswer & { dataVersion?: number; dataAsOf?: string };
  const dataVersions: DossierDataVersion[] = [];
  if (served.dataVersion !== undefined) dataVersions.push({ name: 'served data', detail: `data version ${served.dataVersion}, read from the store at ${served.dataAsOf ?? 'an unstated time'}` });
  try {
    const { versions } = await api<DatasetsAnswer>('/api/datasets');
    for (const version of versions) {
      const counts = Object.entries(version.counts).map(([name, count]) => `${count} ${name}`).join(', ');
      dataVersions.push({ name: version.id, detail: `loaded ${version.at} via ${version.via} by ${version.who}; SHA-256 ${version.sha256}; ${counts}` });
    }
  } catch (error) {
    dataVersions.push({ name: 'dataset versions', detail: `not listed: ${(error as Error).message}` });
  }
  return { question: sectionQuestion(section), generatedAt: new Date().toISOString(), generatedBy: `enduse dashboard at ${window.location.origin}`, sections: [section], dataVersions };
}

function fileStem(answer: RoutesAnswer): string {
  return `enduse-${answer.from}-${answer.asOf}`.replace(/[^A-Za-z0-9._-]+/g, '-');
}

function download(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

function announce(near: HTMLElement, message: string): void {
  const note = document.createElement('p');
  note.setAttribute('role', 'alert');
  note.className = 'muted';
  note.textContent = message;
  near.after(note);
}
