// The Neo4j test server (scripts/neo4j-test-server.mjs) as the loading benchmark uses it: fresh
// for every measurement, optionally created from bulk-import files.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface TestServerScript {
  javaAvailable(): boolean;
  startNeo4jTestServer(options: { log?: (line: string) => void; importFrom?: string }): Promise<{ uri: string; stop(): Promise<void> }>;
}

export async function testServerScript(): Promise<TestServerScript> {
  return (await import(join(root, 'scripts/neo4j-test-server.mjs'))) as TestServerScript;
}

export function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}
