// `enduse cypher …`: runs the Cypher library (cypher/*.cypher) in Neo4j, the same files analysts
// run in Neo4j Browser, so both ask exactly the same question.
import type { Command } from 'commander';
import { DEFAULT_MAX_HOPS } from '../../analysis/route-types.ts';
import { CYPHER_MAX_HOPS } from '../../store/neo4j/neo4j-defaults.ts';
import { addBackendOptions, type BackendCliOptions } from '../backend-options.ts';
import type { Output } from '../output.ts';

export type CypherCliOptions = BackendCliOptions & { asOf?: string; from?: string; product?: string; maxHops?: string; format?: string };

export function registerCypher(program: Command, output: Output): void {
  const cypher = program.command('cypher').description('run the Cypher library (cypher/*.cypher) in Neo4j: flags, routes, exposure, neighbourhood');

  subcommand(cypher, 'flags', 'flagged entities at a date: flagged-entities.cypher, then owned-50-by-blocked.cypher to its fixed point for each ownership rule in force')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .action(async (options: CypherCliOptions) => (await import('./cypher-run.ts')).runCypherFlags(options, output));

  withRouteOptions(subcommand(cypher, 'routes', 'flagged routes from an entity: routes-to-flagged.cypher with the flags of `enduse cypher flags`'))
    .action(async (options: CypherCliOptions) => (await import('./cypher-run.ts')).runCypherRoutes(options, output));

  withRouteOptions(subcommand(cypher, 'exposure', 'countries with a flag in force that an entity\'s goods reach: exposure-to-flagged-jurisdictions.cypher'))
    .action(async (options: CypherCliOptions) => (await import('./cypher-run.ts')).runCypherExposure(options, output));

  subcommand(cypher, 'neighbourhood', 'every relationship in or out of an entity, and its listings: entity-neighbourhood.cypher')
    .argument('<id>', 'entity id')
    .action(async (id: string, options: CypherCliOptions) => (await import('./cypher-run.ts')).runCypherNeighbourhood(id, options, output));
}

function subcommand(parent: Command, name: string, description: string): Command {
  const command = parent
    .command(name)
    .description(description)
    .option('--format <format>', 'text or json')
    .option('--backend <backend>', 'neo4j, the only backend Cypher runs on (may be left out)');
  command.exitOverride();
  addBackendOptions(command);
  return command;
}

function withRouteOptions(command: Command): Command {
  return command
    .option('--from <id>', 'the entity the goods start from')
    .option('--as-of <date>', 'date of the question, YYYY-MM-DD (default today)')
    .option('--product <product>', 'only SUPPLIES edges of this product (or with none)')
    .option('--max-hops <n>', `most edges in a route (default ${DEFAULT_MAX_HOPS}, at most ${CYPHER_MAX_HOPS}: the bound written in the .cypher file)`);
}
