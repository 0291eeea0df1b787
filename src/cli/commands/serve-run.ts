// What `enduse serve` does once its options are read: builds the store and its dataset versions,
// starts the HTTP server and serves until SIGINT or SIGTERM.
import { pino } from 'pino';
import { apiConfigFromEnv } from '../../api/config.ts';
import { listeningHost, startServer } from '../../api/server.ts';
import { shippedCases, type ShippedCase } from '../../cases/shipped-cases.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { baseVersionName, filesChangedAt, neo4jServerDatasets, serverDatasets, type ServerDatasets } from '../../datasets/server-datasets.ts';
import { readReference, readValidatedDatasets } from '../../load/load-datasets.ts';
import { isSnapshotPath, readSnapshot } from '../../snapshot/read-snapshot.ts';
import { datasetOf } from '../../store/compact/compact-store.ts';
import { flagPeriodKey } from '../../domain/record-identity.ts';
import type { Dataset } from '../../domain/schema.ts';
import { compactStateOfPaths } from '../open-view.ts';
import { userInfo } from 'node:os';
import type { GraphView } from '../../store/graph-view.ts';
import { ServingStore } from '../../store/serving-store.ts';
import { serveSettings } from '../backend-options.ts';
import { dataWithNeo4j, openStore } from '../open-view.ts';
import { regimeOption } from '../options.ts';
import type { Output } from '../output.ts';
import type { ServeOptions } from './serve.ts';

/** Serves as `options` say until the process is told to stop. */
export async function runServe(options: ServeOptions, output: Output): Promise<void> {
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
      datasets = await embeddedServerDatasets(served, options.data ?? cases.map((shipped) => shipped.directory), options.data);
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
}

/**
 * The embedded store's versions, its base read from `paths`. A function of its own so the base's
 * rows (every entity and relationship as objects, most of the heap) are not held by the serving
 * function's frame, which lives as long as the server: once the store holds them in its index
 * they can go.
 */
async function embeddedServerDatasets(served: ServingStore, paths: readonly string[], data: readonly string[] | undefined): Promise<ServerDatasets> {
  // Read first: a missing or damaged snapshot is refused before anything else looks at its path.
  const rows = paths.some(isSnapshotPath) ? await snapshotBase(paths) : undefined;
  const version = { name: baseVersionName(data), who: `cli:${userInfo().username}`, at: filesChangedAt(paths) };
  const base = rows === undefined ? { ...version, dataset: readValidatedDatasets(paths) } : Object.defineProperties({ ...version, state: rows.state, sha256: rows.sha256, counts: rows.counts }, { dataset: Object.getOwnPropertyDescriptor(rows, 'dataset')! }) as typeof version & typeof rows;
  return serverDatasets(served, base, process.env);
}

/** The shipped cases whose source entities the served data holds: the dashboard offers those. */
function casesIn(view: GraphView, cases: readonly ShippedCase[]): ShippedCase[] {
  return cases.filter((shipped) => shipped.sources.every((id) => view.entity(id) !== undefined));
}

/**
 * The first version from a snapshot: its state goes into the store as it is; its rows (without the
 * shipped reference flags it holds) are materialised only if an upload or a kept version needs them.
 */
async function snapshotBase(paths: readonly string[]) {
  // Several snapshots, or snapshots mixed with dataset files: refused as every command refuses them.
  if (paths.length !== 1) await compactStateOfPaths(paths);
  const { state, sha256 } = await readSnapshot(paths[0]!);
  const reference = new Set(readReference().jurisdictions.map(flagPeriodKey));
  const ownJurisdictions = () => state.jurisdictions.filter((period) => !reference.has(flagPeriodKey(period)));
  let dataset: Dataset | undefined;
  const datasetOfSnapshot = () => {
    dataset ??= { ...datasetOf(state), jurisdictions: ownJurisdictions() };
    return dataset;
  };
  const counts = { entities: state.entities.count, relationships: state.graph.edgeCount, listings: state.listings.length, jurisdictions: ownJurisdictions().length };
  return {
    state,
    sha256,
    counts,
    get dataset() {
      return datasetOfSnapshot();
    },
  };
}
