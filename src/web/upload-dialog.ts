/// <reference lib="dom" />
// Load data from the dashboard: pick CSV files or one JSON dataset file, check them with
// POST /api/datasets/check (nothing loads), see every problem with its file, line and column,
// and only then load them with POST /api/datasets (a write key).
import { findNodeAtLocation, parseTree, type ParseError, parse as parseJsonc } from 'jsonc-parser';
import { api, ApiError } from './api-client.ts';
import { html } from './format.ts';

/** The CSV file names the API reads (src/load/read-source.ts CSV_FILE_NAMES; that module reads the disk, so it is not bundled here). */
const CSV_NAMES = ['entities.csv', 'relationships.csv', 'listings.csv', 'jurisdictions.csv'];

interface PickedFile {
  name: string;
  text: string;
}

/** One problem as the reader sees it: where (file, line, column) and what. */
export interface UploadProblem {
  file: string;
  line?: number | undefined;
  column?: string | undefined;
  message: string;
}

interface CheckAnswer {
  valid: true;
  rows: Record<string, number>;
}

interface LoadAnswer {
  version: { id: string };
  loaded: Record<string, number>;
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Wires the Load data button and dialog; `onLoaded` runs after a dataset loaded (to show it). */
export function attachUploadDialog(onLoaded: () => void, askForKey: () => void): void {
  const dialog = element<HTMLDialogElement>('upload-dialog');
  const input = element<HTMLInputElement>('upload-files');
  const report = element('upload-report');
  const loadButton = element<HTMLButtonElement>('upload-load');
  /** The body that passed the check; any change to the files or fields asks for a new check. */
  let checked: unknown;
  const reset = () => {
    checked = undefined;
    loadButton.disabled = true;
    report.innerHTML = '';
  };
  element('upload-button').addEventListener('click', () => {
    reset();
    dialog.showModal();
  });
  element('upload-cancel').addEventListener('click', () => dialog.close());
  for (const id of ['upload-name', 'upload-mode']) element(id).addEventListener('change', reset);
  input.addEventListener('change', () => {
    reset();
    element('upload-picked').innerHTML = [...(input.files ?? [])].map((file) => `<li>${html(file.name)} <span class="muted">(${file.size.toLocaleString('en')} bytes)</span></li>`).join('');
  });

  element('upload-check').addEventListener('click', () => void check());
  loadButton.addEventListener('click', () => void load());

  async function check(): Promise<void> {
    reset();
    const files = await Promise.all([...(input.files ?? [])].map(async (file) => ({ name: file.name, text: await file.text() })));
    const built = bodyOf(files, element<HTMLInputElement>('upload-name').value.trim(), element<HTMLSelectElement>('upload-mode').value);
    if ('problems' in built) return showProblems(built.problems, built.problems.length, 'Nothing was sent: fix these first.');
    report.innerHTML = '<p class="muted">Checking…</p>';
    try {
      const answer = await api<CheckAnswer>('/api/datasets/check', {}, built.body);
      checked = built.body;
      loadButton.disabled = false;
      report.innerHTML = `<p class="ok"><strong>No problems found.</strong> It would load ${html(counts(answer.rows))}. Nothing is loaded until you press Load.</p>`;
    } catch (error) {
      showRefusal(error, files);
    }
  }

  async function load(): Promise<void> {
    if (checked === undefined) return;
    loadButton.disabled = true;
    try {
      const answer = await api<LoadAnswer>('/api/datasets', {}, checked);
      report.innerHTML = `<p class="ok"><strong>Loaded as ${html(answer.version.id)}:</strong> ${html(counts(answer.loaded))}.</p>`;
      checked = undefined;
      onLoaded();
    } catch (error) {
      const files = await Promise.all([...(input.files ?? [])].map(async (file) => ({ name: file.name, text: await file.text() })));
      showRefusal(error, files);
    }
  }

  function showRefusal(error: unknown, files: PickedFile[]): void {
    if (!(error instanceof ApiError)) {
      report.innerHTML = `<p class="bad">${html(error instanceof Error ? error.message : String(error))}</p>`;
      return;
    }
    if (error.status === 401) {
      report.innerHTML = '<p class="bad">This server needs an API key with write access: enter it with “API key” and check again.</p>';
      askForKey();
      return;
    }
    if (error.status === 403) {
      report.innerHTML = `<p class="bad">${html(error.message)}. Loading data needs a key with write access; nothing was loaded.</p>`;
      return;
    }
    const issues = error.body?.error.issues ?? [];
    if (issues.length === 0) {
      report.innerHTML = `<p class="bad">${html(error.message)}; nothing was loaded.</p>`;
      return;
    }
    showProblems(
      issues.map((issue) => placeProblem(issue, files)),
      error.body?.error.issueCount ?? issues.length,
      error.status === 409 ? `${error.message}. Choose how to treat stored entities above, then check again.` : 'Nothing was loaded.',
    );
  }

  function showProblems(problems: UploadProblem[], total: number, note: string): void {
    const rows = problems
      .map((problem) => `<tr><td>${html(problem.file)}</td><td class="num">${html(problem.line ?? '—')}</td><td>${html(problem.column ?? '—')}</td><td>${html(problem.message)}</td></tr>`)
      .join('');
    report.innerHTML = `<p class="bad"><strong>${total} problem${total === 1 ? '' : 's'}</strong> found. ${html(note)}</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Problems found"><table class="upload-problems"><thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead><tbody>${rows}</tbody></table></div>
      ${total > problems.length ? `<p class="muted">and ${total - problems.length} more not listed</p>` : ''}`;
  }
}

/** The request body for the picked files: CSV files by name, or one JSON dataset; else the problems with the picking. */
export function bodyOf(files: readonly PickedFile[], name: string, mode: string): { body: Record<string, unknown> } | { problems: UploadProblem[] } {
  const fields = { ...(name ? { name } : {}), ...(mode ? { mode } : {}) };
  if (files.length === 0) return { problems: [{ file: '—', message: 'no file picked; pick CSV files or one JSON file' }] };
  const json = files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (json.length > 0) {
    if (files.length > 1) return { problems: [{ file: files.map((file) => file.name).join(', '), message: 'pick one JSON file alone, or CSV files without a JSON file' }] };
    const errors: ParseError[] = [];
    const document: unknown = parseJsonc(json[0]!.text, errors, { allowTrailingComma: false, disallowComments: true });
    // The first error only: those after it follow from it.
    if (errors.length > 0) return { problems: [{ file: json[0]!.name, ...lineAndColumn(json[0]!.text, errors[0]!.offset), message: 'is not valid JSON here' }] };
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return { problems: [{ file: json[0]!.name, line: 1, message: 'must be a JSON object {"entities": [...], "relationships": [...], ...}' }] };
    return { body: { ...(document as Record<string, unknown>), ...fields } };
  }
  const unknown = files.filter((file) => !CSV_NAMES.includes(file.name.toLowerCase()));
  if (unknown.length > 0) return { problems: unknown.map((file) => ({ file: file.name, message: `is not a file the loader reads; name CSV files ${CSV_NAMES.join(', ')}` })) };
  return { body: { files: Object.fromEntries(files.map((file) => [file.name.toLowerCase(), file.text])), ...fields } };
}

/**
 * Places an API problem in the picked files: a CSV problem's column by its header position, a
 * JSON problem (`body.entities[2].kind`) at the line and column of that value in the file.
 */
export function placeProblem(issue: { file?: string | undefined; line?: number | undefined; field?: string | undefined; message: string }, files: readonly PickedFile[]): UploadProblem {
  const csv = issue.file ? files.find((file) => file.name.toLowerCase() === issue.file!.toLowerCase()) : undefined;
  if (csv) {
    const header = csv.text.split(/\r?\n/, 1)[0]!.split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
    const position = issue.field ? header.indexOf(issue.field) : -1;
    return { file: csv.name, line: issue.line, column: issue.field ? `${issue.field}${position >= 0 ? ` (${position + 1})` : ''}` : undefined, message: issue.message };
  }
  const json = files.length === 1 && files[0]!.name.toLowerCase().endsWith('.json') ? files[0]! : undefined;
  const segments = (issue.field ?? '').replace(/^body\.?/, '').match(/[^.[\]]+/g) ?? [];
  if (json && segments.length > 0) {
    const node = findNodeAtLocation(parseTree(json.text)!, segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)));
    const placed: { line?: number; column?: string } = node ? lineAndColumn(json.text, node.offset) : {};
    return { file: json.name, ...placed, column: placed.column ?? segments.join('.'), message: `${segments.join('.')} ${issue.message}` };
  }
  return { file: issue.file ?? (json?.name ?? 'request'), line: issue.line, column: issue.field, message: issue.message };
}

/** Line and column (both from 1) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: String(offset - before.lastIndexOf('\n')) };
}

function counts(rows: Record<string, number>): string {
  return Object.entries(rows)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count.toLocaleString('en')} ${count === 1 ? name.replace(/ies$/, 'y').replace(/s$/, '') : name}`)
    .join(', ') || 'no rows';
}
