// The graph a list of dataset versions makes: each version's rows applied over the earlier ones in
// load order. Every version keeps its own rows; this is the one place that combines them, so the
// store built at start-up from restored versions is the store that was served before.
import type { Dataset, Entity, JurisdictionFlagPeriod, Listing, Relationship } from '../domain/schema.ts';
import type { Reference } from '../load/load-datasets.ts';
import { flagPeriodKey, listingKey } from '../domain/record-identity.ts';
import type { LoadMode } from './dataset-version.ts';
import { statementApplied } from './rows-held.ts';

/** One version's rows as validated (without the reference jurisdiction flags) and its mode. */
export interface VersionRows {
  id: string;
  mode?: LoadMode;
  dataset: Dataset;
}

/**
 * Entities: the first statement of an id, then each later one applied by its version's mode
 * (rows-held.ts). Relationships, listings and flag periods: every distinct row once, in the
 * order first stated, by the keys every store merges on (domain/record-identity.ts), so a row two
 * versions state is one row held by both. The shipped reference lists and flags come first, as every load path has them.
 *
 * @example effectiveDataset([{ id: 'cases@1', dataset }], readReference()).entities.length
 */
export function effectiveDataset(versions: readonly VersionRows[], reference: Reference): Dataset {
  const entities = new Map<string, Entity>();
  const relationships = new Map<string, Relationship>();
  const listings = new Map<string, Listing>();
  const jurisdictions = new Map<string, JurisdictionFlagPeriod>();
  for (const period of reference.jurisdictions) addOnce(jurisdictions, flagPeriodKey(period), period);
  for (const { dataset, mode } of versions) {
    for (const entity of dataset.entities) {
      entities.set(entity.id, statementApplied(entities.get(entity.id), entity, mode));
    }
    for (const relationship of dataset.relationships) addOnce(relationships, relationship.id, relationship);
    for (const listing of dataset.listings) addOnce(listings, listingKey(listing), listing);
    for (const period of dataset.jurisdictions) addOnce(jurisdictions, flagPeriodKey(period), period);
  }
  return {
    entities: [...entities.values()],
    relationships: [...relationships.values()],
    listings: [...listings.values()],
    jurisdictions: [...jurisdictions.values()],
    lists: [...reference.lists.values()],
  };
}

function addOnce<T>(rows: Map<string, T>, key: string, row: T): void {
  if (!rows.has(key)) rows.set(key, row);
}
