// The error family. Errors become HTTP statuses in one middleware and exit codes in one CLI
// wrapper; nothing else translates them.

/** Where a problem is: a file, and a line and column for CSV or a field path for JSON. */
export interface Problem {
  file?: string;
  line?: number;
  field?: string;
  message: string;
}

export class EnduseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Asked for something that does not exist (an unknown entity id). */
export class NotFoundError extends EnduseError {
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`unknown ${what} '${id}'`);
  }
}

/**
 * Input that breaks the contract: carries the problems found, each with its place, and how many
 * more were found but not kept (`unlisted`: a check that stops keeping them after the first few).
 */
export class InvalidInputError extends EnduseError {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
    readonly unlisted = 0,
  ) {
    const count = problems.length + unlisted;
    super(count === 0 ? message : `${message}: ${count} problem${count === 1 ? '' : 's'}`);
  }
}

/**
 * A write that would change what the store holds in a way the caller did not ask for (an upload
 * restating an entity with other fields, without `mode`), or that would break rows of other
 * datasets: carries every conflict, each with its place.
 */
export class ConflictError extends EnduseError {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(problems.length === 0 ? message : `${message}: ${problems.length} conflict${problems.length === 1 ? '' : 's'}`);
  }
}

/** The store cannot be reached or failed mid-operation; the caller may retry. */
export class StoreUnavailableError extends EnduseError {}

/**
 * How many problems an answer lists (an HTTP error's `issues`, the CLI's lines); the rest are
 * counted. A 400,000-row file with a problem on every row is fixed from its first problems.
 */
export const REPORTED_PROBLEMS = 100;

/** The problems to show and how many more there are, without copying a long list. */
export function reportedProblems(problems: readonly Problem[], limit = REPORTED_PROBLEMS): { shown: Problem[]; more: number } {
  return { shown: problems.slice(0, limit), more: Math.max(0, problems.length - limit) };
}

/** A place as people read it: `file:line field`. */
export function formatPlace(place: Omit<Problem, 'message'>): string {
  const fileAndLine = [place.file, place.line].filter((part) => part !== undefined).join(':');
  return [fileAndLine, place.field].filter((part) => part !== undefined && part !== '').join(' ');
}

/** One line per problem: `file:line field: message`. */
export function formatProblem(problem: Problem): string {
  const place = formatPlace(problem);
  return place === '' ? problem.message : `${place}: ${problem.message}`;
}
