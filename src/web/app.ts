/// <reference lib="dom" />
// The dashboard: pick a case or a source entity and a date; see where its goods can end up on a
// map and in a table, the flagged routes with their evidence, and each route as a graph.
import { api, ApiError, storedKey, storeKey } from './api-client.ts';
import type { CasesAnswer, ChokepointsAnswer, EntityAnswer, ExposureAnswer, OwnershipAnswer, RegionsAnswer, RoutesAnswer, ShippedCaseInfo } from './api-types.ts';
import { countryName, entityLabel, html, humanDay, reasonLabel, rememberRegionNames, underRegime } from './format.ts';
import { closeRouteGraph, drawRouteGraph } from './route-graph.ts';
import { drawRouteList } from './route-list.ts';
import { attachSearchBox } from './search-box.ts';
import { drawWorldMap, type JurisdictionExposure } from './world-map.ts';
import { attachScreeningForm } from './screening-form.ts';
import { attachReportExports } from './report-export.ts';

interface State {
  caseId: string | undefined;
  from: string;
  asOf: string;
  /** Whose law: a regime selection, or '' for the server's setting. */
  regime: string;
  product: string;
  k: number;
}

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
  });
  controls.asOf.addEventListener('change', () => {
    if (controls.asOf.value && state) void update({ ...state, asOf: controls.asOf.value });
  });
  controls.regime.addEventListener('change', () => state && void update({ ...state, regime: controls.regime.value }));
  controls.product.addEventListener('change', () => state && void update({ ...state, product: controls.product.value.trim() }));
  controls.k.addEventListener('change', () => state && void update({ ...state, k: Number(controls.k.value) }));
  document.getElementById('controls')!.addEventListener('submit', (event) => event.preventDefault());
  attachSearchBox(controls.search, controls.hits, () => ({ asOf: state?.asOf ?? '', regime: state?.regime }), (id) => void update({ ...state, caseId: caseOfSource(id), from: id }));
  element('routes').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.open-route');
    if (button) void openRoute(Number(button.dataset.route), button);
  });
  attachReportExports({ toolbar: element('routes-title'), map: element('map'), graphHeader: element('route-dialog').querySelector('header')!, current: () => current });
  attachScreeningForm(() => ({ seller: state.from, sellerName: controls.search.value, date: state.asOf, product: state.product, regime: state.regime }));
  window.addEventListener('hashchange', () => {
    const fromHash = stateFromHash();
    if (fromHash && state && JSON.stringify(fromHash) !== JSON.stringify(state)) void update(fromHash, false);
  });
  void loadCases();
}

async function loadCases(): Promise<void> {
  try {
    cases = (await api<CasesAnswer>('/api/cases')).cases;
  } catch (error) {
    return showError(error);
  }
  controls.caseSelect.innerHTML =
    cases.map((shipped) => `<option value="${html(shipped.id)}">${html(shortTitle(shipped.title))}</option>`).join('') + '<option value="">(your own source)</option>';
  await update(stateFromHash() ?? stateOfCase(cases.find((shipped) => shipped.id === LANDING_CASE) ?? cases[0]), false);
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
  const params = new URLSearchParams(window.location.hash.slice(1));
  const from = params.get('from');
  const asOf = params.get('asOf');
  if (!from || !asOf) return undefined;
  return { caseId: params.get('case') ?? caseOfSource(from), from, asOf, regime: knownRegime(params.get('regime')), product: params.get('product') ?? '', k: Number(params.get('k') ?? 1) || 1 };
}

/** A regime from the URL when the control offers it; else the server's setting. */
function knownRegime(value: string | null): string {
  return value && [...controls.regime.options].some((option) => option.value === value.toLowerCase()) ? value.toLowerCase() : '';
}

function writeHash(): void {
  const params = new URLSearchParams({ from: state.from, asOf: state.asOf });
  if (state.caseId) params.set('case', state.caseId);
  if (state.regime) params.set('regime', state.regime);
  if (state.product) params.set('product', state.product);
  if (state.k > 1) params.set('k', String(state.k));
  history.replaceState(null, '', `#${params}`);
}

function showControls(): void {
  controls.caseSelect.value = state.caseId ?? '';
  controls.asOf.value = state.asOf;
  controls.regime.value = state.regime;
  controls.product.value = state.product;
  controls.k.value = String(state.k);
}

async function update(next: State, pushHash = true): Promise<void> {
  state = next;
  showControls();
  if (pushHash || !window.location.hash) writeHash();
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
    drawExposureTable(exposure);
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
  } catch (error) {
    showError(error);
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
      ? `No flagged party is reachable from ${html(entityLabel(source, answer.from))} within ${answer.maxHops} hops on this date.`
      : `<strong>${answer.total} flagged route${answer.total === 1 ? '' : 's'}</strong> reach${answer.total === 1 ? 'es' : ''} <strong>${flaggedPlaces.length} jurisdiction${flaggedPlaces.length === 1 ? '' : 's'}</strong>: ${html(places.join('; '))}.`;
}

function drawExposureTable(exposure: JurisdictionExposure[]): void {
  const body = element<HTMLTableElement>('exposure-table').tBodies[0]!;
  body.innerHTML =
    exposure.length === 0
      ? '<tr><td colspan="4" class="muted">No jurisdiction reached</td></tr>'
      : exposure
          .map(
            (entry) =>
              `<tr data-country="${html(entry.country)}"><th scope="row">${html(countryName(entry.country))} <span class="muted">${html(entry.country)}</span></th><td class="num${entry.flagged > 0 ? ' hot' : ''}">${entry.flagged}</td><td class="num">${entry.reachable}</td><td>${html(entry.names.join(', ') || '—')}</td></tr>`,
          )
          .join('');
}

async function openRoute(index: number, opener: HTMLElement): Promise<void> {
  const answer = current;
  const route = answer?.routes[index];
  if (!answer || !route) return;
  const dialog = element<HTMLDialogElement>('route-dialog');
  try {
    const around = await Promise.all(
      route.path.map((id) => api<EntityAnswer>(`/api/entities/${encodeURIComponent(id)}`, { asOf: answer.asOf, regime: answer.regime, depth: 1, limit: 12 })),
    );
    element('route-title').textContent = route.path.map((id) => entityLabel(answer.entities[id], id)).join(' → ');
    dialog.showModal();
    drawRouteGraph(element('graph'), element('edge-table'), { route, around, entities: answer.entities }, (id) => void showNode(id, answer.asOf, answer.regime));
    element('node-info').innerHTML = '<p class="muted">Click an entity in the graph to see it here.</p>';
    dialog.addEventListener(
      'close',
      () => {
        closeRouteGraph();
        opener.focus();
      },
      { once: true },
    );
  } catch (error) {
    showError(error);
  }
}

async function showNode(id: string, asOf: string, regime: string): Promise<void> {
  const [answer, ownership] = await Promise.all([
    api<EntityAnswer>(`/api/entities/${encodeURIComponent(id)}`, { asOf, regime, depth: 1, limit: 1 }),
    api<OwnershipAnswer>(`/api/entities/${encodeURIComponent(id)}/ownership`, { asOf, regime }),
  ]);
  const entity = answer.entity;
  // Rules that catch the entity (or raise a red flag), each with why, from the ownership explanation.
  const caught = ownership.rules.filter((rule) => rule.status === 'applies' || rule.status === 'red_flag');
  const owners = caught.length
    ? `<h4>Ownership rules</h4><ul class="rules">${caught.map((rule) => `<li><strong>${html(rule.name)}</strong> (${html(rule.status.replace('_', ' '))}): ${html(rule.why)}</li>`).join('')}</ul>`
    : ownership.chains.length
      ? `<p class="muted">${ownership.chains.length} ownership or control chain${ownership.chains.length === 1 ? '' : 's'} to a listed party; no rule catches it on this date.</p>`
      : '';
  element('node-info').innerHTML = `<h3>${html(entity.name)}</h3>
    <p class="muted">${html(entity.kind.replace('_', ' '))} · ${html(countryName(entity.country))}${entity.sector ? ` · ${html(entity.sector)}` : ''}</p>
    ${entity.aliases.length ? `<p>Also known as ${html(entity.aliases.join('; '))}</p>` : ''}
    ${answer.reasons.length ? `<ul class="chips">${answer.reasons.map((reason) => `<li class="chip chip-reason">${html(reasonLabel(reason))}</li>`).join('')}</ul>` : `<p>Not flagged on this date ${html(underRegime(answer.regime))}.</p>`}
    ${owners}
    <button type="button" class="link-button" id="node-as-source">Start routes from here</button>`;
  element('node-as-source').addEventListener('click', () => {
    element<HTMLDialogElement>('route-dialog').close();
    void update({ ...state, caseId: caseOfSource(id), from: id });
  });
}

function wireKeyDialog(): void {
  const dialog = element<HTMLDialogElement>('key-dialog');
  const input = element<HTMLInputElement>('key-input');
  element('key-button').addEventListener('click', () => {
    input.value = storedKey() ?? '';
    dialog.returnValue = '';
    dialog.showModal();
  });
  element('route-close').addEventListener('click', () => element<HTMLDialogElement>('route-dialog').close());
  element('key-cancel').addEventListener('click', () => dialog.close('cancel'));
  element('key-forget').addEventListener('click', () => dialog.close('forget'));
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'save') storeKey(input.value.trim() || undefined);
    if (dialog.returnValue === 'forget') storeKey(undefined);
    input.value = '';
    if (dialog.returnValue === 'save' || dialog.returnValue === 'forget') void (state ? update(state, false) : loadCases());
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
