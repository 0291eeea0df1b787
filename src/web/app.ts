/// <reference lib="dom" />
// The dashboard: pick a case or a source entity and a date; see where its goods can end up on a
// map and in a table, the flagged routes with their evidence, and each route as a graph.
import { api, ApiError, storedKey, storeKey } from './api-client.ts';
import type { CasesAnswer, ChokepointsAnswer, EntityAnswer, ExposureAnswer, RegionsAnswer, RoutesAnswer, ShippedCaseInfo } from './api-types.ts';
import { countryName, entityLabel, html, humanDay, rememberRegionNames, underRegime } from './format.ts';
import { closeRouteGraph, drawRouteGraph, selectRouteNode } from './route-graph.ts';
import { drawRouteList } from './route-list.ts';
import { attachSearchBox } from './search-box.ts';
import { drawWorldMap, type JurisdictionExposure } from './world-map.ts';
import { attachScreeningForm } from './screening-form.ts';
import { fillProductSuggestions } from './product-suggestions.ts';
import { noneReachable } from '../domain/applied-filters.ts';
import { drawExposureTable } from './exposure-table.ts';
import { attachChangesPanel, showChanges } from './changes-panel.ts';
import { attachUploadDialog } from './upload-dialog.ts';
import { recordState, sameData, stateOfFragment, type HistoryMode, type ViewState } from './view-state.ts';
import { attachReportExports } from './report-export.ts';

type State = ViewState;

const LANDING_CASE = 'blue-coat-syria';
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const controls = {
  caseSelect: element<HTMLSelectElement>('case'),
  search: element<HTMLInputElement>('search'),
  hits: element<HTMLUListElement>('search-hits'),
  asOf: element<HTMLInputElement>('as-of'),
  regime: element<HTMLSelectElement>('regime'),
  product: element<HTMLInputElement>('product'),
  k: element<HTMLSelectElement>('k'),
};

let cases: ShippedCaseInfo[] = [];
let state!: State;
let current: RoutesAnswer | undefined;

/** Wires every control once, then loads the cases (again after a key is entered). */
function boot(): void {
  wireKeyDialog();
  controls.caseSelect.addEventListener('change', () => {
    const chosen = cases.find((shipped) => shipped.id === controls.caseSelect.value);
    // Whose law is the reader's, not the case's: it stays when the case changes.
    if (chosen) void update({ ...stateOfCase(chosen), regime: state?.regime ?? '' });
    // "(your own source)": no case; the search box picks the source.
    else {
      controls.search.select();
      controls.search.focus();
    }
  });
  controls.asOf.addEventListener('change', () => {
    if (controls.asOf.value && state) void update({ ...state, asOf: controls.asOf.value });
  });
  controls.regime.addEventListener('change', () => state && void update({ ...state, regime: controls.regime.value }));
  controls.product.addEventListener('change', () => state && void update({ ...state, product: controls.product.value.trim() }));
  controls.k.addEventListener('change', () => state && void update({ ...state, k: Number(controls.k.value) }));
  document.getElementById('controls')!.addEventListener('submit', (event) => event.preventDefault());
  attachSearchBox(controls.search, controls.hits, () => ({ asOf: state?.asOf ?? '', regime: state?.regime }), (id) => void update({ ...state, caseId: caseOfSource(id), from: id, route: undefined, node: undefined }));
  element('routes').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.open-route');
    if (button) void update({ ...state, route: Number(button.dataset.route), node: undefined }, 'push', { openedRoute: true });
  });
  attachReportExports({ toolbar: element('routes-title'), map: element('map'), graphHeader: element('route-dialog').querySelector('header')!, current: () => current });
  attachScreeningForm(() => ({ seller: state.from, sellerName: controls.search.value, date: state.asOf, product: state.product, regime: state.regime }));
  // Back and Forward (and a fragment typed in the address bar) show the view that entry records.
  window.addEventListener('popstate', () => {
    const fromHash = stateFromHash();
    if (fromHash && state && JSON.stringify(fromHash) !== JSON.stringify(state)) void update(fromHash, 'none');
  });
  element<HTMLDialogElement>('route-dialog').addEventListener('close', leaveRoute);
  element<HTMLDialogElement>('route-dialog').addEventListener('cancel', () => routeOpenings++);
  attachChangesPanel((since) => void update({ ...state, since }));
  attachUploadDialog(
    () => void update(state, 'none', undefined, true),
    () => element('key-button').click(),
  );
  void loadCases();
  void fillProductSuggestions(element<HTMLDataListElement>('product-list'));
}

async function loadCases(): Promise<void> {
  try {
    cases = (await api<CasesAnswer>('/api/cases')).cases;
  } catch (error) {
    return showError(error);
  }
  controls.caseSelect.innerHTML =
    cases.map((shipped) => `<option value="${html(shipped.id)}">${html(shortTitle(shipped.title))}</option>`).join('') + '<option value="">(your own source)</option>';
  await update(stateFromHash() ?? stateOfCase(cases.find((shipped) => shipped.id === LANDING_CASE) ?? cases[0]), 'replace', undefined, true);
}

function shortTitle(title: string): string {
  return title.length > 60 ? `${title.slice(0, 57)}…` : title;
}

function stateOfCase(shipped: ShippedCaseInfo | undefined): State {
  return { caseId: shipped?.id, from: shipped?.sources[0] ?? '', asOf: shipped?.asOf ?? new Date().toISOString().slice(0, 10), regime: '', product: '', k: 1 };
}

function caseOfSource(id: string): string | undefined {
  return cases.find((shipped) => shipped.sources.includes(id))?.id;
}

function stateFromHash(): State | undefined {
  return stateOfFragment(window.location.hash, knownRegime, caseOfSource);
}

/** A regime from the URL when the control offers it; else the server's setting. */
function knownRegime(value: string | null): string {
  return value && [...controls.regime.options].some((option) => option.value === value.toLowerCase()) ? value.toLowerCase() : '';
}

function showControls(): void {
  controls.caseSelect.value = state.caseId ?? '';
  controls.asOf.value = state.asOf;
  controls.regime.value = state.regime;
  controls.product.value = state.product;
  controls.k.value = String(state.k);
}

let loads = 0;

/**
 * Shows `next`: recorded in the history as `mode` says, the answers fetched again when it asks
 * other questions (or `reload`), then the open route and the what-changed panel as it names them.
 */
async function update(next: State, mode: HistoryMode = 'push', mark?: Record<string, unknown>, reload = false): Promise<void> {
  const fetchAgain = reload || !sameData(state, next);
  state = next;
  showControls();
  recordState(state, mode, mark);
  if (fetchAgain && !(await loadAnswers(++loads))) return;
  await showOverlays();
}

/** Fetches and draws the answers for the state; false when a later update overtook this one. */
async function loadAnswers(load: number): Promise<boolean> {
  hideError();
  const shipped = cases.find((entry) => entry.id === state.caseId);
  const details = element<HTMLDetailsElement>('case-details');
  details.hidden = !shipped?.summary;
  element('case-summary').textContent = shipped?.summary ?? '';
  try {
    const query = { asOf: state.asOf, regime: state.regime || undefined, product: state.product || undefined };
    const id = encodeURIComponent(state.from);
    const [answer, exposureAnswer, cut, regions] = await Promise.all([
      api<RoutesAnswer>(`/api/entities/${id}/routes`, { ...query, k: state.k }),
      api<ExposureAnswer>(`/api/entities/${id}/exposure`, query),
      api<ChokepointsAnswer>(`/api/entities/${id}/chokepoints`, query),
      api<RegionsAnswer>('/api/regions', { asOf: state.asOf, regime: state.regime || undefined }),
    ]);
    if (load !== loads) return false;
    current = answer;
    rememberRegionNames(regions.regions);
    const source = answer.entities[answer.from];
    controls.search.value = source?.name ?? answer.from;
    element('screen-seller').textContent = source?.name ?? answer.from;
    element<HTMLInputElement>('screen-date').value = answer.asOf;
    const exposure = jurisdictions(exposureAnswer);
    showStory(answer, exposure);
    if (answer.truncated || exposureAnswer.truncated || cut.truncated) {
      element('summary').insertAdjacentHTML('beforeend', ' <strong class="truncated">The search ran out of its time budget: what is shown is what it found before; ask fewer hops or alternatives.</strong>');
    }
    drawExposureTable(element<HTMLTableElement>('exposure-table'), exposure, [...regions.countries, ...regions.regions]);
    drawChokepoints(cut, answer);
    drawRouteList(element('routes'), answer);
    await drawWorldMap(
      element('map'),
      exposure,
      exposureAnswer.flagged.map(({ route }) => ({ countries: route.path.map((entityId) => exposureAnswer.entities[entityId]?.country).filter((code): code is string => code !== undefined) })),
      source?.country,
      regions,
      element('map-regions'),
    );
    return true;
  } catch (error) {
    showError(error);
    return false;
  }
}

/** Jurisdictions from the exposure answer, with the names of the flagged parties in each. */
function jurisdictions(answer: ExposureAnswer): JurisdictionExposure[] {
  const names = new Map<string, string[]>();
  for (const { target } of answer.flagged) {
    const entity = answer.entities[target];
    const country = entity?.country;
    if (!country) continue;
    names.set(country, [...(names.get(country) ?? []), entityLabel(entity, target)]);
  }
  return answer.byJurisdiction
    .filter((entry): entry is typeof entry & { country: string } => entry.country !== null)
    .map((entry) => ({ country: entry.country, flagged: entry.flagged, reachable: entry.reachable, names: names.get(entry.country) ?? [] }))
    .sort((a, b) => b.flagged - a.flagged || b.reachable - a.reachable || countryName(a.country).localeCompare(countryName(b.country)));
}

function drawChokepoints(cut: ChokepointsAnswer, answer: RoutesAnswer): void {
  const box = element('chokepoints');
  if (cut.targets.length === 0) {
    box.textContent = '';
    return;
  }
  const members = cut.cut.members.map((member) => member.name);
  const direct = cut.uncuttable.length;
  box.innerHTML =
    members.length === 0
      ? `No intermediary stands between ${html(entityLabel(answer.entities[answer.from], answer.from))} and the flagged parties it supplies directly.`
      : `<strong>Chokepoint${members.length === 1 ? '' : 's'}:</strong> ${html(members.join(', '))} — dropping ${members.length === 1 ? 'it' : 'them'} cuts every flagged route${direct > 0 ? ` except ${direct} direct supply` : ''}${cut.cut.status === 'upper_bound' ? ' (an upper bound)' : ''}.`;
}

function showStory(answer: RoutesAnswer, exposure: JurisdictionExposure[]): void {
  const source = answer.entities[answer.from];
  element('headline').textContent = `Where can goods from ${entityLabel(source, answer.from)} end up, as of ${humanDay(answer.asOf)}, ${underRegime(answer.regime)}?`;
  const flaggedPlaces = exposure.filter((entry) => entry.flagged > 0);
  const places = flaggedPlaces.map((entry) => `${countryName(entry.country)} (${entry.names.join(', ')})`);
  element('summary').innerHTML =
    answer.total === 0
      ? html(noneReachable(entityLabel(source, answer.from), answer.filters))
      : `<strong>${answer.total} flagged route${answer.total === 1 ? '' : 's'}</strong> reach${answer.total === 1 ? 'es' : ''} <strong>${flaggedPlaces.length} jurisdiction${flaggedPlaces.length === 1 ? '' : 's'}</strong>: ${html(places.join('; '))}.`;
}

/** The route and entity the dialog shows, to draw it only when the state names another. */
let shownRoute: { answer: RoutesAnswer; index: number } | undefined;
let shownNode: string | undefined;
/**
 * Counts route openings. An opening waits for its entities; by then a newer one, or the reader
 * closing the graph (Escape or the close button, counted as they happen: the dialog's `close`
 * event comes a task later, when a newer opening may have begun), makes it stale. Without this,
 * an update still drawing the previous view could open the graph again just after the reader
 * closed it, and take the focus from whatever they had moved on to.
 */
let routeOpenings = 0;

/** Opens or closes the route graph, selects its entity and shows the comparison, as the state says. */
async function showOverlays(): Promise<void> {
  const request = { from: state.from, since: state.since, asOf: state.asOf, regime: state.regime, product: state.product };
  await showChanges(request, current, element('map'), element('routes')).catch(showError);
  const dialog = element<HTMLDialogElement>('route-dialog');
  if (state.route === undefined || !current?.routes[state.route]) {
    shownRoute = undefined;
    if (dialog.open) dialog.close();
  } else if (!dialog.open || shownRoute?.answer !== current || shownRoute.index !== state.route) {
    await openRoute(state.route);
  }
  if (state.route !== undefined && dialog.open && state.node && state.node !== shownNode) await selectRouteNode(state.node).catch(showError);
}

/** The user closed the route graph: back to the view it was opened from, or (a permalink) the same view without it. */
function leaveRoute(): void {
  const opener = state.route === undefined ? undefined : element('routes').querySelector<HTMLElement>(`button.open-route[data-route="${state.route}"]`);
  closeRouteGraph();
  shownRoute = undefined;
  shownNode = undefined;
  if (state.route === undefined) return;
  opener?.focus();
  if ((history.state as { openedRoute?: boolean } | null)?.openedRoute) history.back();
  else void update({ ...state, route: undefined, node: undefined }, 'push');
}

async function openRoute(index: number): Promise<void> {
  const answer = current;
  const route = answer?.routes[index];
  if (!answer || !route) return;
  const opening = ++routeOpenings;
  const dialog = element<HTMLDialogElement>('route-dialog');
  try {
    const around = await Promise.all(
      route.path.map((id) => api<EntityAnswer>(`/api/entities/${encodeURIComponent(id)}`, { asOf: answer.asOf, regime: answer.regime, depth: 1, limit: 12 })),
    );
    if (opening !== routeOpenings || state.route !== index || current !== answer) return;
    element('route-title').textContent = route.path.map((id) => entityLabel(answer.entities[id], id)).join(' → ');
    if (!dialog.open) dialog.showModal();
    shownRoute = { answer, index };
    shownNode = undefined;
    element('node-info').innerHTML = '<p class="muted">Choose an entity in the graph or in the list to see its dossier here.</p>';
    // Starting from another entity is a new view: the route graph closes as the state no longer names a route.
    const startRoutesFrom = (id: string) => void update({ ...state, caseId: caseOfSource(id), from: id, route: undefined, node: undefined, since: undefined });
    // The chosen entity is part of the view (permalink, Back): recorded when the reader picks one.
    const onSelect = (id: string) => {
      shownNode = id;
      if (state.node !== id) void update({ ...state, node: id }, 'push');
    };
    await drawRouteGraph({ canvas: element('graph'), dossier: element('node-info'), panel: element('graph-explore') }, element('edge-table'), { route, around, entities: answer.entities }, { asOf: answer.asOf, regime: answer.regime, startRoutesFrom, onSelect });
  } catch (error) {
    showError(error);
  }
}

function wireKeyDialog(): void {
  const dialog = element<HTMLDialogElement>('key-dialog');
  const input = element<HTMLInputElement>('key-input');
  element('key-button').addEventListener('click', () => {
    input.value = storedKey() ?? '';
    dialog.returnValue = '';
    dialog.showModal();
  });
  element('route-close').addEventListener('click', () => {
    routeOpenings++;
    element<HTMLDialogElement>('route-dialog').close();
  });
  element('key-cancel').addEventListener('click', () => dialog.close('cancel'));
  element('key-forget').addEventListener('click', () => dialog.close('forget'));
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'save') storeKey(input.value.trim() || undefined);
    if (dialog.returnValue === 'forget') storeKey(undefined);
    input.value = '';
    if (dialog.returnValue === 'save' || dialog.returnValue === 'forget') void (state ? update(state, 'none', undefined, true) : loadCases());
  });
}

function showError(error: unknown): void {
  const alert = element('alert');
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? (error.body?.error.issues ?? []).map((issue) => `${issue.field ?? issue.file ?? ''}: ${issue.message}`) : [];
  alert.innerHTML = `<strong>${html(message)}</strong>${issues.length ? `<ul>${issues.map((issue) => `<li>${html(issue)}</li>`).join('')}</ul>` : ''}`;
  alert.hidden = false;
  const keyDialog = element<HTMLDialogElement>('key-dialog');
  if (error instanceof ApiError && error.status === 401 && !keyDialog.open) keyDialog.showModal();
}

function hideError(): void {
  element('alert').hidden = true;
}

boot();
