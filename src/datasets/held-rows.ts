// A dataset version's rows as its catalog keeps them between writes. Uploads are held as
// validated. The base version (the --data paths a server starts from) can be a million entities
// and five million relationships: held as objects it would be most of the server's heap, and every
// full garbage collection would walk it while requests wait. It is held in a compact index
// instead (typed arrays), the one the store serves when nothing else is loaded, and its rows are
// built again only when a write folds the versions anew.
import type { Dataset, Entity } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';

export interface HeldRows {
  /** Every row of the version (built from the index when held in one). */
  dataset(): Dataset;
  /** The version's statement of an entity, if it states one. */
  entity(id: string): Entity | undefined;
}

/** Rows held as validated objects (an upload: small, and kept as it was accepted). */
export function rowsAsGiven(dataset: Dataset): HeldRows {
  let byId: Map<string, Entity> | undefined;
  return {
    dataset: () => dataset,
    entity: (id) => (byId ??= new Map(dataset.entities.map((entity) => [entity.id, entity]))).get(id),
  };
}

/**
 * Rows held in a view built from them alone (the base version folded with nothing else, so its
 * entities are its statements). Its dataset also carries the reference flag periods and lists the
 * view was built with; folding drops those repeats by key, so the fold is unchanged.
 */
export function rowsInView(view: GraphView): HeldRows {
  return {
    dataset: () => ({
      entities: [...view.entities()],
      relationships: [...view.relationships()],
      listings: [...view.listings()],
      jurisdictions: [...view.jurisdictions()],
      lists: [...view.lists()],
    }),
    entity: (id) => view.entity(id),
  };
}
