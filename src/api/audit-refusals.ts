// Records every refused write in the audit log: a 400, 401, 403, 413 or 429 answer to a request
// for a write endpoint, whichever layer refused it (key check, rate limiter, body parser, schema,
// loader). An attempt to write is evidence, whether or not it got in.
import type { ErrorRequestHandler, Request } from 'express';
import type { AuditAction } from '../audit/audit-log.ts';
import type { GraphStore } from '../store/graph-store.ts';
import type { ApiConfig } from './config.ts';
import type { Endpoint } from './endpoint.ts';
import { mapError } from './error-middleware.ts';

/** The statuses of a refusal; a 404, a 503 or a 500 is not the caller being refused. */
export const AUDITED_REFUSALS: ReadonlySet<number> = new Set([400, 401, 403, 413, 429]);

interface AuditedWrite {
  method: string;
  path: RegExp;
  action: AuditAction;
}

/** The write endpoints as method and path pattern (`/api/datasets/{id}` matches one segment). */
function auditedWrites(endpoints: readonly Endpoint[]): AuditedWrite[] {
  return endpoints.flatMap((endpoint) => {
    if (endpoint.auditAction === undefined) return [];
    const pattern = endpoint.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
    return [{ method: endpoint.method.toUpperCase(), path: new RegExp(`^${pattern}/?$`), action: endpoint.auditAction }];
  });
}

/** Who asked, by key name; a request without a valid key is named by what it lacked, never by what it sent. */
function requester(req: Request): string {
  if (req.caller) return req.caller.name;
  return req.headers.authorization ? 'unknown-key' : 'anonymous';
}

/**
 * An error handler placed before the error middleware: records the refusal, then passes the error
 * on unchanged. If the log cannot be written the refusal is still answered, and the server log says why.
 */
export function auditRefusedWrites(endpoints: readonly Endpoint[], store: GraphStore, config: ApiConfig): ErrorRequestHandler {
  const writes = auditedWrites(endpoints);
  return (error, req, _res, next) => {
    const { status, message } = mapError(error);
    const write = AUDITED_REFUSALS.has(status) ? writes.find((candidate) => candidate.method === req.method && candidate.path.test(req.path)) : undefined;
    if (write === undefined) return next(error);
    const entry = {
      who: requester(req),
      via: 'api',
      action: write.action,
      backend: store.backend,
      ...(req.bodyDigest === undefined ? {} : { dataset: { sha256: req.bodyDigest } }),
      outcome: 'rejected',
      status,
      request: `${req.method} ${req.path}`,
      message: message.split('\n')[0]!,
    } as const;
    config.audit.record(entry).then(
      () => next(error),
      (auditError: unknown) => {
        req.log?.error({ err: auditError }, 'a refused write could not be recorded in the audit log');
        next(error);
      },
    );
  };
}
