// Maximum flow on a small directed network with integer capacities, by Dinic's algorithm, with
// the minimum cut read off the residual graph and the flow split into unit paths.
// Source: E. A. Dinitz, "Algorithm for solution of a problem of maximum flow in a network with
// power estimation", Soviet Math. Doklady 11 (1970); the min-cut reading is the max-flow
// min-cut theorem (Ford and Fulkerson, 1956). On unit-capacity vertex-split networks Dinic runs in
// O(E·√V) (Even and Tarjan, 1975).

/** Stands for an unbounded capacity; any flow stays far below it. */
export const INFINITE_CAPACITY = Number.MAX_SAFE_INTEGER;

interface Arc {
  to: number;
  capacity: number;
  flow: number;
  /** Index of the reverse arc in `arcs`. */
  reverse: number;
  /** Whether the caller added this arc (not a residual twin). */
  forward: boolean;
}

/**
 * A flow network over nodes 0..n-1.
 *
 * @example
 *   const network = new FlowNetwork(3); network.addArc(0, 1, 1); network.addArc(1, 2, 1);
 *   network.maxFlow(0, 2) // 1
 */
export class FlowNetwork {
  private readonly arcs: Arc[] = [];
  private readonly adjacency: number[][];

  constructor(readonly size: number) {
    this.adjacency = Array.from({ length: size }, () => []);
  }

  addArc(from: number, to: number, capacity: number): void {
    this.adjacency[from]!.push(this.arcs.length);
    this.arcs.push({ to, capacity, flow: 0, reverse: this.arcs.length + 1, forward: true });
    this.adjacency[to]!.push(this.arcs.length);
    this.arcs.push({ to: from, capacity: 0, flow: 0, reverse: this.arcs.length - 1, forward: false });
  }

  /** Pushes a maximum flow from `source` to `sink` and returns its value. */
  maxFlow(source: number, sink: number): number {
    let total = 0;
    for (;;) {
      const level = this.levels(source);
      if (level[sink] === -1) return total;
      const next = new Array<number>(this.size).fill(0);
      for (let pushed = this.augment(source, sink, INFINITE_CAPACITY, level, next); pushed > 0; pushed = this.augment(source, sink, INFINITE_CAPACITY, level, next)) {
        total += pushed;
      }
    }
  }

  /** Nodes reachable from `source` in the residual graph: the source side of a minimum cut. */
  residualReachable(source: number): boolean[] {
    return this.levels(source).map((level) => level !== -1);
  }

  /**
   * Splits the current flow into unit paths from `source` to `sink` (cycles cut out), consuming
   * it; call after maxFlow.
   */
  unitPaths(source: number, sink: number): number[][] {
    const remaining = this.arcs.map((arc) => (arc.forward ? arc.flow : 0));
    const paths: number[][] = [];
    for (;;) {
      const path = [source];
      let node = source;
      while (node !== sink) {
        const arcIndex = this.adjacency[node]!.find((index) => remaining[index]! > 0);
        if (arcIndex === undefined) return paths;
        remaining[arcIndex]! -= 1;
        node = this.arcs[arcIndex]!.to;
        const seen = path.indexOf(node);
        if (seen !== -1) path.length = seen;
        path.push(node);
      }
      paths.push(path);
    }
  }

  private levels(source: number): number[] {
    const level = new Array<number>(this.size).fill(-1);
    level[source] = 0;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const index of this.adjacency[node]!) {
        const arc = this.arcs[index]!;
        if (level[arc.to] === -1 && arc.capacity - arc.flow > 0) {
          level[arc.to] = level[node]! + 1;
          queue.push(arc.to);
        }
      }
    }
    return level;
  }

  private augment(node: number, sink: number, limit: number, level: number[], next: number[]): number {
    if (node === sink) return limit;
    const arcsHere = this.adjacency[node]!;
    for (; next[node]! < arcsHere.length; next[node]!++) {
      const arc = this.arcs[arcsHere[next[node]!]!]!;
      if (level[arc.to] !== level[node]! + 1 || arc.capacity - arc.flow <= 0) continue;
      const pushed = this.augment(arc.to, sink, Math.min(limit, arc.capacity - arc.flow), level, next);
      if (pushed > 0) {
        arc.flow += pushed;
        this.arcs[arc.reverse]!.flow -= pushed;
        return pushed;
      }
    }
    return 0;
  }
}
