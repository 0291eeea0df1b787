// One declaration per endpoint: its path, scope and zod schemas drive request validation,
// response validation and the OpenAPI document alike.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { viewForSearch, type SearchQuestion } from '../analysis/search-strategy.ts';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import type { GraphStore } from '../store/graph-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import { requireScope, type Caller } from './auth.ts';
import type { ApiConfig, Scope } from './config.ts';
import { Deadline } from './deadline.ts';

export interface EndpointContext<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  store: GraphStore;
  config: ApiConfig;
  deadline: Deadline;
  /** Who asks: the key's name and scope (never the key). */
  caller: Caller | undefined;
  /** The store's view, fetched within the request's time budget. */
  view(): Promise<GraphView>;
  /** The view for a search from one entity: pushed down into the store where it can search in place (analysis/search-strategy.ts), else view(). */
  searchView(from: string, question: SearchQuestion): Promise<GraphView>;
}

export interface Endpoint<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: 'get' | 'post';
  /** OpenAPI-style path: `/api/entities/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  scope: Scope;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Status of a successful answer (200 unless stated). */
  status?: number;
  /** Error statuses this endpoint can answer besides 400/401/429/503 (documented). */
  errors?: number[];
  handle(context: EndpointContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>> | z.input<R>;
  /** Called when the body fails its schema, before the request is answered 400 (the audit log of writes). */
  bodyRefused?(context: { body: unknown; caller: Caller | undefined; store: GraphStore; config: ApiConfig }, error: InvalidInputError): Promise<void>;
}

/** Declares an endpoint with its types inferred from its schemas. */
export function defineEndpoint<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  endpoint: Endpoint<P, Q, B, R>,
): Endpoint {
  return endpoint as unknown as Endpoint;
}

/** Mounts endpoints on a router: scope check, validated inputs, time budget, validated answer. */
export function mountEndpoints(router: Router, endpoints: readonly Endpoint[], store: GraphStore, config: ApiConfig, bodyParser: RequestHandler): void {
  for (const endpoint of endpoints) {
    const expressPath = endpoint.path.replace(/\{(\w+)\}/g, ':$1');
    // The scope is checked before the body is read, so an unauthorised upload costs nothing.
    const before = endpoint.body ? [requireScope(endpoint.scope), bodyParser] : [requireScope(endpoint.scope)];
    router[endpoint.method](expressPath, ...before, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const deadline = new Deadline(config.limits.timeBudgetMs);
        const params = parsePart(endpoint.params, req.params, 'path');
        // Unknown query parameters are refused, so a misspelt `maxhops` is not silently ignored.
        const query = parsePart(endpoint.query instanceof z.ZodObject ? endpoint.query.strict() : endpoint.query, req.query, 'query');
        let body: unknown;
        try {
          body = parsePart(endpoint.body, req.body, 'body');
        } catch (error) {
          if (endpoint.bodyRefused && error instanceof InvalidInputError) await endpoint.bodyRefused({ body: req.body, caller: req.caller, store, config }, error);
          throw error;
        }
        const context: EndpointContext<unknown, unknown, unknown> = {
          params,
          query,
          body,
          store,
          config,
          deadline,
          caller: req.caller,
          view: () => deadline.race(store.view(), 'reading the store'),
          searchView: (from, question) => deadline.race(viewForSearch(store, from, question), 'reading the store').then(({ view }) => view),
        };
        const answer = await endpoint.handle(context);
        // A write that went through must be reported as done, however long it took.
        if (endpoint.scope === 'read') deadline.check('the analysis');
        const checked = endpoint.response.safeParse(answer);
        if (!checked.success) throw new Error(`${endpoint.method.toUpperCase()} ${endpoint.path} answered outside its schema: ${z.prettifyError(checked.error)}`);
        res.status(endpoint.status ?? 200).json(checked.data);
      } catch (error) {
        next(error);
      }
    });
  }
}

/** Parses one request part; every problem names its place (`query.maxHops`, `body.entities[0].kind`). */
export function parsePart(schema: z.ZodType | undefined, value: unknown, place: 'path' | 'query' | 'body'): unknown {
  if (schema === undefined) return undefined;
  const parsed = schema.safeParse(value ?? (place === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  const problems = flattenIssues(parsed.error.issues).flatMap((issue): Problem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldName(place, [...issue.path, key]), message: 'is not a parameter of this endpoint; see /api/openapi.json' }))
      : [{ field: fieldName(place, issue.path), message: issue.message }],
  );
  throw new InvalidInputError(`bad ${place === 'path' ? 'path parameter' : place}`, problems);
}

type Issue = z.core.$ZodIssue;

/** A failed union reports the branch that got furthest (its shallowest issue is deepest). */
function flattenIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const progress = (branch: readonly Issue[]) => Math.min(...branch.map((inner) => inner.path.length));
    const best = issue.errors.reduce((a, b) => (progress(b) > progress(a) ? b : a));
    return flattenIssues(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

function fieldName(place: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : `${name}.${String(key)}`), place);
}
