// Lets a test file use the run's Neo4j (started by tests/setup/neo4j-global-setup.ts), or say loudly why it cannot.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, inject, test } from 'vitest';

/**
 * Bolt URI of this run's Neo4j, or undefined when there is none.
 * @example const uri = neo4jTestUri(); // 'bolt://127.0.0.1:40123'
 */
export function neo4jTestUri(): string | undefined {
  const uri = inject('neo4jUri');
  return uri === '' ? undefined : uri;
}

/**
 * A `describe` that needs Neo4j. Without a server it fails under CI=true and is skipped (with a warning) elsewhere.
 * @example
 *   describeNeo4j('Neo4jStore', () => {
 *     const database = withNeo4jDatabase();
 *     it('stores an entity', async () => { await database.driver.executeQuery('CREATE (:Company {id: $id})', { id: 'acme' }); });
 *   });
 */
export function describeNeo4j(name: string, fn: () => void): void {
  if (neo4jTestUri() !== undefined) {
    describe(name, fn);
    return;
  }
  const reason = inject('neo4jUnavailableReason') || 'no Neo4j URI was provided';
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('needs a Neo4j server', () => {
        throw new Error(`Neo4j test server unavailable: ${reason}`);
      });
    });
    return;
  }
  console.warn(
    [
      '',
      `!!! Skipping "${name}": Neo4j test server unavailable: ${reason}.`,
      '!!! To run these tests, install Java 17+ and Maven (Debian: apt-get install openjdk-17-jdk-headless maven),',
      '!!! or point NEO4J_URI at a Neo4j 5 with auth disabled (npm run neo4j:start prints one).',
      '',
    ].join('\n'),
  );
  describe.skip(`${name} (skipped: Neo4j unavailable: ${reason})`, fn);
}

export interface Neo4jTestDatabase {
  /** A driver for this file's tests; valid from beforeAll until afterAll. */
  readonly driver: Driver;
}

/**
 * Call inside describeNeo4j: opens a driver for the file and empties the database before each test.
 * Test files share one database (community edition has no other), so each file holds a cross-process lock
 * on it from its first to its last test; files that use Neo4j run one at a time even with parallel workers.
 * @example const database = withNeo4jDatabase(); ... await database.driver.executeQuery('RETURN 1');
 */
export function withNeo4jDatabase(): Neo4jTestDatabase {
  let driver: Driver | undefined;
  let releaseDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const uri = neo4jTestUri();
    if (uri === undefined) throw new Error('withNeo4jDatabase() needs a Neo4j: call it inside describeNeo4j');
    releaseDatabase = await lockDatabase(uri);
    driver = neo4j.driver(uri, credentialsFromEnvironment());
    await driver.verifyConnectivity();
  });
  beforeEach(async () => {
    await driver?.executeQuery('MATCH (n) DETACH DELETE n');
  });
  afterAll(async () => {
    await driver?.close();
    await releaseDatabase?.();
  });

  return {
    get driver(): Driver {
      if (driver === undefined) throw new Error('the Neo4j driver is only available inside tests and hooks');
      return driver;
    },
  };
}

// The test server runs without auth; a server given through NEO4J_URI may need NEO4J_USERNAME/NEO4J_PASSWORD.
function credentialsFromEnvironment() {
  const password = process.env.NEO4J_PASSWORD;
  return password === undefined ? undefined : neo4j.auth.basic(process.env.NEO4J_USERNAME ?? 'neo4j', password);
}

// mkdir is atomic, so the directory is the lock; its owner file lets a waiter clear a lock left by a dead worker.
async function lockDatabase(uri: string): Promise<() => Promise<void>> {
  const lockDir = join(tmpdir(), `enduse-neo4j-lock-${createHash('sha256').update(uri).digest('hex').slice(0, 16)}`);
  const ownerFile = join(lockDir, 'owner-pid');
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(ownerFile, String(process.pid));
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const ownerPid = Number(await readFile(ownerFile, 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(ownerPid) && !processIsAlive(ownerPid)) {
      // rename is atomic too: of several waiters that saw the dead owner, one clears the lock.
      const abandoned = `${lockDir}.abandoned-${process.pid}-${Date.now()}`;
      if (await rename(lockDir, abandoned).then(() => true, () => false)) await rm(abandoned, { recursive: true, force: true });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
