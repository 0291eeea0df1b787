// What a server starts from: on the embedded store the `--data` paths (or the shipped cases) as
// its first dataset version, then every version kept in the data folder; on Neo4j, the versions
// the database records (it is the record).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphStore } from '../store/graph-store.ts';
import type { ServingStore } from '../store/serving-store.ts';
import { Neo4jStore } from '../store/neo4j/neo4j-store.ts';
import { Neo4jDatasetCatalog } from './neo4j-catalog.ts';
import type { VersionCatalog } from './version-catalog.ts';
import { dataFolder } from '../settings/data-folder.ts';
import { DatasetCatalog, type BaseVersion } from './dataset-catalog.ts';

export { baseVersionName } from './dataset-version.ts';
import { VersionFolder } from './version-folder.ts';

export interface ServerDatasets {
  catalog: VersionCatalog;
  /** What a person should know at start: where versions are kept, what was restored or skipped. */
  notices: string[];
}

/**
 * Builds `store` from `base` and the data folder, and returns the catalog the API writes through.
 * @example await serverDatasets(store, { name: 'shipped-cases', who: 'cli:me', dataset }, process.env)
 */
export async function serverDatasets(store: GraphStore, base: BaseVersion, env: Readonly<Record<string, string | undefined>>): Promise<ServerDatasets> {
  const folder = store.backend === 'memory' ? new VersionFolder(dataFolder(env)) : undefined;
  const catalog = new DatasetCatalog(store, folder === undefined ? {} : { folder });
  const report = await catalog.start(base);
  const notices: string[] = [];
  if (folder !== undefined) {
    notices.push(`dataset versions are kept in ${folder.directory} (ENDUSE_DATA_DIR): ${report.restored.length} restored`);
    for (const leftover of report.leftovers) notices.push(`removed ${leftover}: an upload a crash interrupted before it was accepted`);
    for (const skipped of report.skipped) notices.push(`skipped ${skipped.file}: ${skipped.reason}; nothing of it is loaded`);
  }
  return { catalog, notices };
}

/**
 * A server on Neo4j: the database records every version, so nothing is restored; uploads and
 * removals go to it and then refresh what `served` answers from.
 * @example await neo4jServerDatasets(served)
 */
export async function neo4jServerDatasets(served: ServingStore): Promise<ServerDatasets> {
  if (!(served.store instanceof Neo4jStore)) throw new Error('neo4jServerDatasets needs a store on Neo4j');
  const catalog = new Neo4jDatasetCatalog(served.store, { afterChange: () => served.refresh() });
  const versions = await catalog.versions();
  return { catalog, notices: [`dataset versions are kept in Neo4j with their rows: ${versions.length} recorded`] };
}

/**
 * When a version read from `paths` was made: the newest modification time of their files, so
 * that it is the same at every start until a file changes.
 */
export function filesChangedAt(paths: readonly string[]): string {
  let newest = 0;
  for (const path of paths) {
    const stats = statSync(path);
    newest = Math.max(newest, stats.mtimeMs);
    if (stats.isDirectory()) for (const name of readdirSync(path)) newest = Math.max(newest, statSync(join(path, name)).mtimeMs);
  }
  return new Date(Math.floor(newest)).toISOString();
}
