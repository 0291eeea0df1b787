// What the HTTP API is configured with: API keys, limits, CORS and the shipped cases it offers.
// `apiConfigFromEnv` is the one reader of the environment; createApp takes the result.
import { DEFAULT_REGIME, parseRegimeSelection, REGIME_SELECTIONS, type RegimeSelection } from '../domain/regimes.ts';
import type { Logger } from 'pino';
import { AuditLog, defaultAuditLogPath } from '../audit/audit-log.ts';
import type { ShippedCase } from '../cases/shipped-cases.ts';
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
  /** Where every load through the API is recorded (ENDUSE_AUDIT_LOG; under the OS temp folder by default). */
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
 * (`ENDUSE_MAX_BODY_BYTES`, `ENDUSE_TIME_BUDGET_MS`, `ENDUSE_RATE_LIMIT`). Throws
 * InvalidInputError naming the variable when a value is malformed.
 *
 * @example apiConfigFromEnv({ ENDUSE_API_KEYS: 'ci:write:<a random key of 16+ characters>' })
 */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv, cases: readonly ShippedCase[] = []): ApiConfig {
  const problems: Problem[] = [];
  const apiKeys = parseApiKeys(env.ENDUSE_API_KEYS ?? '', problems);
  const limits: Partial<ApiLimits> = {};
  const integer = (name: string, key: keyof ApiLimits) => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return;
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) problems.push({ field: name, message: `'${value}' is not a positive whole number` });
    else limits[key] = Number(value);
  };
  integer('ENDUSE_MAX_BODY_BYTES', 'bodyBytes');
  integer('ENDUSE_TIME_BUDGET_MS', 'timeBudgetMs');
  integer('ENDUSE_RATE_LIMIT', 'requestsPerMinute');
  if (problems.length > 0) throw new InvalidInputError('the server configuration is invalid', problems);
  const corsOrigin = env.ENDUSE_CORS_ORIGIN?.trim() || undefined;
  const regime = env.ENDUSE_REGIME === undefined || env.ENDUSE_REGIME.trim() === '' ? DEFAULT_REGIME : parseRegimeSelection(env.ENDUSE_REGIME);
  if (regime === undefined) throw new InvalidInputError('bad ENDUSE_REGIME', [{ field: 'ENDUSE_REGIME', message: `'${env.ENDUSE_REGIME}' is not a regime; give ${REGIME_SELECTIONS.join(', ')}` }]);
  const audit = new AuditLog(env.ENDUSE_AUDIT_LOG?.trim() || defaultAuditLogPath());
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
