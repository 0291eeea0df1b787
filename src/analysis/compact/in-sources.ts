// The source entity of each in-edge, in in-edge order: what the k-alternatives searches read
// most. Their target balls (target-ball.ts) and pulled layers (spur-search.ts) read millions of
// in-edges for the largest manufacturer at 1M, and going from an in-edge to its slot and then to
// the slot's source is a cache miss in a 5M-slot column for each; read here, it is a sequential
// read. Worked out once per graph, on the first k-alternatives question (4 bytes per relationship).
import type { CompactGraph } from '../../store/compact/compact-graph.ts';

const inSourcesByGraph = new WeakMap<CompactGraph, Int32Array>();

/** `inSources(graph)[position]` is `graph.edges.source[graph.inEdges[position]]`. */
export function inSources(graph: CompactGraph): Int32Array {
  let sources = inSourcesByGraph.get(graph);
  if (sources === undefined) {
    const { inEdges } = graph;
    const { source } = graph.edges;
    sources = new Int32Array(inEdges.length);
    for (let position = 0; position < inEdges.length; position++) sources[position] = source[inEdges[position]!]!;
    inSourcesByGraph.set(graph, sources);
  }
  return sources;
}
