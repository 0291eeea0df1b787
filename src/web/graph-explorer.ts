// Explores the graph around a route: laid out without overlapping labels (graph-layout.ts), every
// node also in a keyboard list synchronised with the canvas (focus highlights, Enter opens the
// dossier), neighbours added by relationship type, and "how are these two connected?" answered
// on the loaded graph (graphology-shortest-path) or on the whole store (/api/connections).
import { DirectedGraph, UndirectedGraph } from 'graphology';
import { bidirectional } from 'graphology-shortest-path/unweighted.js';
import Sigma from 'sigma';
import { api } from './api-client.ts';
import type { ConnectionAnswer, EntityAnswer, EntityInfo, OwnershipAnswer, RelationshipInfo } from './api-types.ts';
import { countryName, html, period } from './format.ts';
import { showDossier } from './graph-dossier.ts';
import { drawLabelOnPlate, LABEL_STYLE, layOutGraph, nodeBox, overlappingPairs, type Box } from './graph-layout.ts';

export interface ExplorerContext {
  asOf: string;
  regime: string;
  /** Makes `id` the dashboard's source entity (closes the dialog). */
  startRoutesFrom(id: string): void;
  /** Told which entity the reader chose (its dossier opens), so the view can record it. */
  onSelect?(id: string): void;
}

export interface ExplorerParts {
  canvas: HTMLElement;
  /** Where the dossier of the chosen node goes. */
  dossier: HTMLElement;
  /** Where the node list and the connection finder go. */
  panel: HTMLElement;
}

type KnownEntity = EntityInfo & { flagged?: boolean };
type Role = 'source' | 'route' | 'flagged' | 'neighbour' | 'flaggedNeighbour' | 'unknown';

const COLOURS: Record<Role, string> = { source: '#1d4e89', route: '#c77c02', flagged: '#b3001b', neighbour: '#8a94a6', flaggedNeighbour: '#e0707f', unknown: '#8a94a6' };
const PATH_COLOUR = '#0a7d47';
const FADED = '#dde1e8';
/** Most edges a chosen node may have for their labels to be drawn around it. */
const FEW_EDGES = 4;

/** The on-screen box of each labelled node, for checks (browser tests) and debugging. */
export interface NodeBoxOnScreen extends Box {
  id: string;
  label: string;
}

export class GraphExplorer {
  private readonly graph = new DirectedGraph();
  private readonly entities = new Map<string, KnownEntity>();
  private readonly relationships = new Map<string, RelationshipInfo>();
  private readonly roles = new Map<string, Role>();
  private routeOrder: string[] = [];
  private renderer: Sigma | undefined;
  private resizeWatch: ResizeObserver | undefined;
  private focused: string | undefined;
  private selected: string | undefined;
  private path: { nodes: Set<string>; edges: Set<string> } | undefined;
  private readonly list: HTMLUListElement;
  private readonly fromSelect: HTMLSelectElement;
  private readonly toSelect: HTMLSelectElement;
  private readonly result: HTMLElement;
  private readonly status: HTMLElement;
  private killed = false;

  constructor(
    private readonly parts: ExplorerParts,
    private readonly context: ExplorerContext,
  ) {
    parts.panel.innerHTML = `<section class="graph-nodes-panel" aria-labelledby="graph-nodes-title">
        <h3 id="graph-nodes-title">Entities in the graph</h3>
        <p class="muted">Arrow keys move along the list and light the entity up in the graph; Enter opens its dossier.</p>
        <ul id="graph-nodes" class="graph-nodes"></ul>
        <p id="graph-status" class="muted" role="status" aria-live="polite"></p>
      </section>
      <section class="connect-panel" aria-labelledby="connect-title">
        <h3 id="connect-title">How are these two connected?</h3>
        <div class="connect-row">
          <label>From <select id="connect-from"></select></label>
          <label>To <select id="connect-to"></select></label>
        </div>
        <div class="connect-row">
          <button type="button" id="connect-loaded">Find in this graph</button>
          <button type="button" id="connect-store">Search the whole store</button>
        </div>
        <div id="connect-result" class="connect-result" aria-live="polite"></div>
      </section>`;
    this.list = parts.panel.querySelector('#graph-nodes')!;
    this.fromSelect = parts.panel.querySelector('#connect-from')!;
    this.toSelect = parts.panel.querySelector('#connect-to')!;
    this.result = parts.panel.querySelector('#connect-result')!;
    this.status = parts.panel.querySelector('#graph-status')!;
    this.wireList();
    parts.panel.querySelector('#connect-loaded')!.addEventListener('click', () => this.connectLoaded());
    parts.panel.querySelector('#connect-store')!.addEventListener('click', () => void this.connectStore());
  }

  /** Loads the route and its neighbourhood, lays it out and draws it. */
  async start(route: { path: string[]; target: string; edges: RelationshipInfo[] }, around: EntityAnswer[], entities: Record<string, EntityInfo>): Promise<void> {
    this.routeOrder = route.path;
    for (const [id, entity] of Object.entries(entities)) this.entities.set(id, entity);
    for (const answer of around) {
      this.entities.set(answer.entity.id, { ...answer.entity, flagged: answer.flagged });
      for (const neighbour of answer.neighbourhood.entities) this.entities.set(neighbour.id, neighbour);
    }
    // The route starts along the canvas's longer side (top to bottom on a phone); the force layout
    // then arranges everything compactly, so more fits on a small screen.
    const across = this.parts.canvas.clientWidth >= this.parts.canvas.clientHeight;
    route.path.forEach((id, index) => {
      const role: Role = index === 0 ? 'source' : id === route.target || this.entities.get(id)?.flagged ? 'flagged' : 'route';
      this.roles.set(id, role);
      this.addNode(id, across ? { x: index * 10, y: 0 } : { x: 0, y: -index * 10 });
    });
    this.addRelationships(route.edges, new Set(route.edges.map((edge) => edge.id)));
    for (const answer of around) this.addRelationships(answer.neighbourhood.relationships);
    await this.layOut();
  }

  kill(): void {
    this.killed = true;
    this.resizeWatch?.disconnect();
    this.renderer?.kill();
    this.renderer = undefined;
    if (window.enduseGraphView?.explorer === this) window.enduseGraphView = undefined;
  }

  /** The on-screen box of every node whose label is drawn, in canvas pixels. */
  boxesOnScreen(): NodeBoxOnScreen[] {
    const renderer = this.renderer;
    if (!renderer) return [];
    return this.graph.mapNodes((id, attributes) => {
      const display = renderer.getNodeDisplayData(id)!;
      const at = renderer.graphToViewport({ x: attributes.x as number, y: attributes.y as number });
      const label = display.label ?? '';
      return { id, label, ...nodeBox(at.x, at.y, renderer.scaleSize(display.size), label || undefined) };
    });
  }

  // ---- the graph ------------------------------------------------------------------------

  private roleOf(id: string): Role {
    const role = this.roles.get(id);
    if (role) return role;
    const entity = this.entities.get(id);
    return entity?.flagged === undefined ? 'unknown' : entity.flagged ? 'flaggedNeighbour' : 'neighbour';
  }

  private nameOf = (id: string): string => this.entities.get(id)?.name ?? id;

  private addNode(id: string, position: { x: number; y: number }): void {
    if (this.graph.hasNode(id)) return;
    const entity = this.entities.get(id);
    const onRoute = this.roles.has(id);
    // A phone's canvas holds two labels side by side at most: shorter labels there.
    const narrow = this.parts.canvas.clientWidth < 520;
    const name = shorten(entity?.name ?? id, (onRoute ? 26 : 20) - (narrow ? 8 : 0));
    this.graph.addNode(id, {
      ...position,
      size: onRoute ? 12 : 7,
      color: COLOURS[this.roleOf(id)],
      label: onRoute && !narrow ? `${name} · ${entity?.country ?? '?'}` : name,
    });
  }

  /** Adds relationships and the entities at their ends; a new entity starts near the one it joins. */
  private addRelationships(relationships: readonly RelationshipInfo[], onRoute: ReadonlySet<string> = new Set()): string[] {
    const added: string[] = [];
    for (const edge of relationships) {
      if (edge.source === edge.target) continue;
      this.relationships.set(edge.id, edge);
      for (const [end, other] of [
        [edge.source, edge.target],
        [edge.target, edge.source],
      ] as const) {
        if (this.graph.hasNode(end)) continue;
        const anchor = this.graph.hasNode(other) ? this.graph.getNodeAttributes(other) : { x: 0, y: 0 };
        // Spread around the anchor (golden angle), so the force layout starts untangled and the same every time.
        const turn = this.graph.order * 2.39996;
        this.addNode(end, { x: (anchor.x as number) + Math.cos(turn) * 3, y: (anchor.y as number) + Math.sin(turn) * 3 });
        added.push(end);
      }
      const key = `${edge.source}->${edge.target}`;
      const isRoute = onRoute.has(edge.id);
      if (this.graph.hasEdge(key)) {
        const existing = this.graph.getEdgeAttributes(key);
        if ((existing.ids as string[]).includes(edge.id)) continue;
        this.graph.mergeEdgeAttributes(key, { ids: [...(existing.ids as string[]), edge.id], isRoute: existing.isRoute || isRoute, label: isRoute ? edgeLabel(edge) : existing.label });
      } else {
        this.graph.addDirectedEdgeWithKey(key, edge.source, edge.target, { ids: [edge.id], isRoute, label: edgeLabel(edge) });
      }
      this.styleEdge(key);
    }
    return added;
  }

  private styleEdge(key: string): void {
    const attributes = this.graph.getEdgeAttributes(key);
    const ids = attributes.ids as string[];
    const first = this.relationships.get(ids[0]!)!;
    const label = ids.length > 1 ? `${edgeLabel(first)} (+${ids.length - 1} more)` : edgeLabel(first);
    this.graph.mergeEdgeAttributes(key, {
      fullLabel: attributes.isRoute ? attributes.label : label,
      size: attributes.isRoute ? 4 : 1.5,
      color: attributes.isRoute ? '#7a0010' : first.type === 'OWNS' || first.type === 'CONTROLS' ? '#6c8ebf' : '#b8bfcc',
    });
  }

  private async layOut(): Promise<void> {
    this.parts.canvas.dataset.layout = 'running';
    this.status.textContent = 'Laying out the graph…';
    await layOutGraph(this.graph);
    // The layout guarantees this; say so loudly if it ever does not (the browser tests watch the console).
    if (overlappingPairs(this.graph) > 0) console.error(`graph layout left ${overlappingPairs(this.graph)} overlapping labels`);
    if (this.killed) return;
    this.draw();
    this.fillList();
    this.fillConnectChoices();
    this.status.textContent = `${this.graph.order} entities, ${this.relationships.size} relationships.`;
    this.parts.canvas.dataset.layout = 'done';
  }

  private draw(): void {
    if (!this.renderer) {
      this.renderer = new Sigma(this.graph, this.parts.canvas, {
        // Positions are screen pixels (graph-layout.ts), so labels keep the room the layout gave them.
        autoRescale: false,
        renderEdgeLabels: true,
        defaultEdgeType: 'arrow',
        labelSize: LABEL_STYLE.size,
        labelWeight: LABEL_STYLE.weight,
        labelFont: LABEL_STYLE.font,
        edgeLabelSize: 11,
        edgeLabelColor: { color: '#3a3f4b' },
        labelRenderedSizeThreshold: 0,
        defaultDrawNodeLabel: drawLabelOnPlate,
        nodeReducer: (node, data) => this.nodeLook(node, data),
        edgeReducer: (edge, data) => this.edgeLook(edge, data),
      });
      this.renderer.on('clickNode', ({ node }) => void this.openDossier(node));
      this.renderer.on('enterNode', ({ node }) => this.highlight(node));
      this.renderer.on('leaveNode', () => this.highlight(undefined));
      this.resizeWatch = new ResizeObserver(() => this.frame());
      this.resizeWatch.observe(this.parts.canvas);
      window.enduseGraphView = { explorer: this, boxes: () => this.boxesOnScreen(), frame: () => this.frame() };
    }
    this.frame();
  }

  /** Centres the drawing on the boxes of nodes and labels, at zoom 1 (one graph unit, one pixel). */
  private frame(): void {
    const renderer = this.renderer;
    if (!renderer) return;
    const { width, height } = renderer.getDimensions();
    const boxes = this.graph.mapNodes((_id, attributes) => nodeBox(attributes.x as number, attributes.y as number, attributes.size as number, attributes.label as string));
    const left = Math.min(...boxes.map((box) => box.left));
    const right = Math.max(...boxes.map((box) => box.right));
    const top = Math.min(...boxes.map((box) => box.top));
    const bottom = Math.max(...boxes.map((box) => box.bottom));
    const [x, y] = [(left + right) / 2, (top + bottom) / 2];
    renderer.setCustomBBox({ x: [x - width / 2, x + width / 2], y: [y - height / 2, y + height / 2] });
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    renderer.refresh();
  }

  private nodeLook(node: string, data: Record<string, unknown>): Record<string, unknown> {
    const look: Record<string, unknown> = { ...data, forceLabel: true };
    const zoomedOut = (this.renderer?.getCamera().ratio ?? 1) > 1.05;
    // Zoomed out, labels would collide: keep those of the route, the path and the chosen node.
    if (zoomedOut && !this.roles.has(node) && node !== this.selected && node !== this.focused && !this.path?.nodes.has(node)) look.label = null;
    if (this.path && !this.path.nodes.has(node)) look.color = FADED;
    if (node === this.focused || node === this.selected) look.highlighted = true;
    return look;
  }

  private edgeLook(edge: string, data: Record<string, unknown>): Record<string, unknown> {
    const [source, target] = this.graph.extremities(edge);
    const chosen = this.focused ?? this.selected;
    const onPath = this.path?.edges.has(edge) ?? false;
    // Edge labels only where the reader looks (the found path; the chosen node, when it has few
    // edges, else its labels pile up): the dossier and the tables give them all.
    const labelled = onPath || (chosen !== undefined && (source === chosen || target === chosen) && this.graph.degree(chosen) <= FEW_EDGES);
    return {
      ...data,
      label: labelled ? this.graph.getEdgeAttribute(edge, 'fullLabel') : '',
      forceLabel: labelled,
      color: this.path ? (onPath ? PATH_COLOUR : FADED) : data.color,
      size: onPath ? 4 : data.size,
    };
  }

  private highlight(id: string | undefined): void {
    this.focused = id;
    this.renderer?.refresh({ skipIndexation: true });
  }

  // ---- the keyboard list ------------------------------------------------------------------

  private ordered(): string[] {
    const route = this.routeOrder.filter((id) => this.graph.hasNode(id));
    const others = this.graph.filterNodes((id) => !this.roles.has(id)).sort((a, b) => this.nameOf(a).localeCompare(this.nameOf(b)));
    return [...route, ...others];
  }

  private fillList(): void {
    const current = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.node : undefined;
    this.list.innerHTML = this.ordered()
      .map((id, index) => {
        const entity = this.entities.get(id);
        const role = this.roleOf(id);
        const what = role === 'source' ? 'source' : role === 'route' ? 'on the route' : role === 'flagged' || role === 'flaggedNeighbour' ? 'flagged' : '';
        return `<li><button type="button" class="graph-node" data-node="${html(id)}" tabindex="${(current ? id === current : index === 0) ? 0 : -1}"><span class="dot" style="--c:${COLOURS[role]}"></span>${html(entity?.name ?? id)} <span class="muted">${html(countryName(entity?.country))}${what ? ` · ${what}` : ''}</span></button></li>`;
      })
      .join('');
    if (current) this.list.querySelector<HTMLElement>(`[data-node="${CSS.escape(current)}"]`)?.focus();
  }

  /** Pans (at the same zoom) so `id` and its label are on screen: a phone's canvas shows part of a large graph. */
  private bringIntoView(id: string): void {
    const renderer = this.renderer;
    if (!renderer || !this.graph.hasNode(id)) return;
    const box = this.boxesOnScreen().find((candidate) => candidate.id === id);
    const { width, height } = renderer.getDimensions();
    if (!box || (box.left >= 0 && box.top >= 0 && box.right <= width && box.bottom <= height)) return;
    const camera = renderer.getCamera();
    // The box's centre to the canvas's centre, converted from pixels to the camera's (framed graph) units.
    const centre = renderer.viewportToFramedGraph({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
    camera.setState({ ...camera.getState(), x: centre.x, y: centre.y });
  }

  private wireList(): void {
    this.list.addEventListener('focusin', (event) => {
      const id = (event.target as HTMLElement).dataset.node;
      if (id) this.bringIntoView(id);
      this.highlight(id);
    });
    this.list.addEventListener('focusout', () => this.highlight(undefined));
    this.list.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.graph-node');
      if (button) void this.openDossier(button.dataset.node!);
    });
    // One tab stop for the list; arrows, Home and End move within it (a roving tabindex).
    this.list.addEventListener('keydown', (event) => {
      const buttons = [...this.list.querySelectorAll<HTMLButtonElement>('button.graph-node')];
      const at = buttons.indexOf(event.target as HTMLButtonElement);
      const next = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (at < 0 || next === undefined || !buttons[next]) return;
      event.preventDefault();
      buttons[at]!.tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
  }

  // ---- the dossier and expanding ------------------------------------------------------------

  /** The sigma renderer drawing the graph now (the PNG export reads its canvases). */
  drawing(): Sigma | undefined {
    return this.renderer;
  }

  /** Opens the dossier of `id` when the graph holds it (a permalink naming the chosen entity). */
  async select(id: string): Promise<void> {
    if (this.graph.hasNode(id)) await this.openDossier(id);
  }

  private async openDossier(id: string): Promise<void> {
    this.selected = id;
    this.context.onSelect?.(id);
    this.renderer?.refresh({ skipIndexation: true });
    const query = { asOf: this.context.asOf, regime: this.context.regime };
    this.parts.dossier.innerHTML = '<p class="muted">Loading…</p>';
    let answer: EntityAnswer;
    let ownership: OwnershipAnswer;
    try {
      [answer, ownership] = await Promise.all([
        api<EntityAnswer>(`/api/entities/${encodeURIComponent(id)}`, { ...query, depth: 1, limit: 100 }),
        api<OwnershipAnswer>(`/api/entities/${encodeURIComponent(id)}/ownership`, query),
      ]);
    } catch (error) {
      if (this.selected === id) this.parts.dossier.innerHTML = `<p class="alert-inline">The dossier of ${html(this.nameOf(id))} could not be read: ${html(error instanceof Error ? error.message : String(error))}</p>`;
      return;
    }
    if (this.killed || this.selected !== id) return;
    this.entities.set(id, { ...answer.entity, flagged: answer.flagged });
    for (const neighbour of answer.neighbourhood.entities) if (!this.entities.has(neighbour.id) || this.entities.get(neighbour.id)!.flagged === undefined) this.entities.set(neighbour.id, neighbour);
    showDossier(this.parts.dossier, answer, ownership, this.nameOf, { entity: (other) => this.graph.hasNode(other), relationship: (edge) => this.relationships.has(edge.id) && this.graph.hasNode(edge.source) && this.graph.hasNode(edge.target) }, {
      expand: (type, relationships) => void this.expand(id, type, relationships),
      connectFrom: (from) => this.chooseEnd(this.fromSelect, from),
      connectTo: (to) => this.chooseEnd(this.toSelect, to),
      startRoutesFrom: (from) => this.context.startRoutesFrom(from),
    });
  }

  private async expand(id: string, type: string, relationships: RelationshipInfo[]): Promise<void> {
    const before = this.graph.order;
    const added = this.addRelationships(relationships);
    this.status.textContent = `Adding ${added.length} ${type.toLowerCase()} neighbour${added.length === 1 ? '' : 's'}…`;
    await this.layOut();
    this.status.textContent = `Added ${this.graph.order - before} entit${this.graph.order - before === 1 ? 'y' : 'ies'} joined to ${this.nameOf(id)} by ${type.toLowerCase().replaceAll('_', ' ')}.`;
    await this.openDossier(id);
  }

  // ---- how are these two connected? --------------------------------------------------------

  private fillConnectChoices(): void {
    const options = this.ordered()
      .map((id) => `<option value="${html(id)}">${html(this.nameOf(id))}</option>`)
      .join('');
    for (const [select, fallback] of [
      [this.fromSelect, this.routeOrder[0]],
      [this.toSelect, this.routeOrder.at(-1)],
    ] as const) {
      const keep = select.value || fallback || '';
      select.innerHTML = options;
      select.value = this.graph.hasNode(keep) ? keep : (fallback ?? '');
    }
  }

  private chooseEnd(select: HTMLSelectElement, id: string): void {
    select.value = id;
    select.focus();
  }

  private connectLoaded(): void {
    const [from, to] = [this.fromSelect.value, this.toSelect.value];
    if (!this.checkEnds(from, to)) return;
    // Every relationship type, either direction: ties, not goods flows.
    const ties = new UndirectedGraph();
    this.graph.forEachNode((id) => ties.addNode(id));
    this.graph.forEachEdge((_key, _attributes, source, target) => ties.mergeEdge(source, target));
    const path = bidirectional(ties, from, to);
    if (!path) {
      this.clearPath();
      this.result.innerHTML = `<p>No chain joins ${html(this.nameOf(from))} and ${html(this.nameOf(to))} in this graph. Search the whole store, or add neighbours.</p>`;
      return;
    }
    const hops = path.slice(1).map((id, index) => this.relationshipBetween(path[index]!, id)!);
    this.showPath(path, hops, 'in this graph');
  }

  private async connectStore(): Promise<void> {
    const [from, to] = [this.fromSelect.value, this.toSelect.value];
    if (!this.checkEnds(from, to)) return;
    this.result.innerHTML = '<p class="muted">Searching the whole store…</p>';
    try {
      const answer = await api<ConnectionAnswer>('/api/connections', { from, to });
      if (!answer.found) {
        this.clearPath();
        this.result.innerHTML = `<p>No chain of up to ${answer.maxHops} relationships joins ${html(this.nameOf(from))} and ${html(this.nameOf(to))}${answer.truncated ? ' within the time budget (the search stopped early)' : ''}.</p>`;
        return;
      }
      for (const entity of answer.path) if (!this.entities.has(entity.id)) this.entities.set(entity.id, entity);
      const added = this.addRelationships(answer.relationships);
      if (added.length > 0) await this.layOut();
      this.showPath(
        answer.path.map((entity) => entity.id),
        answer.relationships,
        `in the whole store${added.length ? `; ${added.length} entit${added.length === 1 ? 'y' : 'ies'} added to the graph` : ''}`,
      );
    } catch (error) {
      this.result.innerHTML = `<p class="alert-inline">${html(error instanceof Error ? error.message : String(error))}</p>`;
    }
  }

  private checkEnds(from: string, to: string): boolean {
    if (from && to && from !== to) return true;
    this.result.innerHTML = '<p class="alert-inline">Choose two different entities: one in From, the other in To.</p>';
    return false;
  }

  private relationshipBetween(a: string, b: string): RelationshipInfo | undefined {
    const key = this.graph.hasEdge(`${a}->${b}`) ? `${a}->${b}` : `${b}->${a}`;
    const ids = this.graph.hasEdge(key) ? (this.graph.getEdgeAttribute(key, 'ids') as string[]) : [];
    return ids.length ? this.relationships.get(ids[0]!) : undefined;
  }

  private showPath(path: string[], hops: RelationshipInfo[], where: string): void {
    const edges = new Set<string>();
    path.slice(1).forEach((id, index) => {
      for (const key of [`${path[index]}->${id}`, `${id}->${path[index]}`]) if (this.graph.hasEdge(key)) edges.add(key);
    });
    this.path = { nodes: new Set(path), edges };
    this.renderer?.refresh({ skipIndexation: true });
    const steps = hops.map((edge, index) => {
      const [here, next] = [path[index]!, path[index + 1]!];
      const forward = edge.source === here;
      return `<li>${html(this.nameOf(here))} ${forward ? '→' : '←'} <strong>${html(edge.type.toLowerCase().replaceAll('_', ' '))}</strong>${edge.product ? ` ${html(edge.product)}` : ''}${edge.share !== undefined ? ` ${edge.share}%` : ''} ${forward ? '→' : '←'} ${html(this.nameOf(next))} · ${html(period(edge))}${edge.evidence ? ` <span class="grade grade-${html(edge.evidence)}">${html(edge.evidence)}</span>` : ''}${edge.source_ref ? `<br><span class="muted source-ref">Source: ${html(edge.source_ref)}</span>` : ''}</li>`;
    });
    this.result.innerHTML = `<p><strong>${hops.length} relationship${hops.length === 1 ? '' : 's'}</strong> join ${html(this.nameOf(path[0]!))} and ${html(this.nameOf(path.at(-1)!))} (${html(where)}); highlighted in the graph.</p>
      <ol class="connect-path">${steps.join('')}</ol><button type="button" class="link-button" id="connect-clear">Clear the highlight</button>`;
    this.result.querySelector('#connect-clear')!.addEventListener('click', () => {
      this.clearPath();
      this.result.innerHTML = '';
      this.fromSelect.focus();
    });
  }

  private clearPath(): void {
    this.path = undefined;
    this.renderer?.refresh({ skipIndexation: true });
  }
}

declare global {
  interface Window {
    /** The graph explorer on screen, for browser tests and debugging: each node's box in canvas pixels. */
    enduseGraphView?: { explorer: GraphExplorer; boxes(): NodeBoxOnScreen[]; frame(): void };
  }
}

function edgeLabel(edge: RelationshipInfo): string {
  const parts = [edge.type === 'SUPPLIES' ? (edge.product ?? 'supplies') : edge.type === 'OWNS' ? `owns ${edge.share ?? ''}%` : edge.type.toLowerCase().replace('_', ' ')];
  parts.push(period(edge));
  if (edge.evidence) parts.push(edge.evidence);
  return parts.join(' · ');
}

/** Graph labels stay short; the list, the dossier and the tables give full names. */
function shorten(name: string, most: number): string {
  return name.length > most ? `${name.slice(0, most - 1)}…` : name;
}
