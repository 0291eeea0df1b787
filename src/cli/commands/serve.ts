// `enduse serve`: the HTTP API and the dashboard on the embedded store, with the shipped cases
// (or the given datasets) loaded. The server's composition root: it reads the environment.
import type { Command } from 'commander';
import { apiConfigFromEnv } from '../../api/config.ts';
import { listeningHost, startServer } from '../../api/server.ts';
import { shippedCases } from '../../cases/shipped-cases.ts';
import { readValidatedDatasets } from '../../load/load-datasets.ts';
import { baseVersionName, filesChangedAt, serverDatasets } from '../../datasets/server-datasets.ts';
import { userInfo } from 'node:os';
import { CompactStore } from '../../store/compact/compact-store.ts';
import { DEFAULT_NEO4J_URI } from '../../store/neo4j/neo4j-connection.ts';
import { Neo4jStore } from '../../store/neo4j/neo4j-store.ts';
import type { GraphStore } from '../../store/graph-store.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { positiveIntegerOption, regimeOption } from '../options.ts';
import type { Output } from '../output.ts';
import { pino } from 'pino';

export const DEFAULT_PORT = 8080;
const STORES = ['memory', 'neo4j'];

export function registerServe(program: Command, output: Output): void {
  program
    .command('serve')
    .description('serve the HTTP API and the dashboard (default: the shipped cases on the embedded store)')
    .option('--port <port>', `port to listen on (default: $PORT or ${DEFAULT_PORT})`)
    .option('--host <host>', 'address to listen on (default 127.0.0.1; another address needs ENDUSE_API_KEYS)')
    .option('--data <path...>', 'dataset folders or .json files to load instead of the shipped cases (repeatable)')
    .option('--store <store>', 'memory (default) or neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE)')
    .option('--regime <regime>', 'whose law the server answers under: all (default, or $ENDUSE_REGIME), us, eu, uk, un, ch, ua')
    .action(async (options: { port?: string; host?: string; data?: string[]; store?: string; regime?: string }) => {
      const port = positiveIntegerOption(options.port ?? process.env.PORT, options.port === undefined ? 'PORT' : '--port', DEFAULT_PORT, 65_535);
      const cases = shippedCases();
      const fromEnv = apiConfigFromEnv(process.env, options.data === undefined ? cases : []);
      const config = options.regime === undefined ? fromEnv : { ...fromEnv, regime: regimeOption(options.regime) };
      // Every refusal comes before anything is read or written.
      if (options.store !== undefined && !STORES.includes(options.store)) {
        throw new InvalidInputError('bad value for --store', [{ field: '--store', message: `'${options.store}' is not a store; give ${STORES.join(' or ')}` }]);
      }
      listeningHost(options.host, config);
      const paths = options.data ?? cases.map((shipped) => shipped.directory);
      const dataset = readValidatedDatasets(paths);
      const store = await openStore(options.store);
      let running: Awaited<ReturnType<typeof startServer>>;
      let datasets: Awaited<ReturnType<typeof serverDatasets>>;
      try {
        // The --data paths are the first dataset version, then the versions kept in the data folder
        // (embedded store). On Neo4j the data already there stays, and these rows are merged in.
        datasets = await serverDatasets(store, { name: baseVersionName(options.data), who: `cli:${userInfo().username}`, at: filesChangedAt(paths), dataset }, process.env);
        running = await startServer(store, { ...config, datasets: datasets.catalog, logger: pino({ level: process.env.LOG_LEVEL ?? 'info' }) }, { port, host: options.host });
      } catch (error) {
        await store.close();
        throw error;
      }
      for (const notice of [...datasets.notices, ...running.notices]) output.line(notice);
      output.line(`enduse is serving, from the ${store.backend} store, ${options.data === undefined ? `the shipped cases (${cases.map((shipped) => shipped.id).join(', ')})` : options.data.join(', ')}`);
      output.line(`dashboard: ${running.url}`);
      output.line(`API docs:  ${running.url}docs   (OpenAPI: ${running.url}api/openapi.json)`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(() => store.close()).then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

/**
 * The store `--store` names; Neo4j settings come from the environment. The embedded store is the
 * compact one, so route and exposure searches run over typed arrays (see README, Architecture).
 */
async function openStore(name: string | undefined): Promise<GraphStore> {
  if (name === undefined || name === 'memory') return new CompactStore();
  return Neo4jStore.connect({
    uri: process.env.NEO4J_URI ?? DEFAULT_NEO4J_URI,
    ...(process.env.NEO4J_USERNAME ? { user: process.env.NEO4J_USERNAME } : {}),
    ...(process.env.NEO4J_PASSWORD ? { password: process.env.NEO4J_PASSWORD } : {}),
    ...(process.env.NEO4J_DATABASE ? { database: process.env.NEO4J_DATABASE } : {}),
  });
}
