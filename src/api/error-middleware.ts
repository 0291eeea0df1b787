// The one place where errors become HTTP statuses and the one error shape
// `{"error": {"code", "message", "issues"?}}`. Clients never see a stack trace.
import type { NextFunction, Request, Response } from 'express';
import { ConflictError, InvalidInputError, NotFoundError, StoreUnavailableError, reportedProblems, type Problem } from '../domain/errors.ts';
import { ForbiddenError, RateLimitedError, TimeBudgetError, UnauthorizedError } from './http-errors.ts';
import type { ErrorBody, ErrorCode } from './schemas.ts';

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  issues?: Problem[];
  /** Problems found beyond `issues` and not kept, counted in `issueCount`. */
  unlisted?: number;
}

/** Errors body-parser raises carry `type` and `status`. */
interface ParserError {
  type?: string;
  status?: number;
  message?: string;
}

export function mapError(error: unknown): Mapped {
  if (error instanceof InvalidInputError) return { status: 400, code: 'INVALID_INPUT', message: error.message, issues: error.problems, unlisted: error.unlisted };
  if (error instanceof ConflictError) return { status: 409, code: 'CONFLICT', message: error.message, issues: error.problems };
  if (error instanceof NotFoundError) return { status: 404, code: 'NOT_FOUND', message: error.message };
  if (error instanceof UnauthorizedError) return { status: 401, code: 'UNAUTHORIZED', message: error.message };
  if (error instanceof ForbiddenError) return { status: 403, code: 'FORBIDDEN', message: error.message };
  if (error instanceof RateLimitedError) return { status: 429, code: 'RATE_LIMITED', message: error.message };
  if (error instanceof StoreUnavailableError) return { status: 503, code: 'STORE_UNAVAILABLE', message: 'the graph store is unavailable; try again later' };
  if (error instanceof TimeBudgetError) return { status: 503, code: 'TIMEOUT', message: error.message };
  const parser = (typeof error === 'object' && error !== null ? error : {}) as ParserError;
  if (parser.type === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the request body is larger than the limit' };
  if (parser.type === 'entity.parse.failed') {
    return { status: 400, code: 'INVALID_INPUT', message: 'the request body is not valid JSON', issues: [{ field: 'body', message: 'is not valid JSON' }] };
  }
  if (parser.type !== undefined && parser.status !== undefined && parser.status >= 400 && parser.status < 500) {
    return { status: parser.status, code: 'INVALID_INPUT', message: parser.message ?? 'bad request', issues: [{ field: 'body', message: parser.message ?? 'bad request' }] };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error; the server log has the details under this request id' };
}

export function errorMiddleware(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const mapped = mapError(error);
  if (mapped.status >= 500 && mapped.code !== 'TIMEOUT') req.log?.error({ err: error }, 'request failed');
  else req.log?.info({ code: mapped.code, status: mapped.status }, 'request refused');
  const body: ErrorBody = { error: { code: mapped.code, message: mapped.message, ...issuesOf(mapped.issues ?? [], mapped.unlisted ?? 0) } };
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof RateLimitedError && error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(mapped.status).json(body);
}

/** The first problems and how many there are in all: a million issues never become a million-item answer. */
function issuesOf(problems: readonly Problem[], unlisted: number): Pick<ErrorBody['error'], 'issues' | 'issueCount'> {
  if (problems.length === 0) return {};
  return { issues: reportedProblems(problems).shown, issueCount: problems.length + unlisted };
}
