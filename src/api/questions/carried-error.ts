// Errors crossing from a worker thread to the request thread: structured clone keeps only an
// Error's message, so the classes the error middleware maps to statuses travel as plain data.
import { InvalidInputError, NotFoundError, StoreUnavailableError, type Problem } from '../../domain/errors.ts';
import { TimeBudgetError } from '../http-errors.ts';

export type CarriedError =
  | { kind: 'not_found'; what: string; id: string }
  | { kind: 'invalid_input'; message: string; problems: Problem[] }
  | { kind: 'time_budget'; message: string }
  | { kind: 'store_unavailable'; message: string }
  | { kind: 'internal'; message: string; stack?: string };

export function carryError(error: unknown): CarriedError {
  if (error instanceof NotFoundError) return { kind: 'not_found', what: error.what, id: error.id };
  if (error instanceof InvalidInputError) return { kind: 'invalid_input', message: error.message, problems: error.problems };
  if (error instanceof TimeBudgetError) return { kind: 'time_budget', message: error.message };
  if (error instanceof StoreUnavailableError) return { kind: 'store_unavailable', message: error.message };
  if (error instanceof Error) return { kind: 'internal', message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { kind: 'internal', message: String(error) };
}

/** The error as the request thread raises it (an internal one keeps the worker's stack for the log). */
export function restoreError(carried: CarriedError): Error {
  switch (carried.kind) {
    case 'not_found':
      return new NotFoundError(carried.what, carried.id);
    case 'invalid_input': {
      const error = new InvalidInputError('', carried.problems);
      // The message already counts the problems; the constructor would count them again.
      Object.defineProperty(error, 'message', { value: carried.message });
      return error;
    }
    case 'time_budget':
      return new TimeBudgetError(carried.message);
    case 'store_unavailable':
      return new StoreUnavailableError(carried.message);
    case 'internal': {
      const error = new Error(`in a question worker: ${carried.message}`);
      if (carried.stack) error.stack = `${error.message}\n${carried.stack}`;
      return error;
    }
  }
}
