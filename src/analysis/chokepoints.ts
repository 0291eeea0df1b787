// Chokepoints: the fewest intermediaries whose removal cuts every flagged route from a source,
// and how many flagged targets each intermediary cuts off on its own.
import type { RegimeSelection } from '../domain/regimes.ts';
import type { IsoDay } from '../domain/dates.ts';
import { GOODS_RELATIONSHIP_TYPES, type Relationship, type RelationshipType } from '../domain/schema.ts';
import type { GraphView } from '../store/graph-view.ts';
import { viewWithOutEdges, viewWithoutEntities } from '../store/view-without-entities.ts';
import { flaggedEntities, type FlagIndex } from './flags.ts';
import { FlowNetwork, INFINITE_CAPACITY } from './max-flow.ts';
import { edgesOnRoutes } from './route-edges.ts';
import { DEFAULT_MAX_HOPS, findFlaggedRoutes, type Route, type RouteEdge } from './routes.ts';
import type { SearchBudget } from './search-budget.ts';

/** Most route searches the exact fallback may run before it settles for an upper bound. */
export const SEARCH_BUDGET = 200;

export interface ChokepointOptions {
  asOf: IsoDay;
  product?: string;
  maxHops?: number;
  flags?: FlagIndex;
  /** Whose law applies when the flags are worked out here (default all). */
  regime?: RegimeSelection;
  /** Overrides SEARCH_BUDGET (tests use a small one to exercise the upper-bound answer). */
  searchBudget?: number;
  /**
   * Work budget over every route search: when it runs out the answer is an unverified upper bound
   * (`status` upper_bound, `verified` false) and intermediaries not yet tried cut nothing alone.
   */
  budget?: SearchBudget;
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
 * by re-running findFlaggedRoutes without it, and proven minimum when there are as many valid,
 * intermediary-disjoint routes as the cut has members (the flow's paths that are valid routes, plus
 * disjoint routes packed greedily; by weak duality each needs its own cut member). Otherwise an exact search (branch on
 * the intermediaries of a surviving route, smallest size first, as for bounded-length cuts) looks
 * for a smaller cut within SEARCH_BUDGET route searches, else the answer is an upper bound.
 *
 * @example chokepoints(view, 'bluecoat', { asOf: '2011-06-30' }).cut.members // [{ id: 'computerlinks-fzco', … }]
 */
export function chokepoints(view: GraphView, from: string, options: ChokepointOptions): Chokepoints {
  const flags = options.flags ?? flaggedEntities(view, options.asOf, undefined, { regime: options.regime });
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const routeOptions = { asOf: options.asOf, product: options.product, maxHops, flags, budget: options.budget };
  // A search cut short misses routes, so nothing found after the budget runs out is trusted.
  const outOfBudget = () => options.budget?.exhausted === true;
  const routes = findFlaggedRoutes(view, from, routeOptions);
  const direct = routes.filter((route) => route.hops === 1);
  const cuttable = new Set(routes.filter((route) => route.hops > 1).map((route) => route.target));
  const edges = edgesOnRoutes(view, from, cuttable, routeOptions);
  // Every route uses usable edges only (or is a direct one): later searches run on that small graph.
  const routeGraph = viewWithGoodsEdges(view, [...edges, ...direct.flatMap((route) => route.edges)]);
  const routesWithout = (removed: ReadonlySet<string>) => findFlaggedRoutes(viewWithoutEntities(routeGraph, removed), from, routeOptions);

  const intermediaryIds = [...new Set(edges.flatMap((edge) => [edge.source, edge.target]))].filter((id) => id !== from && !cuttable.has(id)).sort();
  const flowCut = minimumStaticCut(from, cuttable, intermediaryIds, edges);
  const isValidRoute = (path: string[]) => routeExistsAlong(view, path, routeOptions);
  const survivors = (removed: ReadonlySet<string>) => routesWithout(removed).filter((route) => cuttable.has(route.target));
  const disjointRoutes = packDisjointRoutes(flowCut.paths.filter(isValidRoute), flowCut.cut.length, survivors);
  let members = flowCut.cut;
  const verified = survivors(new Set(members)).length === 0;
  let method: Chokepoints['cut']['method'] = 'max-flow';
  let proven = verified && disjointRoutes.length === members.length;
  if (!proven) {
    method = 'max-flow + exhaustive search';
    const searched = smallestCut(survivors, disjointRoutes.length, verified ? members.length - 1 : Infinity, options.searchBudget ?? SEARCH_BUDGET, outOfBudget);
    if (searched.cut !== undefined) members = searched.cut;
    else if (!verified && !outOfBudget()) members = greedyCut(survivors, members, outOfBudget);
    proven = searched.exhausted && !outOfBudget();
  }

  if (outOfBudget()) proven = false;
  const survivingTargets = new Set(routes.map((route) => route.target));
  // Removing an entity can only cut a target whose reported route passes through it.
  const onReportedRoutes = new Set(routes.flatMap((route) => route.path.slice(1, -1)));
  const intermediaries = intermediaryIds.map((id) => {
    let left = onReportedRoutes.has(id) && !outOfBudget() ? new Set(routesWithout(new Set([id])).map((route) => route.target)) : survivingTargets;
    if (outOfBudget()) left = survivingTargets;
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
      verified: !outOfBudget() && survivors(new Set(members)).length === 0,
    },
    intermediaries,
  };
}

/** The view with its goods edges limited to `edges` (other types and entities untouched). */
function viewWithGoodsEdges(view: GraphView, edges: readonly RouteEdge[]): GraphView {
  const bySource = new Map<string, Relationship[]>();
  for (const { at: _crossed, ...edge } of edges) {
    const list = bySource.get(edge.source) ?? [];
    if (!list.some((kept) => kept.id === edge.id)) list.push(edge);
    bySource.set(edge.source, list);
  }
  const none: Relationship[] = [];
  return viewWithOutEdges(view, (id: string, types?: readonly RelationshipType[]) => {
    if (types === GOODS_RELATIONSHIP_TYPES) return bySource.get(id) ?? none; // the route search's own call, kept allocation-free
    return types !== undefined && types.every((type) => GOODS_RELATIONSHIP_TYPES.includes(type)) ? (bySource.get(id) ?? none).filter((edge) => types.includes(edge.type)) : view.outEdges(id, types);
  });
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
  const restricted = viewWithOutEdges(view, (id, types) => view.outEdges(id, types).filter((edge) => successor.get(id) === edge.target));
  const routes: Route[] = findFlaggedRoutes(restricted, path[0]!, options);
  return routes.some((route) => route.target === path[path.length - 1]);
}

/**
 * Adds to the valid flow paths, while fewer than `target`, a shortest route that shares no
 * intermediary with them: each one raises the lower bound (every cut must hit each of them).
 */
function packDisjointRoutes(valid: string[][], target: number, survivors: (removed: ReadonlySet<string>) => Route[]): string[][] {
  const packing = [...valid];
  while (packing.length < target) {
    const others = survivors(new Set(packing.flatMap((path) => path.slice(1, -1))));
    if (others.length === 0) break;
    packing.push(others.reduce((best, route) => (route.hops < best.hops ? route : best)).path);
  }
  return packing;
}

/**
 * The smallest set of at most `atMost` intermediaries leaving no survivor, trying sizes from
 * `atLeast` up: at each step some intermediary of a surviving route must go, so branching on them
 * is exhaustive. `exhausted` tells whether every size up to the answer (or `atMost`) was settled.
 */
function smallestCut(survivors: (removed: ReadonlySet<string>) => Route[], atLeast: number, atMost: number, budget: number, outOfBudget: () => boolean): { cut?: string[]; exhausted: boolean } {
  let searches = 0;
  const search = (removed: Set<string>, spare: number): string[] | undefined | 'budget' => {
    if (++searches > budget || outOfBudget()) return 'budget';
    const surviving = survivors(removed);
    if (outOfBudget()) return 'budget';
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
function greedyCut(survivors: (removed: ReadonlySet<string>) => Route[], start: string[], outOfBudget: () => boolean): string[] {
  const removed = new Set(start);
  for (let surviving = survivors(removed); surviving.length > 0 && !outOfBudget(); surviving = survivors(removed)) {
    const candidates = [...new Set(surviving.flatMap((route) => route.path.slice(1, -1)))];
    const scored = candidates.map((id) => ({ id, left: survivors(new Set([...removed, id])).length }));
    removed.add(scored.reduce((best, entry) => (entry.left < best.left ? entry : best)).id);
  }
  return [...removed];
}
