// API keys: `Authorization: Bearer <key>`, each key with a scope, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiKey, Scope } from './config.ts';
import { ForbiddenError, UnauthorizedError } from './http-errors.ts';

/** Who made a request: a configured key, or the open local mode when no keys are configured. */
export interface Caller {
  name: string;
  scope: Scope;
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The configured keys' digests, made once per key list (the server's never changes): hashing
 * every key again for every request was a dozen hashes of garbage per request on the request
 * thread, whose collection every other request waits for.
 */
const keyDigests = new WeakMap<readonly ApiKey[], Buffer[]>();

/**
 * Finds the key a bearer token belongs to. Every configured key is compared (no early exit),
 * each through SHA-256 digests of equal length with timingSafeEqual, so the time taken does not
 * tell how much of a key was right.
 */
export function keyForToken(keys: readonly ApiKey[], token: string): ApiKey | undefined {
  let digests = keyDigests.get(keys);
  if (digests === undefined) keyDigests.set(keys, (digests = keys.map((key) => digest(key.key))));
  const tokenDigest = digest(token);
  let found: ApiKey | undefined;
  keys.forEach((key, at) => {
    if (timingSafeEqual(digests[at]!, tokenDigest)) found ??= key;
  });
  return found;
}

/**
 * Identifies the caller without rejecting anyone (the rate limiter runs next, keyed by caller):
 * with no keys configured everyone is the local user with `write` scope (the server then only
 * listens on 127.0.0.1); otherwise a matching bearer token names the caller.
 */
export function identifyCaller(keys: readonly ApiKey[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (keys.length === 0) {
      req.caller = { name: 'local', scope: 'write' };
    } else {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      const key = match ? keyForToken(keys, match[1]!) : undefined;
      if (key) req.caller = { name: key.name, scope: key.scope };
    }
    next();
  };
}

/** Rejects a request without a caller (401) or whose caller lacks `scope` (403). */
export function requireScope(scope: Scope) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.caller === undefined) {
      next(new UnauthorizedError(req.headers.authorization ? 'the API key is not valid' : 'an API key is required: send Authorization: Bearer <key>'));
    } else if (scope === 'write' && req.caller.scope !== 'write') {
      next(new ForbiddenError(`the key '${req.caller.name}' has scope ${req.caller.scope}; this request needs write`));
    } else {
      next();
    }
  };
}
