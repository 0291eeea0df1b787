// `enduse cypher …`: runs the Cypher library (cypher/*.cypher) in Neo4j, the same files analysts
// run in Neo4j Browser, so both ask exactly the same question.
// What the command does, imported only when it runs; cypher.ts declares its options and help.
import { DEFAULT_MAX_HOPS } from '../../analysis/routes.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { IsoDay } from '../../domain/dates.ts';
import { shippedOwnershipRules } from '../../load/read-ownership-rules.ts';
import { CYPHER_MAX_HOPS } from '../../store/neo4j/neo4j-defaults.ts';
import type { Neo4jStore } from '../../store/neo4j/neo4j-store.ts';
import { openNeo4jStore } from '../open-view.ts';
import { asOfOption, formatOption, positiveIntegerOption } from '../options.ts';
import type { Output } from '../output.ts';
import type { CypherCliOptions } from './cypher.ts';

export async function runCypherFlags(options: CypherCliOptions, output: Output): Promise<void> {
  const format = formatOption(options.format);
  const asOf = asOfOption(options.asOf);
  await inNeo4j(options, async (store, { cypherFlags }) => {
    const flagged = await cypherFlags(store, asOf, shippedOwnershipRules());
    if (format === 'json') return output.json({ asOf, flagged });
    output.line(`${flagged.length} flagged entit${flagged.length === 1 ? 'y' : 'ies'} as of ${asOf} (Cypher)`);
    for (const flag of flagged) output.line(`  ${flag.id}: ${flag.reasons.join(', ')}`);
  });
}

export async function runCypherRoutes(options: CypherCliOptions, output: Output): Promise<void> {
  const { format, from, asOf, product, maxHops } = routeOptions(options);
  await inNeo4j(options, async (store, { cypherRoutes, cypherFlags }) => {
    const routes = await cypherRoutes(store, from, { asOf, product, maxHops, flagged: await flaggedIds(store, asOf, cypherFlags) });
    if (format === 'json') return output.json({ from, asOf, product: product ?? null, maxHops, routes });
    output.line(`${routes.length} flagged route${routes.length === 1 ? '' : 's'} from ${from} as of ${asOf} (Cypher)`);
    for (const route of routes) output.line(`  → ${route.target}: ${route.hops} hop${route.hops === 1 ? '' : 's'}: ${route.path.join(' → ')}`);
  });
}

export async function runCypherExposure(options: CypherCliOptions, output: Output): Promise<void> {
  const { format, from, asOf, product, maxHops } = routeOptions(options);
  await inNeo4j(options, async (store, { cypherExposure, cypherFlags }) => {
    const exposure = await cypherExposure(store, from, { asOf, product, maxHops, flagged: await flaggedIds(store, asOf, cypherFlags) });
    if (format === 'json') return output.json({ from, asOf, product: product ?? null, maxHops, exposure });
    output.line(`exposure of ${from} to flagged jurisdictions as of ${asOf} (Cypher): ${exposure.length} countr${exposure.length === 1 ? 'y' : 'ies'}`);
    for (const row of exposure) output.line(`  ${row.country} (${row.flags.join(', ')}): ${row.reachable} reached, fewest hops ${row.fewestHops}: ${row.entities.join(', ')}`);
  });
}

export async function runCypherNeighbourhood(id: string, options: CypherCliOptions, output: Output): Promise<void> {
  const format = formatOption(options.format);
  await inNeo4j(options, async (store, { cypherNeighbourhood }) => {
    const rows = await cypherNeighbourhood(store, id);
    if (format === 'json') return output.json({ id, relationships: rows });
    output.line(`${rows.length} relationship${rows.length === 1 ? '' : 's'} of ${id} (Cypher)`);
    for (const row of rows) output.line(`  ${row.direction === 'out' ? '→' : '←'} ${row.type} ${row.other}${row.otherName ? ` (${row.otherName})` : ''}`);
  });
}


type CypherLibrary = typeof import('../../store/neo4j/cypher-library.ts');

/**
 * Runs `body` with a connected store and the Cypher library (loaded here: it brings the driver),
 * refusing --backend memory (Cypher runs in Neo4j only).
 */
async function inNeo4j(options: CypherCliOptions, body: (store: Neo4jStore, library: CypherLibrary) => Promise<void>): Promise<void> {
  if (options.backend !== undefined && options.backend !== 'neo4j') {
    throw new InvalidInputError('enduse cypher runs in Neo4j only', [{ field: '--backend', message: `'${options.backend}' is not allowed here; leave it out or give neo4j` }]);
  }
  const store = await openNeo4jStore(options);
  try {
    await body(store, await import('../../store/neo4j/cypher-library.ts'));
  } finally {
    await store.close();
  }
}

/** The route question's options, checked before anything connects. */
function routeOptions(options: CypherCliOptions) {
  const format = formatOption(options.format);
  if (options.from === undefined) throw new InvalidInputError('missing --from', [{ field: '--from', message: 'is required; give the id of the entity the goods start from' }]);
  const asOf: IsoDay = asOfOption(options.asOf);
  const maxHops = positiveIntegerOption(options.maxHops, '--max-hops', DEFAULT_MAX_HOPS, CYPHER_MAX_HOPS);
  return { format, from: options.from, asOf, product: options.product, maxHops };
}

async function flaggedIds(store: Neo4jStore, asOf: IsoDay, cypherFlags: CypherLibrary['cypherFlags']): Promise<string[]> {
  return (await cypherFlags(store, asOf, shippedOwnershipRules())).map((flag) => flag.id);
}
