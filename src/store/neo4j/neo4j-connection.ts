// Opens a driver to Neo4j, turns "cannot reach it" into StoreUnavailableError, and applies
// cypher/schema.cypher (idempotent) before anything is read or written.
import neo4j, { type Driver } from 'neo4j-driver';
import { InvalidInputError, StoreUnavailableError } from '../../domain/errors.ts';
import { cypherFile, cypherStatements } from './cypher-files.ts';

/** Where the Neo4j is and who we are there. Without a password, no authentication is sent. */
export interface Neo4jSettings {
  /** `bolt://`, `neo4j://` (routing: clusters), `neo4j+s://` (Aura) … */
  uri: string;
  user?: string;
  password?: string;
  /** The database name; the server's default database when absent. */
  database?: string;
}

export { DEFAULT_NEO4J_URI } from './neo4j-defaults.ts';

/** How long the driver retries a transaction that failed for a transient reason (its default is 30 s). */
export const MAX_RETRY_MS = 3_000;

/** Error codes meaning "the server cannot be used now", as opposed to a bad query. */
const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.ClientError.Security.Unauthorized', 'Neo.ClientError.Database.DatabaseNotFound', 'Neo.ClientError.Security.AuthenticationRateLimit']);

/**
 * A connected driver with the schema applied. Throws StoreUnavailableError when the server
 * cannot be reached or refuses us, InvalidInputError when the URI is malformed.
 * @example const driver = await connectNeo4j({ uri: 'bolt://127.0.0.1:7687' });
 */
export async function connectNeo4j(settings: Neo4jSettings): Promise<Driver> {
  let driver: Driver;
  try {
    const auth = settings.password === undefined ? undefined : neo4j.auth.basic(settings.user ?? 'neo4j', settings.password);
    // Retries of a failed transaction stop after MAX_RETRY_MS: with the server gone, an API request
    // answers 503 STORE_UNAVAILABLE within its time budget and a load fails in seconds, not half a minute.
    driver = neo4j.driver(settings.uri, auth, { disableLosslessIntegers: true, connectionAcquisitionTimeout: 20_000, maxTransactionRetryTime: MAX_RETRY_MS });
  } catch (error) {
    throw new InvalidInputError('bad Neo4j URI', [{ field: '--neo4j-uri', message: `'${settings.uri}' is not a Neo4j URI (${messageOf(error)}); give for example bolt://127.0.0.1:7687 or neo4j+s://xxxx.databases.neo4j.io` }]);
  }
  try {
    await driver.verifyConnectivity(settings.database === undefined ? {} : { database: settings.database });
    for (const statement of cypherStatements(cypherFile('schema'))) {
      await driver.executeQuery(statement, {}, { database: settings.database });
    }
    await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database: settings.database });
    return driver;
  } catch (error) {
    await driver.close();
    throw asStoreError(error, settings);
  }
}

/** Whether an error means the server is unreachable or refused us (not a fault of the query). */
export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
}

/** The one-line StoreUnavailableError for a failure to reach or use the server; other errors pass through. */
export function asStoreError(error: unknown, settings: Neo4jSettings): unknown {
  if (!isUnavailable(error)) return error;
  const where = `${settings.uri}${settings.database === undefined ? '' : ` (database ${settings.database})`}`;
  return new StoreUnavailableError(
    `cannot use Neo4j at ${where}: ${shortReason(messageOf(error))}; start it (docker compose up -d) or set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD`,
    { cause: error },
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The driver's own cause when it gives one ("connect ECONNREFUSED 127.0.0.1:7687"), else its first sentence. */
function shortReason(text: string): string {
  const cause = /Caused by: (.*)$/s.exec(text)?.[1];
  return (cause ?? text.split(/\.\s|\n/)[0]!).trim();
}
