// The part of a GraphView that is not the graph: listings, jurisdiction flag periods and list
// definitions, indexed once. The embedded views extend it so they answer these alike.
import type { JurisdictionFlagPeriod, ListDefinition, Listing } from '../domain/schema.ts';

const NO_ITEMS: readonly never[] = Object.freeze([]);

export interface ListingsAndFlagsState {
  listings: readonly Listing[];
  jurisdictions: readonly JurisdictionFlagPeriod[];
  lists: ReadonlyMap<string, ListDefinition>;
}

export abstract class ListingsAndFlagsIndex {
  private readonly listingsByEntity = new Map<string, Listing[]>();
  private readonly flagsByCode = new Map<string, JurisdictionFlagPeriod[]>();

  protected constructor(private readonly records: ListingsAndFlagsState) {
    for (const listing of records.listings) pushTo(this.listingsByEntity, listing.entity_id, listing);
    for (const period of records.jurisdictions) pushTo(this.flagsByCode, period.code, period);
  }

  listingsOf(id: string): readonly Listing[] {
    return this.listingsByEntity.get(id) ?? NO_ITEMS;
  }

  listings(): Iterable<Listing> {
    return this.records.listings;
  }

  /** Flag periods of a jurisdiction (ISO alpha-2). */
  jurisdictionFlags(code: string): readonly JurisdictionFlagPeriod[] {
    return this.flagsByCode.get(code) ?? NO_ITEMS;
  }

  jurisdictions(): Iterable<JurisdictionFlagPeriod> {
    return this.records.jurisdictions;
  }

  list(code: string): ListDefinition | undefined {
    return this.records.lists.get(code);
  }

  lists(): Iterable<ListDefinition> {
    return this.records.lists.values();
  }
}

/** Appends `value` to the bucket of `key`. */
export function pushTo<T>(index: Map<string, T[]>, key: string, value: T): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(value);
  else index.set(key, [value]);
}
