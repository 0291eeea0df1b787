// Entity numbers by Neo4j node id, for the projection: its relationships name their ends by node id.
/**
 * Entity numbers by Neo4j node id. Node ids are small integers, dense after a bulk import: an
 * array indexed by them costs less memory and time than a Map of a million entries; ids far
 * beyond the entity count (a database with many other nodes) go to a Map.
 */
export class NodeNumbers {
  private numbers: Int32Array;
  private readonly sparse = new Map<number, number>();
  private readonly denseLimit: number;

  constructor(expected: number) {
    this.denseLimit = Math.max(1 << 16, expected * 8);
    this.numbers = new Int32Array(Math.max(16, expected)).fill(-1);
  }

  set(node: number, index: number): void {
    if (node >= this.denseLimit) {
      this.sparse.set(node, index);
      return;
    }
    if (node >= this.numbers.length) {
      const grown = new Int32Array(Math.min(this.denseLimit, Math.max(node + 1, this.numbers.length * 2))).fill(-1);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[node] = index;
  }

  get(node: number): number | undefined {
    if (node >= this.denseLimit) return this.sparse.get(node);
    const index = this.numbers[node];
    return index === undefined || index < 0 ? undefined : index;
  }
}
