/// <reference lib="dom" />
// Zoom and pan for the world map (d3-zoom: wheel, drag, pinch, double-click), with buttons for
// keyboard and touch. Labels, markers and borders keep their size on screen whatever the zoom
// and the map's width: on a phone the 960-unit map is drawn ~350 px wide, and unscaled 13-unit
// labels would be 4 px tall.
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';

/** Kept across redraws: a new date or source keeps the place the reader zoomed to. */
let transform: ZoomTransform = zoomIdentity;
let behaviour: ZoomBehavior<SVGSVGElement, unknown> | undefined;
let resizeWatch: ResizeObserver | undefined;

const MAX_ZOOM = 12;

/**
 * Makes the map's `svg` zoomable: its `g.zoom-layer` moves, every `.keep-size` element inside is
 * scaled back to its size on screen. Adds the zoom buttons after `container` once.
 */
export function attachMapZoom(container: HTMLElement, width: number, height: number): void {
  const svg = container.querySelector<SVGSVGElement>('svg');
  const layer = svg?.querySelector<SVGGElement>('g.zoom-layer');
  if (!svg || !layer) return;
  const keepSize = () => {
    const shown = svg.getBoundingClientRect().width || width;
    // Units per screen pixel at this zoom: labels written in screen pixels are multiplied by it.
    const unit = width / shown / transform.k;
    svg.style.setProperty('--unit', String(unit));
    for (const element of svg.querySelectorAll<SVGGElement>('.keep-size')) element.setAttribute('transform', `scale(${unit.toFixed(4)})`);
  };
  behaviour = zoom<SVGSVGElement, unknown>()
    .scaleExtent([1, MAX_ZOOM])
    .translateExtent([
      [0, 0],
      [width, height],
    ])
    .extent([
      [0, 0],
      [width, height],
    ])
    .on('zoom', (event: { transform: ZoomTransform }) => {
      transform = event.transform;
      layer.setAttribute('transform', transform.toString());
      svg.dataset.zoom = transform.k.toFixed(2);
      keepSize();
    });
  select(svg).call(behaviour).call(behaviour.transform, transform);
  keepSize();
  resizeWatch?.disconnect();
  resizeWatch = new ResizeObserver(keepSize);
  resizeWatch.observe(svg);
  addButtons(container, svg);
}

/** Zooms by `factor` around the map's centre (the buttons, and tests). */
export function zoomMapBy(container: HTMLElement, factor: number): void {
  const svg = container.querySelector<SVGSVGElement>('svg');
  if (svg && behaviour) select(svg).call(behaviour.scaleBy, factor);
}

function addButtons(container: HTMLElement, svg: SVGSVGElement): void {
  const parent = container.parentElement;
  if (!parent || parent.querySelector('.map-zoom')) return;
  const controls = document.createElement('div');
  controls.className = 'map-zoom';
  controls.setAttribute('role', 'group');
  controls.setAttribute('aria-label', 'Zoom the map');
  controls.innerHTML =
    '<button type="button" data-zoom="in" aria-label="Zoom in">+</button><button type="button" data-zoom="out" aria-label="Zoom out">−</button><button type="button" data-zoom="reset" aria-label="Show the whole world">⟲</button>';
  controls.addEventListener('click', (event) => {
    const which = (event.target as HTMLElement).closest<HTMLButtonElement>('button')?.dataset.zoom;
    const current = container.querySelector<SVGSVGElement>('svg') ?? svg;
    if (!behaviour || !which) return;
    if (which === 'reset') select(current).call(behaviour.transform, zoomIdentity);
    else select(current).call(behaviour.scaleBy, which === 'in' ? 2 : 0.5);
  });
  container.insertAdjacentElement('afterend', controls);
}
