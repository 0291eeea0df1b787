// Gives the whole test run one Neo4j: $NEO4J_URI if set, else a throwaway server started here, else the reason there is none.
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bolt URI of this run's Neo4j; '' when there is none. Read it with neo4jTestUri() from tests/support/neo4j.ts. */
    neo4jUri: string;
    /** Why neo4jUri is ''; '' when there is a server. */
    neo4jUnavailableReason: string;
  }
}

/** The part of scripts/neo4j-test-server.mjs used here; the script is plain JavaScript so that it runs without a build. */
interface Neo4jTestServerScript {
  javaAvailable(): boolean;
  startNeo4jTestServer(options: { log?: (line: string) => void }): Promise<{ uri: string; stop(): Promise<void> }>;
}

// A computed specifier: TypeScript has no declarations for the .mjs, and the interface above stands in for them.
const serverScriptUrl = new URL('../../scripts/neo4j-test-server.mjs', import.meta.url).href;

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const provide = (uri: string, unavailableReason: string) => {
    project.provide('neo4jUri', uri);
    project.provide('neo4jUnavailableReason', unavailableReason);
  };

  const externalUri = process.env.NEO4J_URI;
  if (externalUri !== undefined && externalUri !== '') {
    provide(externalUri, '');
    return undefined;
  }

  const serverScript = (await import(serverScriptUrl)) as Neo4jTestServerScript;
  if (!serverScript.javaAvailable()) {
    provide('', 'Java 17+ and Maven (mvn) are not both on PATH, and NEO4J_URI is not set');
    return undefined;
  }

  try {
    const server = await serverScript.startNeo4jTestServer({ log: (line) => console.error(line) });
    provide(server.uri, '');
    return () => server.stop();
  } catch (startFailure) {
    // Not rethrown: tests that need no Neo4j still run, and describeNeo4j fails (in CI) or skips with this reason.
    const reason = `the Neo4j test server failed to start: ${startFailure instanceof Error ? startFailure.message : String(startFailure)}`;
    console.error(reason);
    provide('', reason);
    return undefined;
  }
}
