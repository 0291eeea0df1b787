// Errors that only exist over HTTP (auth, limits, time budget). Domain errors stay in
// src/domain/errors.ts; the error middleware turns both families into one response shape.
import { EnduseError } from '../domain/errors.ts';

/** No key, or a key that matches none configured. */
export class UnauthorizedError extends EnduseError {}

/** A valid key whose scope does not allow this request. */
export class ForbiddenError extends EnduseError {}

/** Too many requests for one key (or one address) in the window, or at once. */
export class RateLimitedError extends EnduseError {
  /** Seconds after which a retry may succeed (the Retry-After header), when known. */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The request ran past its time budget. */
export class TimeBudgetError extends EnduseError {}
