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
    // Tests write audit logs (and persisted data) to a data folder of their own, never the user's.
    env: { ENDUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'enduse-test-data-')) },
    // The first run builds the Neo4j launcher and downloads its jars.
    hookTimeout: 300_000,
  },
});
