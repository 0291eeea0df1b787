// What the request log says of a request and its response, and the secrets it keeps out. A query
// value is logged only for a parameter some endpoint declares (asOf, maxHops, q, …); any other
// (`?key=`, `?token=`, a misspelt parameter that may hold anything) is logged as [redacted]. Keys
// belong in the Authorization header, whose value is logged as [redacted], but a client that
// sends one in the URL must not leak it. Only the headers that tell something about a request
// are logged: the security headers every response carries (a 300-byte CSP among them) tripled
// each line and were a quarter of what the request thread allocated per request under load.
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

type Headers = Record<string, unknown>;

interface SerializedRequest {
  url?: string;
  query?: Record<string, unknown>;
  headers?: Headers;
  [field: string]: unknown;
}

interface SerializedResponse {
  statusCode?: number;
  headers?: Headers;
  [field: string]: unknown;
}

/** Request headers logged as sent. */
const REQUEST_HEADERS = ['host', 'user-agent', 'content-type', 'content-length', 'origin', 'referer', 'x-forwarded-for'];
/** Request headers whose presence is logged, never their value. */
const SECRET_HEADERS = ['authorization', 'cookie', 'x-api-key'];
/** Response headers logged: what was sent, from where, and when to come back. */
const RESPONSE_HEADERS = ['content-type', 'content-length', 'x-answer-cache', 'retry-after'];

/** The headers named in `shown` as they are, and those named in `hidden` as [redacted] when present. */
function picked(headers: Headers | undefined, shown: readonly string[], hidden: readonly string[]): Headers {
  const kept: Headers = {};
  if (headers === undefined) return kept;
  for (const name of shown) if (headers[name] !== undefined) kept[name] = headers[name];
  for (const name of hidden) if (headers[name] !== undefined) kept[name] = REDACTED;
  return kept;
}

/**
 * A pino-http request serializer (wrapping the standard one): the URL and the parsed query
 * redacted alike, the telling headers only, secret ones as [redacted].
 */
export function redactingRequestSerializer(declared: ReadonlySet<string>): (req: SerializedRequest) => SerializedRequest {
  return (req) => {
    const query = req.query === undefined ? undefined : Object.fromEntries(Object.entries(req.query).map(([name, value]) => [name, declared.has(name) ? value : REDACTED]));
    return {
      ...req,
      ...(req.url === undefined ? {} : { url: redactUrl(req.url, declared) }),
      ...(query === undefined ? {} : { query }),
      headers: picked(req.headers, REQUEST_HEADERS, SECRET_HEADERS),
    };
  };
}

/** A pino-http response serializer (wrapping the standard one): the status and the telling headers. */
export function responseSerializer(res: SerializedResponse): SerializedResponse {
  return { statusCode: res.statusCode, headers: picked(res.headers, RESPONSE_HEADERS, []) };
}
