// What a route search reached, in the two forms exposure reads it: ids, and counts by country.
// The embedded store lists entity objects; the compact index answers from typed columns, since
// at a million entities reading a property of each object costs more than the search.
import type { Entity } from '../domain/schema.ts';

/** Entities reached per country (null: no country), and how many of them are end users. */
export type CountsByCountry = Map<string | null, { entities: number; endUsers: number }>;

export interface Reach {
  /** How many entities were reached. */
  readonly size: number;
  /** Their ids, in the order first reached. */
  ids(): string[];
  countByCountry(): CountsByCountry;
}

/** A reach listed as entity objects. */
export class ListedReach implements Reach {
  constructor(private readonly entities: readonly Entity[]) {}

  get size(): number {
    return this.entities.length;
  }

  ids(): string[] {
    return this.entities.map((entity) => entity.id);
  }

  countByCountry(): CountsByCountry {
    const counts: CountsByCountry = new Map();
    for (const entity of this.entities) {
      const country = entity.country ?? null;
      let count = counts.get(country);
      if (count === undefined) {
        count = { entities: 0, endUsers: 0 };
        counts.set(country, count);
      }
      count.entities++;
      if (entity.kind === 'end_user') count.endUsers++;
    }
    return counts;
  }
}
