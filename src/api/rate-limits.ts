// The API's rate limits: requests per key (per address when no keys are configured), and, with
// keys, failed authentication per address in a bucket of its own, so requests with a wrong key
// use up nothing of anyone else's allowance. Static files and /docs are never limited (app.ts).
import type { RequestHandler } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import type { ApiConfig } from './config.ts';
import { RateLimitedError } from './http-errors.ts';

const MINUTE_MS = 60_000;

/** The limiters, in order; mount them after identifyCaller (they read `req.caller`). */
export function rateLimits(config: ApiConfig): RequestHandler[] {
  const { limits } = config;
  const keysConfigured = config.apiKeys.length > 0;
  const perCaller = rateLimit({
    windowMs: MINUTE_MS,
    limit: limits.requestsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Without a valid key (keys configured) a request is counted by the failed-authentication limiter instead.
    skip: (req) => keysConfigured && req.caller === undefined,
    keyGenerator: (req) => (req.caller && keysConfigured ? `key:${req.caller.name}` : `ip:${ipKeyGenerator(req.ip ?? '')}`),
    handler: (_req, _res, next) => next(new RateLimitedError(`more than ${limits.requestsPerMinute} requests in a minute; wait and retry`)),
  });
  if (!keysConfigured) return [perCaller];
  const failedAuthentication = rateLimit({
    windowMs: MINUTE_MS,
    limit: limits.failedAuthPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.caller !== undefined,
    // Only answers of 401 count: an anonymous read of the OpenAPI document is not a failed authentication.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`,
    handler: (_req, _res, next) => next(new RateLimitedError(`more than ${limits.failedAuthPerMinute} requests with a missing or wrong API key from this address in a minute; wait and retry with a valid key`)),
  });
  return [failedAuthentication, perCaller];
}
