// Lays out the explored graph so no two labels overlap: ForceAtlas2 in a web worker places
// related entities near each other, then Noverlap pushes apart the boxes each node and its label
// take on screen. Positions are in screen pixels (sigma draws them with autoRescale off), so a
// label's width in pixels is known when the layout runs and stays true on screen at zoom 1.
import type { AbstractGraph } from 'graphology-types';
import { inferSettings } from 'graphology-layout-forceatlas2';
import fa2Worker from 'graphology-layout-forceatlas2/worker.js';
import noverlapModule from 'graphology-layout-noverlap';

/**
 * These packages are CommonJS whose types declare `export default`: TypeScript (NodeNext) sees the
 * default under `.default`, the bundler hands over module.exports itself. Either way, the value.
 */
function defaultOf<T>(imported: T | { default: T }): T {
  return (imported as { default?: T }).default ?? (imported as T);
}
const FA2LayoutSupervisor = defaultOf(fa2Worker);
const noverlap = defaultOf(noverlapModule);

/** How sigma draws labels (settings labelSize, labelWeight, labelFont): the layout measures with the same font. */
export const LABEL_STYLE = { size: 13, weight: '600', font: 'Arial' } as const;

/** Room left around each box, in pixels. */
const GAP = 4;
/** Typical edge length after the force layout, in pixels: far enough for an arrow to show. */
const EDGE_LENGTH = 70;

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

let measuring: CanvasRenderingContext2D | undefined;

/** The width in pixels of `label` drawn in the label font. */
export function labelWidth(label: string): number {
  measuring ??= document.createElement('canvas').getContext('2d')!;
  measuring.font = `${LABEL_STYLE.weight} ${LABEL_STYLE.size}px ${LABEL_STYLE.font}`;
  return measuring.measureText(label).width;
}

/**
 * The box a node of radius `size` at (x, y) and its label take on screen, in screen pixels with
 * y down: sigma draws the disc centred on the node and the label to its right (3 px after the disc),
 * on a baseline a third of the font size below the centre.
 */
export function nodeBox(x: number, y: number, size: number, label: string | undefined): Box {
  const text = label ? labelWidth(label) + 3 : 0;
  const half = Math.max(size, label ? LABEL_STYLE.size * 0.65 : 0);
  return { left: x - size, right: x + size + text, top: y - half, bottom: y + half };
}

export function overlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** ForceAtlas2 iterations: a fixed count, so a busy machine gets the same layout later, not a rougher one. */
const FORCE_ITERATIONS = 500;
/** A graph too large for FORCE_ITERATIONS in this time keeps the layout reached by then. */
const FORCE_TIME_CAP_MS = 8_000;

/**
 * Runs ForceAtlas2 in a worker for `iterations` rounds (at most `capMs`), scales the result to
 * pixels, then removes overlaps between node-and-label boxes. Nodes without x/y start near a
 * neighbour that has them.
 */
export async function layOutGraph(graph: AbstractGraph, iterations = FORCE_ITERATIONS, capMs = FORCE_TIME_CAP_MS): Promise<void> {
  if (graph.order === 0) return;
  if (graph.size > 0) {
    const supervisor = new FA2LayoutSupervisor(graph, { settings: { ...inferSettings(graph), gravity: 1, strongGravityMode: true, slowDown: 5 } });
    // The worker runs one iteration per message and the supervisor writes each result back in one
    // `updateEachNodeAttributes` call: counting those events counts iterations. A time budget
    // instead (as before) gave a rough, sprawling layout whenever the machine was busy.
    await new Promise<void>((resolve) => {
      let done = 0;
      const finish = () => {
        clearTimeout(timer);
        graph.removeListener('eachNodeAttributesUpdated', onIteration);
        resolve();
      };
      const onIteration = () => {
        if (++done >= iterations) finish();
      };
      const timer = setTimeout(finish, capMs);
      graph.on('eachNodeAttributesUpdated', onIteration);
      supervisor.start();
    });
    supervisor.kill();
  }
  scaleToPixels(graph);
  removeOverlaps(graph);
}

/** The force layout's units are arbitrary: scale so the median edge is EDGE_LENGTH pixels long. */
function scaleToPixels(graph: AbstractGraph): void {
  const lengths: number[] = [];
  graph.forEachEdge((_edge, _attributes, _source, _target, a, b) => lengths.push(Math.hypot((a.x as number) - (b.x as number), (a.y as number) - (b.y as number))));
  lengths.sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  if (median <= 0) return;
  const factor = EDGE_LENGTH / median;
  graph.updateEachNodeAttributes((_node, attributes) => ({ ...attributes, x: (attributes.x as number) * factor, y: (attributes.y as number) * factor }), { attributes: ['x', 'y'] });
}

/**
 * Noverlap keeps discs apart; a label box is wide and flat. So the layout runs in a space
 * stretched vertically until the typical box is square, each box inside the disc around it:
 * discs apart there means boxes apart on screen. Run again while any box still overlaps.
 */
function removeOverlaps(graph: AbstractGraph): void {
  const boxes = new Map<string, { width: number; height: number; size: number }>();
  graph.forEachNode((node, attributes) => {
    const box = nodeBox(0, 0, attributes.size as number, attributes.label as string | undefined);
    boxes.set(node, { width: box.right - box.left + GAP, height: box.bottom - box.top + GAP, size: attributes.size as number });
  });
  const widths = [...boxes.values()].map((box) => box.width).sort((a, b) => a - b);
  const heights = [...boxes.values()].map((box) => box.height).sort((a, b) => a - b);
  const stretch = (widths[Math.floor(widths.length / 2)] ?? 1) / (heights[Math.floor(heights.length / 2)] ?? 1);
  for (let round = 0; round < 3 && overlappingPairs(graph) > 0; round++) {
    noverlap.assign(graph, {
      maxIterations: 400,
      settings: { margin: 1, ratio: 1, expansion: 1.05, speed: 2 },
      // Discs centred on the box (the label runs right of the node), in the stretched space.
      inputReducer: (node: string, { x, y }: { x: number; y: number }) => {
        const box = boxes.get(node)!;
        return { x: x - box.size + box.width / 2, y: y * stretch, size: Math.hypot(box.width / 2, (box.height * stretch) / 2) };
      },
      outputReducer: (node: string, { x, y }: { x: number; y: number }) => {
        const box = boxes.get(node)!;
        return { x: x + box.size - box.width / 2, y: y / stretch };
      },
    });
  }
  if (overlappingPairs(graph) > 0) stackRemaining(graph);
}

/**
 * Noverlap can stall on a last pair or two (it moves one node of a pair a little per iteration,
 * and the pair's neighbours push back). What still overlaps is stacked: top to bottom, a node
 * whose box meets one already placed moves down below it, where a label box is thin. Nodes only
 * move down past placed boxes, so this ends, with no overlap left.
 */
function stackRemaining(graph: AbstractGraph): void {
  const boxOf = (id: string) => {
    const attributes = graph.getNodeAttributes(id);
    return nodeBox(attributes.x as number, attributes.y as number, attributes.size as number, attributes.label as string | undefined);
  };
  const placed: Box[] = [];
  for (const id of graph.nodes().sort((a, b) => boxOf(a).top - boxOf(b).top)) {
    let box = boxOf(id);
    for (let hit = placed.find((other) => overlap(other, box)); hit !== undefined; hit = placed.find((other) => overlap(other, box))) {
      const shift = hit.bottom - box.top + GAP;
      graph.updateNodeAttribute(id, 'y', (y) => (y as number) + shift);
      box = boxOf(id);
    }
    placed.push(box);
  }
}

/** How many pairs of node-and-label boxes overlap at the graph's positions (as pixels, zoom 1). */
export function overlappingPairs(graph: AbstractGraph): number {
  const boxes = graph.mapNodes((_node, attributes) => nodeBox(attributes.x as number, attributes.y as number, attributes.size as number, attributes.label as string | undefined));
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) pairs++;
  return pairs;
}

/**
 * Draws a label as sigma does (right of the disc, same font and baseline), on a white plate
 * inside the node's box, so edges passing behind a label do not run through its letters.
 */
export function drawLabelOnPlate(context: CanvasRenderingContext2D, data: { x: number; y: number; size: number; label?: string | null }): void {
  if (!data.label) return;
  context.font = `${LABEL_STYLE.weight} ${LABEL_STYLE.size}px ${LABEL_STYLE.font}`;
  const width = context.measureText(data.label).width;
  const half = LABEL_STYLE.size * 0.65;
  context.fillStyle = 'rgba(255, 255, 255, 0.88)';
  context.fillRect(data.x + data.size + 1, data.y - half, width + 2 + 2, half * 2);
  context.fillStyle = '#1f2430';
  context.fillText(data.label, data.x + data.size + 3, data.y + LABEL_STYLE.size / 3);
}

