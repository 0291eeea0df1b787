// Chokepoints: the fewest intermediaries whose removal cuts every flagged route from a source,
// and how many flagged targets each intermediary cuts off on its own.
import type { IsoDay } from '../domain/dates.ts';
import type { GraphView } from '../store/graph-view.ts';
import { viewWithoutEntities } from '../store/view-without-entities.ts';
import { flaggedEntities, type FlagIndex } from './flags.ts';
import { FlowNetwork, INFINITE_CAPACITY } from './max-flow.ts';
import { edgesOnRoutes } from './route-edges.ts';
import { DEFAULT_MAX_HOPS, findFlaggedRoutes, type Route, type RouteEdge } from './routes.ts';

/** Most route searches the exact fallback may run before it settles for an upper bound. */
export const SEARCH_BUDGET = 5000;

export interface ChokepointOptions {
  asOf: IsoDay;
  product?: string;
  maxHops?: number;
  flags?: FlagIndex;
  /** Overrides SEARCH_BUDGET (tests use a small one to exercise the upper-bound answer). */
  searchBudget?: number;
}

export interface CutMember {
  id: string;
  name: string;
}

export interface Chokepoints {
  from: string;
  /** Every flagged entity with a route from `from`, by id. */
  targets: string[];
  /** Flagged entities `from` supplies directly (one hop): no intermediary stands between. */
  uncuttable: { target: string; edges: RouteEdge[] }[];
  cut: {
    members: CutMember[];
    size: number;
    /** `minimum` when proven, `upper_bound` when the search budget ran out first. */
    status: 'minimum' | 'upper_bound';
    /** How the answer was reached and proven. */
    method: 'max-flow' | 'max-flow + exhaustive search';
    /** The max-flow value: the size of the minimum cut of the static graph of usable edges. */
    flowValue: number;
    /** The most intermediary-disjoint routes found: no cut can be smaller. */
    lowerBound: number;
    /** Intermediary-disjoint routes witnessing the lower bound. */
    disjointRoutes: string[][];
    /** Whether re-running the route search without the cut found no route to a cuttable target. */
    verified: boolean;
  };
  /** Every intermediary of a usable edge, with the targets that lose every route when it alone goes. */
  intermediaries: { id: string; name: string; inCut: boolean; cutsAlone: number; targetsCutAlone: string[] }[];
}

/**
 * The minimum vertex cut between `from` and the flagged targets it reaches through intermediaries.
 *
 * Method: keep the edges that lie on some valid route (route-edges.ts), split every intermediary
 * into in → out with capacity 1 (sources and targets unbounded, targets joined to one super-sink),
 * and take a maximum flow by Dinic's algorithm (max-flow.ts): by Menger's theorem its value is the
 * smallest cut of that static graph, and the cut is read off the residual graph. The static graph
 * ignores how windows and hop limits combine, so the cut may be larger than needed: it is checked
 * by re-running findFlaggedRoutes without it, and proven minimum when the flow splits into as many
 * valid, intermediary-disjoint routes as the cut has members. Otherwise an exact search (branch on
 * the intermediaries of a surviving route, smallest size first, as for bounded-length cuts) looks
 * for a smaller cut within SEARCH_BUDGET route searches, else the answer is an upper bound.
 *
 * @example chokepoints(view, 'bluecoat', { asOf: '2011-06-30' }).cut.members // [{ id: 'computerlinks-fzco', … }]
 */
export function chokepoints(view: GraphView, from: string, options: ChokepointOptions): Chokepoints {
  const flags = options.flags ?? flaggedEntities(view, options.asOf);
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const routeOptions = { asOf: options.asOf, product: options.product, maxHops, flags };
  const routesWithout = (removed: ReadonlySet<string>) => findFlaggedRoutes(viewWithoutEntities(view, removed), from, routeOptions);
  const routes = findFlaggedRoutes(view, from, routeOptions);
  const direct = routes.filter((route) => route.hops === 1);
  const cuttable = new Set(routes.filter((route) => route.hops > 1).map((route) => route.target));
  const edges = edgesOnRoutes(view, from, cuttable, routeOptions);

  const intermediaryIds = [...new Set(edges.flatMap((edge) => [edge.source, edge.target]))].filter((id) => id !== from && !cuttable.has(id)).sort();
  const flowCut = minimumStaticCut(from, cuttable, intermediaryIds, edges);
  const isValidRoute = (path: string[]) => routeExistsAlong(view, path, routeOptions);
  const disjointRoutes = flowCut.paths.filter(isValidRoute);

  const survivors = (removed: ReadonlySet<string>) => routesWithout(removed).filter((route) => cuttable.has(route.target));
  let members = flowCut.cut;
  const verified = survivors(new Set(members)).length === 0;
  let method: Chokepoints['cut']['method'] = 'max-flow';
  let proven = verified && disjointRoutes.length === members.length;
  if (!proven) {
    method = 'max-flow + exhaustive search';
    const searched = smallestCut(survivors, disjointRoutes.length, verified ? members.length - 1 : Infinity, options.searchBudget ?? SEARCH_BUDGET);
    if (searched.cut !== undefined) members = searched.cut;
    else if (!verified) members = greedyCut(survivors, members);
    proven = searched.exhausted;
  }

  const survivingTargets = new Set(routes.map((route) => route.target));
  const intermediaries = intermediaryIds.map((id) => {
    const left = new Set(routesWithout(new Set([id])).map((route) => route.target));
    const targetsCutAlone = [...survivingTargets].filter((target) => !left.has(target)).sort();
    return { id, name: view.entity(id)?.name ?? id, inCut: members.includes(id), cutsAlone: targetsCutAlone.length, targetsCutAlone };
  });
  intermediaries.sort((a, b) => b.cutsAlone - a.cutsAlone || a.id.localeCompare(b.id));

  return {
    from,
    targets: [...survivingTargets].sort(),
    uncuttable: direct.map((route) => ({ target: route.target, edges: route.edges })),
    cut: {
      members: [...members].sort().map((id) => ({ id, name: view.entity(id)?.name ?? id })),
      size: members.length,
      status: proven ? 'minimum' : 'upper_bound',
      method,
      flowValue: flowCut.cut.length,
      lowerBound: proven ? members.length : disjointRoutes.length,
      disjointRoutes,
      verified: survivors(new Set(members)).length === 0,
    },
    intermediaries,
  };
}

/** Max-flow min vertex cut on the static graph of usable edges, with the flow's unit paths. */
function minimumStaticCut(from: string, targets: ReadonlySet<string>, intermediaries: string[], edges: readonly RouteEdge[]): { cut: string[]; paths: string[][] } {
  if (targets.size === 0) return { cut: [], paths: [] };
  // Node numbering: 0 source, 1 super-sink, then each target, then in/out pairs per intermediary.
  const ids = [from, '', ...targets];
  const index = new Map(ids.map((id, position) => [id, { in: position, out: position }]));
  for (const id of intermediaries) {
    index.set(id, { in: ids.length, out: ids.length + 1 });
    ids.push(id, id);
  }
  const network = new FlowNetwork(ids.length);
  for (const id of intermediaries) network.addArc(index.get(id)!.in, index.get(id)!.out, 1);
  for (const target of targets) network.addArc(index.get(target)!.in, 1, INFINITE_CAPACITY);
  for (const edge of edges) network.addArc(index.get(edge.source)!.out, index.get(edge.target)!.in, INFINITE_CAPACITY);
  network.maxFlow(0, 1);
  const reachable = network.residualReachable(0);
  const cut = intermediaries.filter((id) => reachable[index.get(id)!.in] && !reachable[index.get(id)!.out]);
  const paths = network.unitPaths(0, 1).map((path) => path.slice(0, -1).map((node) => ids[node]!).filter((id, position, all) => position === 0 || id !== all[position - 1]));
  return { cut, paths };
}

/** Whether goods can follow exactly this sequence of entities as a route (some choice of parallel edges). */
function routeExistsAlong(view: GraphView, path: string[], options: { asOf: IsoDay; product?: string; maxHops: number; flags: FlagIndex }): boolean {
  if (path.length - 1 > options.maxHops || new Set(path).size !== path.length) return false;
  const successor = new Map(path.slice(0, -1).map((id, position) => [id, path[position + 1]]));
  const restricted: GraphView = Object.assign(Object.create(view) as GraphView, {
    outEdges: (id: string, types?: Parameters<GraphView['outEdges']>[1]) => view.outEdges(id, types).filter((edge) => successor.get(id) === edge.target),
  });
  const routes: Route[] = findFlaggedRoutes(restricted, path[0]!, options);
  return routes.some((route) => route.target === path[path.length - 1]);
}

/**
 * The smallest set of at most `atMost` intermediaries leaving no survivor, trying sizes from
 * `atLeast` up: at each step some intermediary of a surviving route must go, so branching on them
 * is exhaustive. `exhausted` tells whether every size up to the answer (or `atMost`) was settled.
 */
function smallestCut(survivors: (removed: ReadonlySet<string>) => Route[], atLeast: number, atMost: number, budget: number): { cut?: string[]; exhausted: boolean } {
  let searches = 0;
  const search = (removed: Set<string>, spare: number): string[] | undefined | 'budget' => {
    if (++searches > budget) return 'budget';
    const surviving = survivors(removed);
    if (surviving.length === 0) return [...removed];
    if (spare === 0) return undefined;
    const shortest = surviving.reduce((best, route) => (route.hops < best.hops ? route : best));
    for (const id of shortest.path.slice(1, -1)) {
      removed.add(id);
      const found = search(removed, spare - 1);
      removed.delete(id);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  for (let size = Math.max(atLeast, 0); size <= atMost; size++) {
    const found = search(new Set(), size);
    if (found === 'budget') return { exhausted: false };
    if (found !== undefined) return { cut: found, exhausted: true };
  }
  return { exhausted: true };
}

/** Adds, while routes survive, the intermediary of a surviving route that leaves the fewest survivors. */
function greedyCut(survivors: (removed: ReadonlySet<string>) => Route[], start: string[]): string[] {
  const removed = new Set(start);
  for (let surviving = survivors(removed); surviving.length > 0; surviving = survivors(removed)) {
    const candidates = [...new Set(surviving.flatMap((route) => route.path.slice(1, -1)))];
    const scored = candidates.map((id) => ({ id, left: survivors(new Set([...removed, id])).length }));
    removed.add(scored.reduce((best, entry) => (entry.left < best.left ? entry : best)).id);
  }
  return [...removed];
}
