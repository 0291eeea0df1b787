// Reads the Cypher library in cypher/: enduse runs these files as they are, so analysts and
// enduse ask Neo4j the same questions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../../settings/package-files.ts';

/** The package's cypher/ folder, whatever the working directory. */
export const CYPHER_DIR = packageFile('cypher');

/** The questions of the library, each a file `cypher/<name>.cypher`. */
export const CYPHER_QUESTIONS = [
  'flagged-entities',
  'owned-50-by-blocked',
  'routes-to-flagged',
  'exposure-to-flagged-jurisdictions',
  'entity-neighbourhood',
] as const;
export type CypherQuestion = (typeof CYPHER_QUESTIONS)[number];

const cache = new Map<string, string>();

/**
 * The text of `cypher/<name>.cypher`, read once.
 * @example cypherFile('routes-to-flagged') // 'MATCH (source:Entity {id: $from}) …'
 */
export function cypherFile(name: CypherQuestion | 'schema'): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(CYPHER_DIR, `${name}.cypher`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/**
 * The statements of a file of several (schema.cypher): `//` comment lines dropped, split at
 * the `;` that ends a line.
 * @example cypherStatements('CREATE INDEX a;\n// note\nCREATE INDEX b;') // ['CREATE INDEX a', 'CREATE INDEX b']
 */
export function cypherStatements(text: string): string[] {
  const code = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return code
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}
