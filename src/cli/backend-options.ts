// The store options every command takes (--backend memory|neo4j and the Neo4j connection), read
// from flags first and the environment second.
import type { Command } from 'commander';
import { InvalidInputError } from '../domain/errors.ts';
import { DEFAULT_NEO4J_URI, type Neo4jSettings } from '../store/neo4j/neo4j-connection.ts';
import { choiceOption } from './options.ts';

export const BACKENDS = ['memory', 'neo4j'] as const;
export type Backend = (typeof BACKENDS)[number];

/** The option values commander gives a command that has the backend options. */
export interface BackendCliOptions {
  backend?: string;
  neo4jUri?: string;
  neo4jUser?: string;
  neo4jDatabase?: string;
}

/** Commands that read or write the chosen store; the others answer --backend neo4j with an error. */
const STORE_COMMANDS = new Set(['flags', 'routes', 'entity', 'exposure', 'screen', 'ownership', 'chokepoints', 'diff', 'load', 'import', 'cypher']);

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

/** Refuses --backend neo4j on a command that never reads a store (validate, report, serve …). */
export function refuseBackendWhereUnused(command: Command): void {
  const options = command.opts() as BackendCliOptions;
  if (backendOption(options.backend) === 'neo4j' && !STORE_COMMANDS.has(topLevelName(command))) {
    throw new InvalidInputError('--backend neo4j does not apply here', [
      { field: '--backend', message: `'enduse ${topLevelName(command)}' works on files only; the commands that read Neo4j are ${[...STORE_COMMANDS].join(', ')}` },
    ]);
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

function topLevelName(command: Command): string {
  let top = command;
  while (top.parent?.parent) top = top.parent;
  return top.name();
}
