// Calls the API from the dashboard. The API key (when the server has keys) is typed once,
// kept in sessionStorage for this tab only, and sent as a header, never in a URL.
import type { ErrorBody } from './api-types.ts';

const KEY_STORAGE = 'enduse.apiKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | undefined,
  ) {
    super(body?.error.message ?? `the server answered ${status}`);
  }
}

export function storedKey(): string | undefined {
  return sessionStorage.getItem(KEY_STORAGE) ?? undefined;
}

export function storeKey(key: string | undefined): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** GET (or POST with `body`) a JSON answer; throws ApiError with the API's error body. */
export async function api<T>(path: string, query: Record<string, string | number | undefined> = {}, body?: unknown): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = storedKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, payload as ErrorBody | undefined);
  return payload as T;
}
