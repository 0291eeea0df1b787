// The graph view of one route and its neighbourhood: the explorer (graph-explorer.ts) draws and
// explores it; a table lists each edge of the route and the neighbourhood with its source.
import type { EntityAnswer, EntityInfo, RelationshipInfo, RouteInfo } from './api-types.ts';
import { html, humanDay, period, reasonLabel } from './format.ts';
import type Sigma from 'sigma';
import { GraphExplorer, type ExplorerContext, type ExplorerParts } from './graph-explorer.ts';

export interface RouteNeighbourhood {
  route: RouteInfo;
  /** The answer of /api/entities/{id} for each entity on the route. */
  around: EntityAnswer[];
  entities: Record<string, EntityInfo>;
}

let explorer: GraphExplorer | undefined;

/** The graph drawn now, if any (the PNG export reads it). */
export function currentRouteGraph(): Sigma | undefined {
  return explorer?.drawing();
}

export function closeRouteGraph(): void {
  explorer?.kill();
  explorer = undefined;
}

/** Opens the dossier of `id` in the graph shown (nothing when none is, or it is not in it). */
export async function selectRouteNode(id: string): Promise<void> {
  await explorer?.select(id);
}

/** Draws the graph into `parts` (laid out in a worker: resolves when drawn) and the edge tables into `table`. */
export async function drawRouteGraph(parts: ExplorerParts, table: HTMLElement, data: RouteNeighbourhood, context: ExplorerContext): Promise<void> {
  closeRouteGraph();
  const known = new Map<string, EntityInfo>(Object.entries(data.entities));
  for (const answer of data.around) for (const neighbour of answer.neighbourhood.entities) known.set(neighbour.id, neighbour);
  const relationships = new Map<string, RelationshipInfo>();
  for (const edge of data.route.edges) relationships.set(edge.id, edge);
  for (const answer of data.around) for (const edge of answer.neighbourhood.relationships) relationships.set(edge.id, edge);
  table.innerHTML = edgeTables(data, relationships, new Set(data.route.edges.map((edge) => edge.id)), known);
  explorer = new GraphExplorer(parts, context);
  await explorer.start(data.route, data.around, data.entities);
}

function edgeRow(edge: RelationshipInfo & { at?: string }, known: Map<string, EntityInfo>): string {
  const name = (id: string) => html(known.get(id)?.name ?? id);
  return `<tr>
    <td>${name(edge.source)} → ${name(edge.target)}</td>
    <td>${html(edge.type)}${edge.share !== undefined ? ` ${edge.share}%` : ''}</td>
    <td>${html(edge.product ?? '—')}</td>
    <td>${html(period(edge))}${edge.at ? `<br><span class="muted">goods cross on/after ${html(humanDay(edge.at))}</span>` : ''}</td>
    <td>${edge.stated_end_user ? html(known.get(edge.stated_end_user)?.name ?? edge.stated_end_user) : '—'}</td>
    <td><span class="grade grade-${html(edge.evidence ?? 'ungraded')}">${html(edge.evidence ?? 'not graded')}</span></td>
    <td class="source-ref">${html(edge.source_ref ?? '—')}</td>
  </tr>`;
}

function edgeTables(data: RouteNeighbourhood, relationships: Map<string, RelationshipInfo>, routeEdgeIds: Set<string>, known: Map<string, EntityInfo>): string {
  const head = '<thead><tr><th scope="col">From → to</th><th scope="col">Type</th><th scope="col">Product</th><th scope="col">Dates</th><th scope="col">Stated end user</th><th scope="col">Evidence</th><th scope="col">Source</th></tr></thead>';
  const routeRows = data.route.edges.map((edge) => edgeRow(edge, known)).join('');
  const others = [...relationships.values()].filter((edge) => !routeEdgeIds.has(edge.id));
  const more = data.around.reduce((sum, answer) => sum + answer.neighbourhood.more, 0);
  const reasons = data.route.reasons.map((reason) => `<li>${html(reasonLabel(reason))}${'source' in reason && reason.source ? ` <span class="muted">— ${html(reason.source)}</span>` : ''}</li>`).join('');
  return `<h3>Why the end of this route is flagged</h3><ul class="reasons-list">${reasons}</ul>
    <h3>Each hop of the route, with its evidence</h3>
    <div class="table-scroll" tabindex="0"><table class="edges">${head}<tbody>${routeRows}</tbody></table></div>
    <details><summary>Neighbourhood: ${others.length} other relationship${others.length === 1 ? '' : 's'}${more > 0 ? `, and ${more} more not shown` : ''}</summary>
    <div class="table-scroll" tabindex="0"><table class="edges">${head}<tbody>${others.map((edge) => edgeRow(edge, known)).join('')}</tbody></table></div></details>`;
}
