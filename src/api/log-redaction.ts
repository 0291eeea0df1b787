// Keeps secrets out of the request log: a query value is logged only for a parameter some
// endpoint declares (asOf, maxHops, q, …); any other (`?key=`, `?token=`, a misspelt parameter
// that may hold anything) is logged as [redacted]. Keys belong in the Authorization header, whose
// value is redacted too (app.ts), but a client that sends one in the URL must not leak it.
import { z } from 'zod';
import type { Endpoint } from './endpoint.ts';

export const REDACTED = '[redacted]';

/** The query parameter names the endpoints declare. */
export function declaredQueryNames(endpoints: readonly Endpoint[]): Set<string> {
  const names = new Set<string>();
  for (const endpoint of endpoints) if (endpoint.query instanceof z.ZodObject) for (const name of Object.keys(endpoint.query.shape)) names.add(name);
  return names;
}

/**
 * The URL with the value of every undeclared query parameter replaced.
 * @example redactUrl('/api/health?key=s3cret&asOf=2024-01-01', new Set(['asOf'])) // '/api/health?key=[redacted]&asOf=2024-01-01'
 */
export function redactUrl(url: string, declared: ReadonlySet<string>): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const pairs = url.slice(queryStart + 1).split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    return declared.has(decodedName(rawName)) ? pair : `${rawName}=${REDACTED}`;
  });
  return `${url.slice(0, queryStart)}?${pairs.join('&')}`;
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

interface SerializedRequest {
  url?: string;
  query?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A pino-http request serializer (wrapping the standard one) that redacts the URL and the parsed query alike. */
export function redactingRequestSerializer(declared: ReadonlySet<string>): (req: SerializedRequest) => SerializedRequest {
  return (req) => {
    const query = req.query === undefined ? undefined : Object.fromEntries(Object.entries(req.query).map(([name, value]) => [name, declared.has(name) ? value : REDACTED]));
    return { ...req, ...(req.url === undefined ? {} : { url: redactUrl(req.url, declared) }), ...(query === undefined ? {} : { query }) };
  };
}
