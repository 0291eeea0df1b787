// The change marker: one node whose version every enduse load bumps, so a server holding a
// projection of the database can tell in one small read that it is out of date.
import type { Driver } from 'neo4j-driver';
import { CHANGE_MARKER_LABEL } from './graph-names.ts';
import type { Neo4jSettings } from './neo4j-connection.ts';

/** The marker's id: one marker per database. */
const MARKER_ID = 'enduse';

const BUMP = `MERGE (m:${CHANGE_MARKER_LABEL} {id: $id}) SET m.version = coalesce(m.version, 0) + 1, m.changedAt = datetime() RETURN m.version AS version`;
const READ = `OPTIONAL MATCH (m:${CHANGE_MARKER_LABEL} {id: $id}) RETURN m.version AS version`;

/**
 * Says the data changed: increments the marker's version (creating the marker the first time).
 * @example await bumpChangeMarker(driver, settings) // 7
 */
export async function bumpChangeMarker(driver: Driver, settings: Neo4jSettings): Promise<number> {
  const { records } = await driver.executeQuery(BUMP, { id: MARKER_ID }, { database: settings.database });
  return Number(records[0]!.get('version'));
}

/**
 * bumpChangeMarker inside a transaction the caller holds. Done first, it also write-locks the
 * marker until that transaction ends, so servers changing dataset versions go one at a time and
 * each reads what the one before committed.
 */
export async function bumpChangeMarkerIn(run: (statement: string, parameters: Record<string, unknown>) => Promise<unknown>): Promise<void> {
  await run(BUMP, { id: MARKER_ID });
}

/**
 * The marker's version as a token to compare: '0' before any enduse load.
 * @example if (await readChangeMarker(driver, settings) !== seen) rebuild();
 */
export async function readChangeMarker(driver: Driver, settings: Neo4jSettings): Promise<string> {
  const { records } = await driver.executeQuery(READ, { id: MARKER_ID }, { database: settings.database, routing: 'READ' });
  return String(records[0]?.get('version') ?? 0);
}
