// `enduse serve`: the HTTP API and the dashboard, from the embedded store with the shipped cases
// (or the given datasets) loaded, or from what a Neo4j holds (--backend neo4j), kept fresh.
import { Option, type Command } from 'commander';
import { pino } from 'pino';
import { apiConfigFromEnv } from '../../api/config.ts';
import { listeningHost, startServer } from '../../api/server.ts';
import { shippedCases, type ShippedCase } from '../../cases/shipped-cases.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { baseVersionName, filesChangedAt, neo4jServerDatasets, serverDatasets, type ServerDatasets } from '../../datasets/server-datasets.ts';
import { readValidatedDatasets } from '../../load/load-datasets.ts';
import { userInfo } from 'node:os';
import type { GraphView } from '../../store/graph-view.ts';
import { ServingStore } from '../../store/serving-store.ts';
import { DEFAULT_CHANGE_POLL_SECONDS, DEFAULT_PORT, DEFAULT_REFRESH_INTERVAL_SECONDS, serveSettings, type ServeCliOptions } from '../backend-options.ts';
import { dataWithNeo4j, openStore } from '../open-view.ts';
import { regimeOption } from '../options.ts';
import type { Output } from '../output.ts';

export { DEFAULT_PORT };

export function registerServe(program: Command, output: Output): void {
  program
    .command('serve')
    .description('serve the HTTP API and the dashboard (default: the shipped cases on the embedded store; --backend neo4j: what Neo4j holds)')
    .option('--port <port>', `port to listen on (default: $PORT or ${DEFAULT_PORT})`)
    .option('--host <host>', 'address to listen on (default 127.0.0.1; another address needs ENDUSE_API_KEYS)')
    .option('--data <path...>', 'dataset folders or .json files to load instead of the shipped cases (repeatable; embedded store only)')
    .option('--refresh-interval <seconds>', `with --backend neo4j: read the database again this often, for writes by other tools (default $ENDUSE_REFRESH_INTERVAL or ${DEFAULT_REFRESH_INTERVAL_SECONDS}; 0 = never)`)
    .option('--change-poll <seconds>', `with --backend neo4j: check this often whether an enduse load changed the database (default $ENDUSE_CHANGE_POLL or ${DEFAULT_CHANGE_POLL_SECONDS}; 0 = never)`)
    // Kept only to point its users at --backend, which every command takes.
    .option('--regime <regime>', 'whose law the server answers under: all (default, or $ENDUSE_REGIME), us, eu, uk, un, ch, ua')
    .addOption(new Option('--store <store>').hideHelp())
    .action(async (options: ServeCliOptions & { data?: string[]; store?: string; regime?: string }) => {
      if (options.store !== undefined) {
        throw new InvalidInputError('--store is now --backend', [{ field: '--store', message: `give --backend ${options.store === 'neo4j' ? 'neo4j' : 'memory'} instead (--backend memory|neo4j, as every command takes)` }]);
      }
      // Every refusal comes before anything is read or written.
      const settings = serveSettings(options, process.env);
      if (settings.store.backend === 'neo4j' && options.data !== undefined && options.data.length > 0) throw dataWithNeo4j();
      const cases = shippedCases();
      const fromEnv = apiConfigFromEnv(process.env, []);
      const config = options.regime === undefined ? fromEnv : { ...fromEnv, regime: regimeOption(options.regime) };
      listeningHost(settings.host, config);
      const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

      const store = await openStore(settings.store);
      const served = new ServingStore(store, {
        refreshIntervalMs: settings.refreshIntervalMs,
        changePollMs: settings.changePollMs,
        onRefresh: (event) => {
          if (event.outcome === 'swapped') logger.info({ dataVersion: event.projection.version, dataAsOf: event.projection.dataAsOf }, 'serving fresh data');
          else logger.warn({ err: event.error }, 'refreshing the data failed; the last good data keeps serving');
        },
      });
      let running: Awaited<ReturnType<typeof startServer>>;
      let offered: readonly ShippedCase[];
      let datasets: ServerDatasets | undefined;
      try {
        if (settings.store.backend === 'memory') {
          // The --data paths (or the shipped cases) are the first dataset version, then every version
          // kept in the data folder; uploads go through the same catalog and are kept there too.
          const paths = options.data ?? cases.map((shipped) => shipped.directory);
          const base = { name: baseVersionName(options.data), who: `cli:${userInfo().username}`, at: filesChangedAt(paths), dataset: readValidatedDatasets(paths) };
          datasets = await serverDatasets(served, base, process.env);
        } else {
          datasets = await neo4jServerDatasets(served);
        }
        // The first projection must be built before serving: a server that cannot read its store does not start.
        const { view } = await served.projection();
        offered = options.data === undefined ? casesIn(view, cases) : [];
        // Only a store others can write to changes behind our back.
        if (settings.store.backend === 'neo4j') served.start();
        running = await startServer(served, { ...config, cases: offered, logger, ...(datasets === undefined ? {} : { datasets: datasets.catalog }) }, { port: settings.port, host: settings.host });
      } catch (error) {
        await served.close();
        throw error;
      }
      for (const notice of [...(datasets?.notices ?? []), ...running.notices]) output.line(notice);
      const what = settings.store.backend === 'neo4j' ? `what Neo4j at ${settings.store.neo4j.uri} holds` : options.data === undefined ? `the shipped cases (${cases.map((shipped) => shipped.id).join(', ')})` : options.data.join(', ');
      output.line(`enduse is serving, from the ${store.backend} store, ${what}`);
      output.line(`dashboard: ${running.url}`);
      output.line(`API docs:  ${running.url}docs   (OpenAPI: ${running.url}api/openapi.json)`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(() => served.close()).then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

/** The shipped cases whose source entities the served data holds: the dashboard offers those. */
function casesIn(view: GraphView, cases: readonly ShippedCase[]): ShippedCase[] {
  return cases.filter((shipped) => shipped.sources.every((id) => view.entity(id) !== undefined));
}
