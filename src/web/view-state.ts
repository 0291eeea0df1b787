/// <reference lib="dom" />
// What the dashboard shows, as one state kept in the URL's fragment: the permalink reopens the
// same view (the open route, the selected entity, the what-changed panel), and each view is a
// browser history entry, so Back returns to the previous one instead of leaving the app.

export interface ViewState {
  caseId: string | undefined;
  /** The source entity. */
  from: string;
  asOf: string;
  /** Whose law: a regime selection, or '' for the server's setting. */
  regime: string;
  product: string;
  k: number;
  /** The route whose graph is open, by its place in the route list. */
  route?: number | undefined;
  /** The entity selected in the open route's graph. */
  node?: string | undefined;
  /** The earlier date of the what-changed panel, compared with `asOf`; absent: the panel is closed. */
  since?: string | undefined;
}

/** How a new state enters the history: a new entry (Back returns), in place, or not at all (it came from the history). */
export type HistoryMode = 'push' | 'replace' | 'none';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The fragment for a state: `#from=…&asOf=…&route=0&node=…`. */
export function fragmentOf(state: ViewState): string {
  const params = new URLSearchParams({ from: state.from, asOf: state.asOf });
  if (state.caseId) params.set('case', state.caseId);
  if (state.regime) params.set('regime', state.regime);
  if (state.product) params.set('product', state.product);
  if (state.k > 1) params.set('k', String(state.k));
  if (state.route !== undefined) params.set('route', String(state.route));
  if (state.route !== undefined && state.node) params.set('node', state.node);
  if (state.since) params.set('since', state.since);
  return `#${params}`;
}

/**
 * The state a fragment names, or undefined without a source and a date. `regimeOf` keeps a
 * regime only when the dashboard offers it; `caseOf` finds the case a source belongs to.
 */
export function stateOfFragment(fragment: string, regimeOf: (value: string | null) => string, caseOf: (from: string) => string | undefined): ViewState | undefined {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const from = params.get('from');
  const asOf = params.get('asOf');
  if (!from || !asOf) return undefined;
  const route = Number(params.get('route') ?? NaN);
  const since = params.get('since') ?? '';
  return {
    caseId: params.get('case') ?? caseOf(from),
    from,
    asOf,
    regime: regimeOf(params.get('regime')),
    product: params.get('product') ?? '',
    k: Number(params.get('k') ?? 1) || 1,
    ...(Number.isInteger(route) && route >= 0 ? { route, ...(params.get('node') ? { node: params.get('node')! } : {}) } : {}),
    ...(DAY.test(since) ? { since } : {}),
  };
}

/** Whether two states ask the server the same questions (only the overlays differ). */
export function sameData(a: ViewState | undefined, b: ViewState): boolean {
  return a !== undefined && a.from === b.from && a.asOf === b.asOf && a.regime === b.regime && a.product === b.product && a.k === b.k && a.caseId === b.caseId;
}

/** Writes the state into the URL: a new history entry, or in place. `mark` is kept with the entry (history.state). */
export function recordState(state: ViewState, mode: HistoryMode, mark: Record<string, unknown> | null = null): void {
  if (mode === 'none') return;
  const fragment = fragmentOf(state);
  if (mode === 'push' && fragment !== window.location.hash) history.pushState(mark, '', fragment);
  else history.replaceState(mark ?? history.state, '', fragment);
}
