// Test runner settings: one Neo4j for the whole run (see tests/setup/neo4j-global-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/neo4j-global-setup.ts'],
    testTimeout: 30_000,
    // The first run builds the Neo4j launcher and downloads its jars.
    hookTimeout: 300_000,
  },
});
