// A Reach over the compact index: entity numbers, tallied through per-entity country and
// end-user columns built once per loaded graph (one pass over the entity objects).
import type { Entity } from '../../domain/schema.ts';
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

export class CompactReach implements Reach {
  constructor(
    private readonly graph: CompactGraph,
    /** The entity at an index of `graph`. */
    private readonly entityAt: (index: number) => Entity,
    private readonly indexes: Int32Array,
  ) {}

  get size(): number {
    return this.indexes.length;
  }

  ids(): string[] {
    return Array.from(this.indexes, (index) => this.graph.ids[index]!);
  }

  countByCountry(): CountsByCountry {
    const columns = this.columns();
    const entities = new Int32Array(columns.countries.length);
    const endUsers = new Int32Array(columns.countries.length);
    for (const index of this.indexes) {
      const country = columns.country[index]!;
      entities[country]!++;
      endUsers[country]! += columns.endUser[index]!;
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
      for (let index = 0; index < this.graph.nodeCount; index++) {
        const entity = this.entityAt(index);
        const name = entity.country ?? null;
        let code = codeOf.get(name);
        if (code === undefined) {
          code = countries.length;
          codeOf.set(name, code);
          countries.push(name);
        }
        country[index] = code;
        endUser[index] = entity.kind === 'end_user' ? 1 : 0;
      }
      columns = { country, endUser, countries };
      columnsByGraph.set(this.graph, columns);
    }
    return columns;
  }
}
