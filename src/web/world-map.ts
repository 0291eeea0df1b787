// The world map: countries coloured by how many flagged end users goods can reach there, the
// regions (ISO 3166-2) a jurisdiction flag attaches to, and the routes drawn across it. Country
// shapes come from the world-atlas package, region outlines from region-shapes.json (Natural
// Earth admin-1, extracted by scripts/extract-region-shapes.mjs); both are served by this server.
import { geoNaturalEarth1, geoPath, geoCentroid, geoGraticule10 } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { RegionInfo, RegionsAnswer } from './api-types.ts';
import { alpha2FromNumeric, countryName, html, humanDay, isRegion } from './format.ts';
import { attachMapZoom } from './map-zoom.ts';
import { flagSummary, regionCaption, regionLabel, regionWithoutFlags } from './region-captions.ts';

export interface JurisdictionExposure {
  country: string;
  /** Flagged parties reachable there. */
  flagged: number;
  /** Every entity reachable there, flagged or not. */
  reachable: number;
  /** Names of the flagged parties. */
  names: string[];
}

export interface MapRoute {
  /** Countries along the route, source first. */
  countries: string[];
}

const WIDTH = 960;
const HEIGHT = 440;
/** Sequential reds for 1, 2, 3-4, 5+ flagged end users. */
export const EXPOSURE_COLOURS = ['#fc8d6b', '#f0593a', '#d42a22', '#a50f15'];
/** Countries the goods reach or pass without a flagged party there. */
export const PASSED_COLOUR = '#f3c96b';

export function exposureColour(count: number): string | undefined {
  if (count <= 0) return undefined;
  if (count === 1) return EXPOSURE_COLOURS[0];
  if (count === 2) return EXPOSURE_COLOURS[1];
  if (count <= 4) return EXPOSURE_COLOURS[2];
  return EXPOSURE_COLOURS[3];
}

let shapes: Promise<Feature<Geometry, { name: string }>[]> | undefined;

function countryShapes(): Promise<Feature<Geometry, { name: string }>[]> {
  shapes ??= fetch('/vendor/world-atlas/countries-50m.json')
    .then((response) => response.json() as Promise<Topology<{ countries: GeometryCollection<{ name: string }> }>>)
    .then((topology) => (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features);
  return shapes;
}

let regionOutlines: Promise<Map<string, Feature<Geometry, { code: string; name: string }>>> | undefined;

/** Outlines of the regions the shipped jurisdiction rows name; a region without one gets a marker. */
function regionShapes(): Promise<Map<string, Feature<Geometry, { code: string; name: string }>>> {
  regionOutlines ??= fetch('/region-shapes.json')
    .then((response) => response.json() as Promise<FeatureCollection<Geometry, { code: string; name: string }>>)
    .then((collection) => new Map(collection.features.map((shape) => [shape.properties.code, shape])));
  return regionOutlines;
}

/** ISO numeric code of Antarctica: left out, so the inhabited world fills the panel. */
const ANTARCTICA = '010';
const projection = geoNaturalEarth1();
const path = geoPath(projection);
let fitted = false;

/**
 * Draws the map into `container`: exposure by country, the regions under a flag (and those an
 * entity is in), the source, and route lines; `regionBox` lists the regions and shows the flags
 * of the one hovered, tapped or focused.
 */
export async function drawWorldMap(
  container: HTMLElement,
  exposure: readonly JurisdictionExposure[],
  routes: readonly MapRoute[],
  sourceCountry: string | undefined,
  regions: RegionsAnswer,
  regionBox: HTMLElement,
): Promise<void> {
  const [allCountries, outlines] = await Promise.all([countryShapes(), regionShapes()]);
  const features = allCountries.filter((shape) => String(shape.id) !== ANTARCTICA);
  if (!fitted) {
    projection.fitExtent(
      [
        [6, 6],
        [WIDTH - 6, HEIGHT - 6],
      ],
      { type: 'FeatureCollection', features },
    );
    fitted = true;
  }
  const byCountry = new Map(exposure.map((entry) => [entry.country, entry]));
  const flaggedCountries = new Map(regions.countries.map((country) => [country.code, country]));
  const centroids = new Map<string, [number, number]>();
  const hatches: string[] = [];
  const countryPaths = features
    .map((shape) => {
      const code = alpha2FromNumeric(shape.id);
      const entry = code ? byCountry.get(code) : undefined;
      const flags = code ? flaggedCountries.get(code) : undefined;
      const fill = entry ? (exposureColour(entry.flagged) ?? PASSED_COLOUR) : undefined;
      if (code) centroids.set(code, geoCentroid(shape));
      const classes = ['country', entry && entry.flagged > 0 ? 'exposed' : '', code && code === sourceCountry ? 'source' : '', flags ? 'flagged-jurisdiction' : ''].filter(Boolean).join(' ');
      const d = path(shape) ?? '';
      if (flags) hatches.push(`<path class="flag-hatch" d="${d}"/>`);
      // Countries the answer or a flag is about are focusable: their caption says why; the others only show their name on hover.
      const focusable = code && (entry || flags) ? ` tabindex="0" role="button" aria-label="${html(countryLabel(code, entry, flags))}"` : '';
      return `<path class="${classes}" data-country="${html(code ?? '')}" data-name="${html(countryName(code) || shape.properties.name)}"${focusable} d="${d}"${fill ? ` style="fill:${fill}"` : ''}/>`;
    })
    .join('');
  // Regions: those a flag attaches to, and those a reached entity, the source or a route is in.
  const regionsByCode = new Map(regions.regions.map((region) => [region.code, region]));
  const regionCodes = [...new Set([...regionsByCode.keys(), ...exposure.map((entry) => entry.country), ...routes.flatMap((route) => route.countries), ...(sourceCountry ? [sourceCountry] : [])])]
    .filter(isRegion)
    .sort();
  const regionShapesDrawn = regionCodes
    .map((code) => {
      const outline = outlines.get(code);
      const centre = outline ? geoCentroid(outline) : centroids.get(code.slice(0, 2));
      if (!centre) return '';
      centroids.set(code, centre);
      const region = regionsByCode.get(code);
      const entry = byCountry.get(code);
      const fill = entry ? (exposureColour(entry.flagged) ?? PASSED_COLOUR) : undefined;
      const classes = ['region', region ? 'under-flag' : '', entry && entry.flagged > 0 ? 'exposed' : '', code === sourceCountry ? 'source' : ''].filter(Boolean).join(' ');
      const label = regionLabel(region ?? regionWithoutFlags(code));
      const focusable = `data-region="${html(code)}" data-name="${html(countryName(code))}" tabindex="0" role="button" aria-label="${html(label)}"`;
      if (outline) return `<path class="${classes}" ${focusable} d="${path(outline) ?? ''}"${fill ? ` style="fill:${fill}"` : ''}/>`;
      // No outline shipped for this region: a marker at its country's centre, with its name and code.
      const point = projection(centre);
      if (!point) return '';
      const name = countryName(code);
      return `<g class="${classes} region-marker" ${focusable} transform="translate(${point[0].toFixed(1)},${point[1].toFixed(1)})"><g class="keep-size"><rect x="-5" y="-5" width="10" height="10" transform="rotate(45)"${fill ? ` style="fill:${fill}"` : ''}/><text y="-9">${html(name.includes(code) ? name : `${name} (${code})`)}</text></g></g>`;
    })
    .join('');
  const routeLines = routes
    .map((route) => {
      const points = route.countries.map((code) => centroids.get(code)).filter((point): point is [number, number] => point !== undefined);
      if (points.length < 2) return '';
      return `<path class="route-line" d="${path({ type: 'LineString', coordinates: points }) ?? ''}"/>`;
    })
    .join('');
  const markers = [...byCountry.values()]
    .filter((entry) => entry.flagged > 0)
    .map((entry) => {
      const centre = centroids.get(entry.country);
      const point = centre ? projection(centre) : null;
      if (!point) return '';
      return `<g class="marker" transform="translate(${point[0].toFixed(1)},${point[1].toFixed(1)})"><g class="keep-size"><circle r="${5 + Math.min(entry.flagged, 6)}"/><text y="-12">${html(countryName(entry.country))}</text></g></g>`;
    })
    .join('');
  const source = sourceCountry ? centroids.get(sourceCountry) : undefined;
  const sourcePoint = source ? projection(source) : null;
  const sourceMarker = sourcePoint
    ? `<g class="source-marker" transform="translate(${sourcePoint[0].toFixed(1)},${sourcePoint[1].toFixed(1)})"><g class="keep-size"><circle r="5"/><text y="18">${html(countryName(sourceCountry))} (source)</text></g></g>`
    : '';
  const reached = exposure.filter((entry) => entry.flagged > 0).map((entry) => countryName(entry.country)).join(', ');
  // A group, not an image: the regions in it are focusable, and an image's children are hidden from assistive technology.
  container.innerHTML = `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group" aria-label="${html(
    reached ? `World map: flagged end users reachable in ${reached}` : 'World map: no flagged end users reachable',
  )}"><defs><pattern id="region-hatch" patternUnits="userSpaceOnUse" width="3" height="3" patternTransform="rotate(45)"><rect width="3" height="3" fill="#e8d9f1"/><line x1="0" y1="0" x2="0" y2="3" stroke="#6a3d9a" stroke-width="1.4"/></pattern><pattern id="country-hatch" patternUnits="userSpaceOnUse" width="4" height="4" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="4" stroke="#4a1f73" stroke-width="0.9"/></pattern></defs><rect class="sea" width="${WIDTH}" height="${HEIGHT}" rx="6"/><g class="zoom-layer"><path class="graticule" d="${path(geoGraticule10()) ?? ''}"/>${countryPaths}<g class="flag-hatches">${hatches.join('')}</g>${regionShapesDrawn}${routeLines}<g class="route-changes"></g>${sourceMarker}${markers}<g class="place-label" hidden><g class="keep-size"><text y="-6"></text></g></g></g></svg>`;
  lastCentroids = centroids;
  attachMapZoom(container, WIDTH, HEIGHT);
  showRegionList(regionBox, regions, exposure, regionCodes);
  wireRegionCaption(container, regionBox);
}

/** The accessible name of a country's shape: its name, what the answer reaches there, and its own flags. */
function countryLabel(code: string, entry: JurisdictionExposure | undefined, flags: RegionInfo | undefined): string {
  const reached = entry
    ? entry.flagged > 0
      ? `${entry.flagged} flagged part${entry.flagged === 1 ? 'y' : 'ies'} reachable (${entry.names.join(', ')})`
      : `${entry.reachable} reachable, none flagged`
    : 'not reached';
  return `${countryName(code)}: ${reached}${flags ? `; the jurisdiction is flagged: ${flags.flags.map(flagSummary).join('; ')}` : ''}`;
}

/** Country centres of the last drawing, in longitude and latitude, for the route-change overlay. */
let lastCentroids = new Map<string, [number, number]>();

/**
 * Draws the routes that appeared (solid green) and disappeared (dashed grey) between two dates
 * over the last map drawn; called again with empty lists it clears them.
 */
export function drawRouteChanges(container: HTMLElement, added: readonly MapRoute[], removed: readonly MapRoute[]): void {
  const layer = container.querySelector('g.route-changes');
  if (!layer) return;
  const line = (route: MapRoute, kind: string) => {
    const points = route.countries.map((code) => lastCentroids.get(code)).filter((point): point is [number, number] => point !== undefined);
    return points.length < 2 ? '' : `<path class="route-change route-${kind}" d="${path({ type: 'LineString', coordinates: points }) ?? ''}"/>`;
  };
  layer.innerHTML = [...removed.map((route) => line(route, 'removed')), ...added.map((route) => line(route, 'added'))].join('');
}

/** What the caption reads from: the places drawn, those under a flag (regions and countries), and the flagged parties in each, of the last drawing. */
let shown: { drawn: Set<string>; regions: Map<string, RegionInfo>; flaggedHere: Map<string, string[]> } = { drawn: new Set(), regions: new Map(), flaggedHere: new Map() };

/** Lists the regions and the countries under a flag as buttons (reachable by touch and keyboard) above an empty caption. */
function showRegionList(box: HTMLElement, regions: RegionsAnswer, exposure: readonly JurisdictionExposure[], drawn: readonly string[]): void {
  const places = [...drawn, ...regions.countries.map((country) => country.code), ...exposure.map((entry) => entry.country)];
  shown = {
    drawn: new Set(places),
    regions: new Map([...regions.regions, ...regions.countries].map((region) => [region.code, region])),
    flaggedHere: new Map(exposure.map((entry) => [entry.country, entry.names])),
  };
  box.hidden = places.length === 0;
  const law = regions.regime === 'all' ? 'any regime' : `${regions.regime.toUpperCase()} law`;
  const buttons = (list: readonly RegionInfo[], listClass: string) =>
    `<ul class="${listClass}">${list.map((region) => `<li><button type="button" class="region-button" data-region="${html(region.code)}">${html(region.code.length === 2 ? countryName(region.code) : region.name)} <span class="muted">${html(region.code)}</span></button></li>`).join('')}</ul>`;
  const regionList = regions.regions.length === 0 ? '' : `<p class="region-intro">Regions under a flag on ${html(humanDay(regions.asOf))} (${html(law)}), outlined and hatched on the map; hover, tap or focus one to read its flags:</p>${buttons(regions.regions, 'region-list')}`;
  // Reached countries first: those are the ones the answer is about.
  const reached = new Set(exposure.map((entry) => entry.country));
  const countries = [...regions.countries].sort((a, b) => Number(reached.has(b.code)) - Number(reached.has(a.code)) || countryName(a.code).localeCompare(countryName(b.code)));
  const countryList =
    countries.length === 0
      ? ''
      : `<details class="flagged-countries"${countries.some((country) => reached.has(country.code)) ? ' open' : ''}><summary>Countries flagged in themselves on ${html(humanDay(regions.asOf))} (${html(law)}): ${countries.length}, hatched on the map</summary>${buttons(countries, 'country-list')}</details>`;
  box.innerHTML = places.length === 0 ? '' : `${regionList}${countryList}<div id="map-caption" class="map-caption" aria-live="polite"></div>`;
}

const wired = new WeakSet<HTMLElement>();

/** The caption of a place: a region's or country's flags with their sources, and the flagged parties reached there. */
function captionOf(code: string): { title: string; flags: string[]; reached: string | undefined } {
  const region = shown.regions.get(code);
  if (isRegion(code)) return regionCaption(region ?? regionWithoutFlags(code), shown.flaggedHere.get(code));
  if (region) return { ...regionCaption(region, shown.flaggedHere.get(code)), title: `${countryName(code)} (${code}): the jurisdiction is flagged` };
  const names = shown.flaggedHere.get(code) ?? [];
  return { title: `${countryName(code)} (${code})`, flags: ['no jurisdiction flag of its own on this date'], reached: names.length > 0 ? `${names.length} flagged part${names.length === 1 ? 'y' : 'ies'} reachable here: ${names.join(', ')}` : undefined };
}

/**
 * Shows a place's flags in the caption when its shape or button is hovered, clicked (tapped) or
 * focused, and its name beside it on the map (small countries are too small to carry a label).
 */
function wireRegionCaption(map: HTMLElement, box: HTMLElement): void {
  const show = (event: Event) => {
    const target = (event.target as Element).closest?.('[data-region], [data-country]');
    const code = target?.getAttribute('data-region') || target?.getAttribute('data-country');
    if (target && map.contains(target)) labelPlace(map, target);
    const caption = box.querySelector<HTMLElement>('#map-caption');
    if (!code || !shown.drawn.has(code) || !caption) return;
    const { title, flags, reached } = captionOf(code);
    caption.dataset.region = code;
    caption.innerHTML = `<strong>${html(title)}</strong><ul>${flags.map((flag) => `<li>${html(flag)}</li>`).join('')}</ul>${reached ? `<p>${html(reached)}</p>` : ''}`;
  };
  const hide = () => map.querySelector('g.place-label')?.setAttribute('hidden', '');
  for (const element of [map, box]) {
    if (wired.has(element)) continue;
    wired.add(element);
    for (const type of ['focusin', 'mouseover', 'click']) element.addEventListener(type, show);
  }
  if (!wired.has(map.parentElement ?? map)) {
    wired.add(map.parentElement ?? map);
    map.addEventListener('mouseleave', hide);
    map.addEventListener('focusout', hide);
  }
}

/** Writes the place's name beside its centre, above everything else on the map. */
function labelPlace(map: HTMLElement, target: Element): void {
  const label = map.querySelector<SVGGElement>('g.place-label');
  const code = target.getAttribute('data-region') || target.getAttribute('data-country');
  const centre = code ? lastCentroids.get(code) : undefined;
  const point = centre ? projection(centre) : null;
  if (!label || !point) return;
  label.setAttribute('transform', `translate(${point[0].toFixed(1)},${point[1].toFixed(1)})`);
  label.querySelector('text')!.textContent = target.getAttribute('data-name') ?? code;
  label.removeAttribute('hidden');
}
