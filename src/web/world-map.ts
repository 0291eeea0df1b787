// The world map: countries coloured by how many flagged end users goods can reach there, with
// the routes drawn across it. Shapes come from the world-atlas package, served by this server.
import { geoNaturalEarth1, geoPath, geoCentroid, geoGraticule10 } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { alpha2FromNumeric, countryName, html } from './format.ts';

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

/** ISO numeric code of Antarctica: left out, so the inhabited world fills the panel. */
const ANTARCTICA = '010';
const projection = geoNaturalEarth1();
const path = geoPath(projection);
let fitted = false;

/** Draws the map into `container`: exposure by country, the source's country, and route lines. */
export async function drawWorldMap(
  container: HTMLElement,
  exposure: readonly JurisdictionExposure[],
  routes: readonly MapRoute[],
  sourceCountry: string | undefined,
): Promise<void> {
  const features = (await countryShapes()).filter((shape) => String(shape.id) !== ANTARCTICA);
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
  const centroids = new Map<string, [number, number]>();
  const countryPaths = features
    .map((shape) => {
      const code = alpha2FromNumeric(shape.id);
      const entry = code ? byCountry.get(code) : undefined;
      const fill = entry ? (exposureColour(entry.flagged) ?? PASSED_COLOUR) : undefined;
      if (code) centroids.set(code, geoCentroid(shape));
      const classes = ['country', entry && entry.flagged > 0 ? 'exposed' : '', code && code === sourceCountry ? 'source' : ''].filter(Boolean).join(' ');
      const title = entry
        ? entry.flagged > 0
          ? `${countryName(code)}: ${entry.flagged} flagged part${entry.flagged === 1 ? 'y' : 'ies'} reachable (${entry.names.join(', ')})`
          : `${countryName(code)}: ${entry.reachable} reachable, none flagged`
        : countryName(code) || shape.properties.name;
      return `<path class="${classes}" data-country="${html(code ?? '')}" d="${path(shape) ?? ''}"${fill ? ` style="fill:${fill}"` : ''}><title>${html(title)}</title></path>`;
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
      return `<g class="marker" transform="translate(${point[0].toFixed(1)},${point[1].toFixed(1)})"><circle r="${5 + Math.min(entry.flagged, 6)}"/><text y="-12">${html(countryName(entry.country))}</text></g>`;
    })
    .join('');
  const source = sourceCountry ? centroids.get(sourceCountry) : undefined;
  const sourcePoint = source ? projection(source) : null;
  const sourceMarker = sourcePoint
    ? `<g class="source-marker" transform="translate(${sourcePoint[0].toFixed(1)},${sourcePoint[1].toFixed(1)})"><circle r="5"/><text y="18">${html(countryName(sourceCountry))} (source)</text></g>`
    : '';
  const reached = exposure.filter((entry) => entry.flagged > 0).map((entry) => countryName(entry.country)).join(', ');
  container.innerHTML = `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${html(
    reached ? `World map: flagged end users reachable in ${reached}` : 'World map: no flagged end users reachable',
  )}"><rect class="sea" width="${WIDTH}" height="${HEIGHT}" rx="6"/><path class="graticule" d="${path(geoGraticule10()) ?? ''}"/>${countryPaths}${routeLines}${sourceMarker}${markers}</svg>`;
}
