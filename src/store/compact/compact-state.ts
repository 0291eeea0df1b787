// A validated dataset as a compact state: the builder's input contract for feeders that hold rows
// (a JSON file, an upload, a merge) rather than stream them.
import type { Dataset } from '../../domain/schema.ts';
import { CompactGraphBuilder } from './compact-graph-builder.ts';
import type { CompactState } from './compact-graph-view.ts';

/** A compact state holding exactly a validated dataset (relationship ids kept as given). */
export function compactStateOf(dataset: Dataset): CompactState {
  const builder = new CompactGraphBuilder(dataset.relationships.length);
  for (const entity of dataset.entities) builder.addEntity(entity.id);
  for (const relationship of dataset.relationships) {
    builder.addEdge(
      {
        source: builder.indexById.get(relationship.source)!,
        target: builder.indexById.get(relationship.target)!,
        type: relationship.type,
        product: relationship.product,
        start: relationship.start,
        end: relationship.end,
        share: relationship.share,
        statedEndUser: relationship.stated_end_user === undefined ? undefined : builder.indexById.get(relationship.stated_end_user),
        evidence: relationship.evidence,
        sourceRef: relationship.source_ref,
      },
      relationship.id,
    );
  }
  return {
    graph: builder.build(),
    entities: dataset.entities,
    listings: dataset.listings,
    jurisdictions: dataset.jurisdictions,
    lists: new Map(dataset.lists.map((list) => [list.code, list])),
  };
}
