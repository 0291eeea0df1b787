// One declaration per endpoint: its path, scope and zod schemas drive request validation,
// response validation and the OpenAPI document alike.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Logger } from 'pino';
import { z } from 'zod';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import type { GraphStore } from '../store/graph-store.ts';
import type { Projection, ServingStore } from '../store/serving-store.ts';
import type { GraphView } from '../store/graph-view.ts';
import { requireScope, type Caller } from './auth.ts';
import type { ApiConfig, Scope } from './config.ts';
import { stampDataVersion, stampDataVersionJson } from './data-version.ts';
import { Deadline } from './deadline.ts';
import { UNLISTED_PROBLEMS } from './schemas.ts';
import type { Question } from './questions/question.ts';
import type { QuestionRunner } from './questions/question-runner.ts';
import type { AuditAction } from '../audit/audit-log.ts';

export interface EndpointContext<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  /** The store through its serving holder: loads refresh what reads see. */
  store: ServingStore;
  config: ApiConfig;
  deadline: Deadline;
  /** Who asks: the key's name and scope (never the key). */
  caller: Caller | undefined;
  /** SHA-256 of the request body's bytes as received (absent without a body). */
  bodyDigest: string | undefined;
  /** The view this request answers from: one projection for the whole request, fetched within its time budget. */
  view(): Promise<GraphView>;
  /** The heavy-question runner: the entity search asks it for the view's index, built off the request thread. */
  questions: QuestionRunner;
}

export interface Endpoint<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'delete';
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
  /** Answers on the request thread (cheap requests). An endpoint has this or `question`. */
  handle?(context: EndpointContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>> | z.input<R>;
  /** A heavy question, answered by the question runner (worker threads, cache, per-caller cap). */
  question?: Question;
  /** The question's input from the validated request (its JSON is the cache key). */
  ask?(context: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }): unknown;
  /** What the audit log calls this request, for a write: every refusal of it is recorded (audit-refusals.ts). */
  auditAction?: AuditAction;
}

/** Declares an endpoint with its types inferred from its schemas. */
export function defineEndpoint<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  endpoint: Endpoint<P, Q, B, R>,
): Endpoint {
  return endpoint as unknown as Endpoint;
}

/** Whom a per-caller cap counts: the key's name, or the client's address when the server has no keys. */
export function callerKey(req: Request, config: ApiConfig): string {
  return req.caller && config.apiKeys.length > 0 ? `key:${req.caller.name}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

/** Mounts endpoints on a router: scope check, validated inputs, time budget, validated answer. */
export function mountEndpoints(router: Router, endpoints: readonly Endpoint[], store: ServingStore, config: ApiConfig, bodyParser: RequestHandler, questions: QuestionRunner): void {
  for (const endpoint of endpoints) {
    const expressPath = endpoint.path.replace(/\{(\w+)\}/g, ':$1');
    // The scope is checked before the body is read, so an unauthorised upload costs nothing.
    const before = endpoint.body ? [requireScope(endpoint.scope), bodyParser] : [requireScope(endpoint.scope)];
    // Unknown query parameters are refused, so a misspelt `maxhops` is not silently ignored. Made
    // once: a zod schema compiles itself on first use, which per request cost the request thread.
    const querySchema = endpoint.query instanceof z.ZodObject ? endpoint.query.strict() : endpoint.query;
    router[endpoint.method](expressPath, ...before, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const deadline = new Deadline(config.limits.timeBudgetMs);
        const params = parsePart(endpoint.params, req.params, 'path');
        const query = parsePart(querySchema, req.query, 'query');
        const body = parsePart(endpoint.body, req.body, 'body');
        // Pinned on first use: a refresh swapping in new data mid-request never mixes two projections.
        let pinned: Promise<Projection> | undefined;
        let used: Projection | undefined;
        const context: EndpointContext<unknown, unknown, unknown> = {
          params,
          query,
          body,
          store,
          config,
          deadline,
          caller: req.caller,
          bodyDigest: req.bodyDigest,
          questions,
          view: async () => {
            pinned ??= deadline.race(store.projection(), 'reading the store');
            used = await pinned;
            return used.view;
          },
        };
        if (endpoint.question !== undefined) {
          // Aborted when the client leaves before the answer: the worker then stops its search.
          const gone = new AbortController();
          res.on('close', () => {
            if (!res.writableFinished) gone.abort();
          });
          try {
            const graph = await context.view();
            const input = endpoint.ask!({ params, query, body });
            const answered = await questions.ask(endpoint.question, input, { graph, deadline, caller: callerKey(req, config), signal: gone.signal, log: req.log as Logger | undefined });
            // The bytes are the cache's: it keeps them until the response is done (or cut).
            if (answered.release) res.once('close', answered.release);
            const pieces = stampDataVersionJson(answered.json, used ?? store.current());
            res.status(endpoint.status ?? 200).setHeader('X-Answer-Cache', answered.cache).type('application/json');
            res.setHeader('Content-Length', pieces.reduce((bytes, piece) => bytes + piece.length, 0));
            if (req.method === 'HEAD') res.end();
            else {
              for (const piece of pieces.slice(0, -1)) res.write(piece);
              res.end(pieces.at(-1));
            }
          } catch (error) {
            // Nobody is left to answer.
            if (!gone.signal.aborted) throw error;
          }
          return;
        }
        const answer = await endpoint.handle!(context);
        // A write that went through must be reported as done, however long it took.
        if (endpoint.scope === 'read') deadline.check('the analysis');
        const checked = endpoint.response.safeParse(answer);
        if (!checked.success) throw new Error(`${endpoint.method.toUpperCase()} ${endpoint.path} answered outside its schema: ${z.prettifyError(checked.error)}`);
        res.status(endpoint.status ?? 200).json(stampDataVersion(checked.data, used ?? store.current()));
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
  let unlisted = 0;
  const problems = flattenIssues(parsed.error.issues).flatMap((issue): Problem[] => {
    const uncounted = issue.code === 'custom' ? issue.params?.[UNLISTED_PROBLEMS] : undefined;
    if (typeof uncounted === 'number') {
      unlisted += uncounted;
      return [];
    }
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldName(place, [...issue.path, key]), message: 'is not a parameter of this endpoint; see /api/openapi.json' }))
      : [{ field: fieldName(place, issue.path), message: issue.message }];
  });
  throw new InvalidInputError(`bad ${place === 'path' ? 'path parameter' : place}`, problems, unlisted);
}

type Issue = z.core.$ZodIssue;

/** A failed union reports the branch that got furthest (its shallowest issue is deepest). */
function flattenIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    // A loop, not Math.min(...spread): a branch may hold a million issues, too many arguments for one call.
    const progress = (branch: readonly Issue[]) => branch.reduce((least, inner) => Math.min(least, inner.path.length), Infinity);
    const best = issue.errors.reduce((a, b) => (progress(b) > progress(a) ? b : a));
    return flattenIssues(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

function fieldName(place: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : `${name}.${String(key)}`), place);
}
