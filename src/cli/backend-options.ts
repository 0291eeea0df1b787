// The one settings reader of the CLI: the store every command uses (--backend memory|neo4j and
// the Neo4j connection) and what `serve` adds, each read from its flag, else its environment
// variable, else its default.
import type { Command } from 'commander';
import { InvalidInputError } from '../domain/errors.ts';
import type { Neo4jSettings } from '../store/neo4j/neo4j-connection.ts';
import { DEFAULT_NEO4J_URI } from '../store/neo4j/neo4j-defaults.ts';
import { choiceOption, positiveIntegerOption } from './options.ts';

export const BACKENDS = ['memory', 'neo4j'] as const;
export type Backend = (typeof BACKENDS)[number];

/** The option values commander gives a command that has the backend options. */
export interface BackendCliOptions {
  backend?: string;
  neo4jUri?: string;
  neo4jUser?: string;
  neo4jDatabase?: string;
}

/** Commands that read or write the chosen store: only these take --backend and the Neo4j flags. */
const STORE_COMMANDS = new Set(['flags', 'routes', 'entity', 'exposure', 'screen', 'ownership', 'chokepoints', 'diff', 'load', 'import', 'cypher', 'serve']);

/** Whether a top-level command reads or writes a store (so takes the store options). */
export function usesStore(command: Command): boolean {
  return STORE_COMMANDS.has(command.name());
}

/**
 * Adds --backend and the Neo4j connection flags to a command (to each subcommand of a command
 * that groups several), each flag unless the command declares it itself. The password is read from NEO4J_PASSWORD only, never from a flag, so it
 * stays out of shell history and process lists.
 */
export function addBackendOptions(command: Command): void {
  if (command.commands.length > 0) {
    for (const subcommand of command.commands) addBackendOptions(subcommand);
    return;
  }
  const options: [string, string][] = [
    ['--backend <backend>', 'memory (default: read --data into memory) or neo4j (read what is in Neo4j)'],
    ['--neo4j-uri <uri>', `Neo4j URI (default $NEO4J_URI or ${DEFAULT_NEO4J_URI}); neo4j:// and neo4j+s:// route on clusters and Aura`],
    ['--neo4j-user <user>', 'Neo4j user (default $NEO4J_USER or neo4j; the password comes from $NEO4J_PASSWORD)'],
    ['--neo4j-database <name>', 'Neo4j database (default $NEO4J_DATABASE or the server default)'],
  ];
  for (const [flags, description] of options) {
    if (!command.options.some((option) => option.long === flags.split(' ')[0])) command.option(flags, description);
  }
}

export function backendOption(value: string | undefined): Backend {
  return choiceOption(value, '--backend', BACKENDS, 'memory');
}

/**
 * Connection settings: each flag, else its environment variable, else the default.
 * @example neo4jSettings({ neo4jUri: 'neo4j+s://x.databases.neo4j.io' }, process.env)
 */
export function neo4jSettings(options: BackendCliOptions, env: Readonly<Record<string, string | undefined>>): Neo4jSettings {
  const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const user = nonEmpty(options.neo4jUser) ?? nonEmpty(env.NEO4J_USER) ?? nonEmpty(env.NEO4J_USERNAME);
  const password = env.NEO4J_PASSWORD === undefined || env.NEO4J_PASSWORD === '' ? undefined : env.NEO4J_PASSWORD;
  const database = nonEmpty(options.neo4jDatabase) ?? nonEmpty(env.NEO4J_DATABASE);
  return {
    uri: nonEmpty(options.neo4jUri) ?? nonEmpty(env.NEO4J_URI) ?? DEFAULT_NEO4J_URI,
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
    ...(database === undefined ? {} : { database }),
  };
}

/** Which store a command opens, and how to reach it (src/cli/open-view.ts opens it). */
export type StoreSettings = { backend: 'memory' } | { backend: 'neo4j'; neo4j: Neo4jSettings };

/**
 * The store settings of a command: `--backend` (default memory) and, for Neo4j, its connection.
 * @example storeSettings({ backend: 'neo4j' }, process.env) // { backend: 'neo4j', neo4j: { uri: … } }
 */
export function storeSettings(options: BackendCliOptions, env: Readonly<Record<string, string | undefined>>): StoreSettings {
  return backendOption(options.backend) === 'neo4j' ? { backend: 'neo4j', neo4j: neo4jSettings(options, env) } : { backend: 'memory' };
}

/** The option values `serve` adds to the backend options. */
export interface ServeCliOptions extends BackendCliOptions {
  port?: string;
  host?: string;
  refreshInterval?: string;
  changePoll?: string;
}

/** What `enduse serve` runs with. */
export interface ServeSettings {
  store: StoreSettings;
  port: number;
  /** Address to listen on; absent means 127.0.0.1 (see api/server.ts). */
  host?: string;
  /** How often the projection is rebuilt whatever the change marker says (writes by other tools); 0 = never. */
  refreshIntervalMs: number;
  /** How often the change marker is read (loads by enduse); 0 = never. */
  changePollMs: number;
}

export const DEFAULT_PORT = 8080;
/** Writes by other tools show within five minutes; a rebuild at a million entities takes about a minute. */
export const DEFAULT_REFRESH_INTERVAL_SECONDS = 300;
/** Reading the change marker is one small query. */
export const DEFAULT_CHANGE_POLL_SECONDS = 5;
const DAY_SECONDS = 86_400;

/**
 * The settings of `serve`: `--port` else $PORT else 8080, `--refresh-interval` else
 * $ENDUSE_REFRESH_INTERVAL else 300 seconds, `--change-poll` else $ENDUSE_CHANGE_POLL else 5
 * seconds (0 turns either off), plus the store settings.
 * @example serveSettings({ backend: 'neo4j', refreshInterval: '60' }, process.env).refreshIntervalMs // 60000
 */
export function serveSettings(options: ServeCliOptions, env: Readonly<Record<string, string | undefined>>): ServeSettings {
  const fromFlagOrEnv = (flag: string, value: string | undefined, variable: string) =>
    value !== undefined ? { value, name: flag } : env[variable]?.trim() ? { value: env[variable]!.trim(), name: variable } : { value: undefined, name: flag };
  const port = fromFlagOrEnv('--port', options.port, 'PORT');
  const refresh = fromFlagOrEnv('--refresh-interval', options.refreshInterval, 'ENDUSE_REFRESH_INTERVAL');
  const poll = fromFlagOrEnv('--change-poll', options.changePoll, 'ENDUSE_CHANGE_POLL');
  return {
    store: storeSettings(options, env),
    port: positiveIntegerOption(port.value, port.name, DEFAULT_PORT, 65_535),
    ...(options.host === undefined ? {} : { host: options.host }),
    refreshIntervalMs: secondsOption(refresh.value, refresh.name, DEFAULT_REFRESH_INTERVAL_SECONDS) * 1000,
    changePollMs: secondsOption(poll.value, poll.name, DEFAULT_CHANGE_POLL_SECONDS) * 1000,
  };
}

/** Whole seconds from 0 (off) to a day. */
function secondsOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) > DAY_SECONDS) {
    throw new InvalidInputError(`bad value for ${name}`, [{ field: name, message: `'${value}' is not allowed; give whole seconds from 0 (never) to ${DAY_SECONDS}` }]);
  }
  return Number(value);
}
