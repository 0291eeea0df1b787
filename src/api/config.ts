// What the HTTP API is configured with: API keys, limits, CORS and the shipped cases it offers.
// `apiConfigFromEnv` is the one reader of the environment; createApp takes the result.
import { availableParallelism } from 'node:os';
import { DEFAULT_REGIME, parseRegimeSelection, REGIME_SELECTIONS, type RegimeSelection } from '../domain/regimes.ts';
import type { Logger } from 'pino';
import { AuditLog, defaultAuditLogPath } from '../audit/audit-log.ts';
import type { ShippedCase } from '../cases/shipped-cases.ts';
import type { VersionCatalog } from '../datasets/version-catalog.ts';
import { InvalidInputError, type Problem } from '../domain/errors.ts';
import type { FreeTradeZone } from '../domain/red-flags.ts';
import { readFreeTradeZones } from '../load/free-trade-zones.ts';

export const SCOPES = ['read', 'write'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  /** A name for logs and rate limiting; the key itself is never logged. */
  name: string;
  scope: Scope;
  key: string;
}

export interface ApiLimits {
  /** Largest `maxHops` a request may ask for. */
  maxHops: number;
  /** Largest `k` (alternative routes per target). */
  maxK: number;
  /** Most items in one list answer (routes, flags, search hits, neighbourhood edges). */
  maxResults: number;
  /** Deepest neighbourhood around one entity. */
  maxDepth: number;
  /** Largest request body, in bytes. */
  bodyBytes: number;
  /** Time budget of one request in milliseconds (see README: checked between phases). */
  timeBudgetMs: number;
  /** Requests per key (or per address without a key) per minute. */
  requestsPerMinute: number;
  /** Worker threads answering heavy questions (routes, exposure, chokepoints, screenings, changes); 0: inline on the request thread. */
  workers: number;
  /** Heavy questions one key (or address without a key) may have in flight at once (429 beyond). */
  heavyPerCaller: number;
  /** Bytes of cached answers to heavy questions (0: no cache). */
  answerCacheBytes: number;
  /** Requests per minute from one address whose key is missing or wrong (when keys are configured). */
  failedAuthPerMinute: number;
  /** Most rows in one collection of an upload, and most items in any array of a request body. */
  uploadRows: number;
}

export interface ApiConfig {
  apiKeys: readonly ApiKey[];
  limits: ApiLimits;
  /** Origin allowed by CORS; CORS is off when absent. */
  corsOrigin?: string;
  /** The shipped cases the dashboard offers (their data must be in the store). */
  cases: readonly ShippedCase[];
  /** Whose law the server answers under (ENDUSE_REGIME or `serve --regime`; default all). */
  regime: RegimeSelection;
  /** Free-trade-zone reference rows the red flags read (data/reference/free-trade-zones.csv). */
  freeTradeZones: readonly FreeTradeZone[];
  /** Request logger; a silent one when absent. */
  logger?: Logger | Logger<string>;
  /**
   * The dataset versions of the store, and where uploads are kept (the server's composition root
   * makes it with the data folder); without one, uploads are versioned in memory only.
   */
  datasets?: VersionCatalog;
  /** Where every load and every refused write through the API is recorded (ENDUSE_AUDIT_LOG; audit.jsonl in the data folder by default). */
  audit: AuditLog;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxHops: 12,
  maxK: 10,
  maxResults: 500,
  maxDepth: 3,
  bodyBytes: 10 * 1024 * 1024,
  timeBudgetMs: 10_000,
  requestsPerMinute: 600,
  workers: availableParallelism(),
  heavyPerCaller: 8,
  answerCacheBytes: 64 * 1024 * 1024,
  failedAuthPerMinute: 60,
  uploadRows: 100_000,
};

export function apiConfig(overrides: Partial<Omit<ApiConfig, 'limits'>> & { limits?: Partial<ApiLimits> } = {}): ApiConfig {
  return {
    apiKeys: [],
    cases: [],
    regime: DEFAULT_REGIME,
    freeTradeZones: overrides.freeTradeZones ?? readFreeTradeZones(),
    ...overrides,
    audit: overrides.audit ?? new AuditLog(defaultAuditLogPath()),
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
  };
}

/**
 * Reads `ENDUSE_API_KEYS` ("name:scope:key,…"), `ENDUSE_CORS_ORIGIN`, `ENDUSE_AUDIT_LOG` and the limit variables
 * (`ENDUSE_MAX_BODY_BYTES`, `ENDUSE_MAX_UPLOAD_ROWS`, `ENDUSE_TIME_BUDGET_MS`, `ENDUSE_RATE_LIMIT`,
 * `ENDUSE_FAILED_AUTH_LIMIT`, `ENDUSE_WORKERS`, `ENDUSE_HEAVY_PER_CALLER`, `ENDUSE_ANSWER_CACHE_MB`); the audit log goes to `audit.jsonl` in the data folder
 * (`ENDUSE_DATA_DIR`) unless ENDUSE_AUDIT_LOG names another file. Throws
 * InvalidInputError naming the variable when a value is malformed.
 *
 * @example apiConfigFromEnv({ ENDUSE_API_KEYS: 'ci:write:<a random key of 16+ characters>' })
 */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv, cases: readonly ShippedCase[] = []): ApiConfig {
  const problems: Problem[] = [];
  const apiKeys = parseApiKeys(env.ENDUSE_API_KEYS ?? '', problems);
  const limits: Partial<ApiLimits> = {};
  const integer = (name: string, key: keyof ApiLimits, least = 1, unit = 1) => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return;
    if (!/^\d+$/.test(value.trim()) || Number(value) < least) problems.push({ field: name, message: `'${value}' is not a ${least === 0 ? 'whole number (0 or more)' : 'positive whole number'}` });
    else limits[key] = Number(value) * unit;
  };
  integer('ENDUSE_MAX_BODY_BYTES', 'bodyBytes');
  integer('ENDUSE_TIME_BUDGET_MS', 'timeBudgetMs');
  integer('ENDUSE_RATE_LIMIT', 'requestsPerMinute');
  integer('ENDUSE_WORKERS', 'workers', 0);
  integer('ENDUSE_HEAVY_PER_CALLER', 'heavyPerCaller');
  integer('ENDUSE_ANSWER_CACHE_MB', 'answerCacheBytes', 0, 1024 * 1024);
  integer('ENDUSE_FAILED_AUTH_LIMIT', 'failedAuthPerMinute');
  integer('ENDUSE_MAX_UPLOAD_ROWS', 'uploadRows');
  if (problems.length > 0) throw new InvalidInputError('the server configuration is invalid', problems);
  const corsOrigin = env.ENDUSE_CORS_ORIGIN?.trim() || undefined;
  const regime = env.ENDUSE_REGIME === undefined || env.ENDUSE_REGIME.trim() === '' ? DEFAULT_REGIME : parseRegimeSelection(env.ENDUSE_REGIME);
  if (regime === undefined) throw new InvalidInputError('bad ENDUSE_REGIME', [{ field: 'ENDUSE_REGIME', message: `'${env.ENDUSE_REGIME}' is not a regime; give ${REGIME_SELECTIONS.join(', ')}` }]);
  const audit = new AuditLog(env.ENDUSE_AUDIT_LOG?.trim() || defaultAuditLogPath(env));
  return apiConfig({ apiKeys, cases, limits, audit, regime, ...(corsOrigin ? { corsOrigin } : {}) });
}

const MIN_KEY_LENGTH = 16;

function parseApiKeys(text: string, problems: Problem[]): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const field = `ENDUSE_API_KEYS[${index}]`;
    const [name, scope, ...rest] = entry.split(':');
    const key = rest.join(':');
    if (!name || !scope || !key) {
      problems.push({ field, message: 'must be name:scope:key, for example analyst:read:<a long random key>' });
    } else if (!(SCOPES as readonly string[]).includes(scope)) {
      problems.push({ field, message: `scope '${scope}' is unknown; give read or write` });
    } else if (key.length < MIN_KEY_LENGTH) {
      problems.push({ field, message: `the key of '${name}' is too short; use at least ${MIN_KEY_LENGTH} characters` });
    } else if (keys.some((existing) => existing.name === name)) {
      problems.push({ field, message: `the name '${name}' is used twice; names must be unique` });
    } else {
      keys.push({ name, scope: scope as Scope, key });
    }
  });
  return keys;
}
