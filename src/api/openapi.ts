// The OpenAPI 3.1 document, generated from the same endpoint declarations and zod schemas
// that validate requests and responses.
import { z } from 'zod';
import type { ApiConfig } from './config.ts';
import type { Endpoint } from './endpoint.ts';
import { errorOut } from './schemas.ts';
import { withDataVersion } from './data-version.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: `issues` names each offending field',
  401: 'No API key, or an unknown one',
  403: 'The key lacks the scope this request needs',
  404: 'Unknown entity (or dataset version)',
  409: 'Refused: the write would change or break what other dataset versions state; `issues` lists every conflict',
  413: 'Request body over the size limit',
  429: 'Too many requests for this key in a minute, or too many heavy questions at once (Retry-After says when to retry)',
  503: 'Store unavailable (STORE_UNAVAILABLE) or time budget spent (TIMEOUT)',
};

export function openApiDocument(endpoints: readonly Endpoint[], config: ApiConfig): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    const parameters = [
      ...parametersOf(endpoint.params, 'path'),
      ...parametersOf(endpoint.query, 'query'),
    ];
    const statuses = [...new Set([400, 401, ...(endpoint.errors ?? []), 429, 503])].sort();
    const responses: Record<string, unknown> = {
      [String(endpoint.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: jsonSchema(withDataVersion(endpoint.response), 'output') } } },
    };
    for (const status of statuses) responses[String(status)] = { $ref: `#/components/responses/E${status}` };
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method] = {
      tags: [endpoint.tag],
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      operationId: `${endpoint.method}${endpoint.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_match, letter: string | undefined) => (letter ?? '').toUpperCase())}`,
      ...(config.apiKeys.length > 0 ? { security: [{ apiKey: [] }] } : {}),
      'x-scope': endpoint.scope,
      parameters,
      ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'enduse API',
      version: '0.1.0',
      description: [
        'Where can this technology end up? Flagged routes, flags and entities over supply, front-company and ownership graphs.',
        'Auth: `Authorization: Bearer <key>`; each key has scope read or write (loading data needs write). Without configured keys the server is local-only and open.',
        `Limits: maxHops ≤ ${config.limits.maxHops}, k ≤ ${config.limits.maxK}, ≤ ${config.limits.maxResults} items per list, body ≤ ${config.limits.bodyBytes} bytes (≤ ${config.limits.uploadRows} rows per collection), ${config.limits.requestsPerMinute} requests per minute per key (${config.limits.failedAuthPerMinute} failed authentications per minute per address), ${config.limits.heavyPerCaller} heavy questions (routes, exposure, chokepoints, screenings, changes) at once per key, time budget ${config.limits.timeBudgetMs} ms per request (time queued for a worker included).`,
        'Heavy answers carry `X-Answer-Cache: hit` when they come from the cache of answers on the same data.',
        'Errors: `{"error": {"code", "message", "issues"?}}`.',
      ].join('\n\n'),
    },
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from ENDUSE_API_KEYS' } },
      schemas: { Error: jsonSchema(errorOut, 'output') },
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([status, description]) => [
          `E${status}`,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}

function parametersOf(schema: z.ZodType | undefined, place: 'path' | 'query'): unknown[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const described = jsonSchema(field, 'input');
    const { description, ...fieldSchema } = described;
    return {
      name,
      in: place,
      required: place === 'path' || !field.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: fieldSchema,
    };
  });
}
