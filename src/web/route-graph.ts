// The graph view of one route and its neighbourhood (sigma.js over graphology): the route runs
// left to right, neighbours sit above and below the route entity they touch, and every edge is
// labelled with its product, dates and evidence; a table lists each edge with its source.
import { DirectedGraph } from 'graphology';
import Sigma from 'sigma';
import type { EntityAnswer, EntityInfo, RelationshipInfo, RouteInfo } from './api-types.ts';
import { html, humanDay, period, reasonLabel } from './format.ts';

export interface RouteNeighbourhood {
  route: RouteInfo;
  /** The answer of /api/entities/{id} for each entity on the route. */
  around: EntityAnswer[];
  entities: Record<string, EntityInfo>;
}

const COLOURS = { source: '#1d4e89', route: '#c77c02', flagged: '#b3001b', neighbour: '#8a94a6', flaggedNeighbour: '#e0707f' };

let renderer: Sigma | undefined;

/** The graph drawn now, if any (the PNG export reads it). */
export function currentRouteGraph(): Sigma | undefined {
  return renderer;
}

export function closeRouteGraph(): void {
  renderer?.kill();
  renderer = undefined;
}

/** Draws the graph into `canvas` and the edge table into `table`. */
export function drawRouteGraph(canvas: HTMLElement, table: HTMLElement, data: RouteNeighbourhood, onNode: (id: string) => void): void {
  closeRouteGraph();
  const { route } = data;
  const graph = new DirectedGraph();
  const onRoute = new Set(route.path);
  const flagged = new Set<string>([route.target]);
  const known = new Map<string, EntityInfo>(Object.entries(data.entities));
  for (const answer of data.around) {
    for (const neighbour of answer.neighbourhood.entities) {
      known.set(neighbour.id, neighbour);
      if (neighbour.flagged) flagged.add(neighbour.id);
    }
  }

  route.path.forEach((id, index) => {
    const entity = known.get(id);
    const colour = index === 0 ? COLOURS.source : flagged.has(id) ? COLOURS.flagged : COLOURS.route;
    // A gentle arc, so node labels (drawn to the right) do not run along the next edge.
    const lift = route.path.length > 1 ? Math.sin((Math.PI * index) / (route.path.length - 1)) * 3 : 0;
    graph.addNode(id, { x: index * 12, y: lift + (index % 2) * 1.5, size: 16, color: colour, label: `${shorten(entity?.name ?? id)} · ${entity?.country ?? '?'}` });
  });

  // Neighbours above and below their anchor, alternating, spread along the route.
  const placed = new Map<string, number>();
  data.around.forEach((answer, anchorIndex) => {
    for (const neighbour of answer.neighbourhood.entities) {
      if (graph.hasNode(neighbour.id)) continue;
      const slot = placed.get(answer.entity.id) ?? 0;
      placed.set(answer.entity.id, slot + 1);
      const side = slot % 2 === 0 ? -1 : 1;
      const ring = Math.floor(slot / 2);
      graph.addNode(neighbour.id, {
        x: anchorIndex * 12 + (ring % 3) * 4 - 4 + (side > 0 ? 2 : 0),
        y: side * (7 + ring * 2.5) + (anchorIndex % 2) * 1.5,
        size: 9,
        color: neighbour.flagged ? COLOURS.flaggedNeighbour : COLOURS.neighbour,
        label: shorten(neighbour.name),
      });
    }
  });

  const routeEdgeIds = new Set(route.edges.map((edge) => edge.id));
  const relationships = new Map<string, RelationshipInfo>();
  for (const edge of route.edges) relationships.set(edge.id, edge);
  for (const answer of data.around) for (const edge of answer.neighbourhood.relationships) relationships.set(edge.id, edge);
  for (const edge of relationships.values()) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target) || edge.source === edge.target) continue;
    const key = `${edge.source}->${edge.target}`;
    const isRoute = routeEdgeIds.has(edge.id);
    const label = edgeLabel(edge);
    if (graph.hasEdge(key)) {
      const existing = graph.getEdgeAttributes(key);
      graph.mergeEdgeAttributes(key, {
        count: (existing.count as number) + 1,
        label: isRoute ? label : existing.label,
        color: isRoute || existing.isRoute ? '#7a0010' : existing.color,
        size: isRoute || existing.isRoute ? 4 : existing.size,
        isRoute: isRoute || existing.isRoute,
      });
    } else {
      graph.addDirectedEdgeWithKey(key, edge.source, edge.target, {
        label,
        count: 1,
        isRoute,
        size: isRoute ? 4 : 1.5,
        color: isRoute ? '#7a0010' : edge.type === 'OWNS' || edge.type === 'CONTROLS' ? '#6c8ebf' : '#b8bfcc',
      });
    }
  }
  graph.forEachEdge((key, attributes) => {
    if ((attributes.count as number) > 1) graph.setEdgeAttribute(key, 'label', `${attributes.label as string} (+${(attributes.count as number) - 1} more)`);
  });

  renderer = new Sigma(graph, canvas, {
    renderEdgeLabels: true,
    defaultEdgeType: 'arrow',
    labelSize: 13,
    labelWeight: '600',
    edgeLabelSize: 11,
    labelRenderedSizeThreshold: 0,
    labelDensity: 1,
    stagePadding: 70,
    edgeLabelColor: { color: '#3a3f4b' },
  });
  renderer.on('clickNode', ({ node }) => onNode(node));
  table.innerHTML = edgeTables(data, relationships, routeEdgeIds, known);
}

function edgeLabel(edge: RelationshipInfo & { at?: string }): string {
  const parts = [edge.type === 'SUPPLIES' ? edge.product ?? 'supplies' : edge.type === 'OWNS' ? `owns ${edge.share ?? ''}%` : edge.type.toLowerCase().replace('_', ' ')];
  parts.push(period(edge));
  if (edge.evidence) parts.push(edge.evidence);
  return parts.join(' · ');
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
    <div class="table-scroll"><table class="edges">${head}<tbody>${routeRows}</tbody></table></div>
    <details><summary>Neighbourhood: ${others.length} other relationship${others.length === 1 ? '' : 's'}${more > 0 ? `, and ${more} more not shown` : ''}</summary>
    <div class="table-scroll"><table class="edges">${head}<tbody>${others.map((edge) => edgeRow(edge, known)).join('')}</tbody></table></div></details>`;
}

/** Graph labels stay short; the tables and the side panel give full names. */
function shorten(name: string): string {
  return name.length > 26 ? `${name.slice(0, 25)}…` : name;
}
