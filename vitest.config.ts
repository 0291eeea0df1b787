// Test runner settings: one Neo4j for the whole run (see tests/setup/neo4j-global-setup.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/neo4j-global-setup.ts'],
    testTimeout: 30_000,
    // Tests never touch the user's data folder: an `enduse serve` a test starts without its own
    // ENDUSE_DATA_DIR keeps its dataset versions in a folder of this run.
    env: { ENDUSE_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'enduse-test-data-')), 'data') },
    // The first run builds the Neo4j launcher and downloads its jars.
    hookTimeout: 300_000,
  },
});
