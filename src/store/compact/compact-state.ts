// A validated dataset as a compact state, through the one builder every feeder uses (files,
// Neo4j, rows held in memory such as a JSON file, an upload or a merge).
import { InvalidInputError } from '../../domain/errors.ts';
import type { Dataset } from '../../domain/schema.ts';
import type { CompactState } from './compact-graph-view.ts';
import { CompactStateBuilder } from './compact-state-builder.ts';

/** A compact state holding exactly a validated dataset (relationship ids kept as given). */
export function compactStateOf(dataset: Dataset): CompactState {
  const builder = new CompactStateBuilder(dataset.relationships.length, dataset.entities.length);
  for (const entity of dataset.entities) builder.addEntity(entity);
  // A validated dataset's ends are all present; one built by hand may not be, and then nothing is loaded.
  for (const relationship of dataset.relationships) {
    const missing = builder.addRelationshipRow(relationship);
    if (missing !== undefined) {
      throw new InvalidInputError('the dataset was not loaded', [{ field: missing, message: `relationship ${relationship.id} names entity '${relationship[missing]}', which the dataset does not hold` }]);
    }
  }
  for (const listing of dataset.listings) builder.addListing(listing);
  for (const period of dataset.jurisdictions) builder.addJurisdictionFlag(period);
  for (const list of dataset.lists) builder.addList(list);
  return builder.build();
}
