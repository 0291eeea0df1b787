// A Reach over the compact index: entity numbers, tallied through per-entity country and
// end-user columns built once per loaded graph (one pass over the entity table's codes).
import type { CompactGraph } from '../../store/compact/compact-graph.ts';
import type { CountsByCountry, Reach } from '../reach.ts';

interface EntityColumns {
  /** Index into `countries` per entity. */
  country: Uint16Array;
  endUser: Uint8Array;
  /** Distinct countries; null for entities without one. */
  countries: (string | null)[];
}

const columnsByGraph = new WeakMap<CompactGraph, EntityColumns>();

/** The sequential pass over every entity pays once a reach holds a 32nd of the graph (a random read costs tens of sequential ones). */
const SEQUENTIAL_PASS_SHARE = 32;

export class CompactReach implements Reach {
  constructor(
    private readonly graph: CompactGraph,
    private readonly indexes: Int32Array,
  ) {}

  get size(): number {
    return this.indexes.length;
  }

  ids(): string[] {
    return Array.from(this.indexes, (index) => this.graph.idAt(index));
  }

  countByCountry(): CountsByCountry {
    const columns = this.columns();
    const entities = new Int32Array(columns.countries.length);
    const endUsers = new Int32Array(columns.countries.length);
    const { country, endUser } = columns;
    const tally = (index: number) => {
      const code = country[index]!;
      entities[code]!++;
      endUsers[code]! += endUser[index]!;
    };
    if (this.indexes.length * SEQUENTIAL_PASS_SHARE >= this.graph.nodeCount) {
      // Most of the graph reached (a hub's exposure): the indexes come in the order the search
      // reached them, so reading both columns at each is two cache misses per entity (0.8 s for
      // 8M of 10M). Marking them in a byte mask and tallying in one sequential pass over the
      // columns takes 40-70 ms.
      const mask = new Uint8Array(this.graph.nodeCount);
      for (let at = 0; at < this.indexes.length; at++) mask[this.indexes[at]!] = 1;
      for (let index = 0; index < mask.length; index++) if (mask[index] === 1) tally(index);
    } else {
      for (const index of this.indexes) tally(index);
    }
    const counts: CountsByCountry = new Map();
    columns.countries.forEach((country, code) => {
      if (entities[code]! > 0) counts.set(country, { entities: entities[code]!, endUsers: endUsers[code]! });
    });
    return counts;
  }

  private columns(): EntityColumns {
    let columns = columnsByGraph.get(this.graph);
    if (columns === undefined) {
      const codeOf = new Map<string | null, number>();
      const countries: (string | null)[] = [];
      const country = new Uint16Array(this.graph.nodeCount);
      const endUser = new Uint8Array(this.graph.nodeCount);
      const entities = this.graph.entities;
      for (let index = 0; index < this.graph.nodeCount; index++) {
        const name = entities.countryAt(index) ?? null;
        let code = codeOf.get(name);
        if (code === undefined) {
          code = countries.length;
          codeOf.set(name, code);
          countries.push(name);
        }
        country[index] = code;
        endUser[index] = entities.kindAt(index) === 'end_user' ? 1 : 0;
      }
      columns = { country, endUser, countries };
      columnsByGraph.set(this.graph, columns);
    }
    return columns;
  }
}
