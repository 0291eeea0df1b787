// The region outlines the map draws (src/web/static/region-shapes.json): one for every region the
// shipped jurisdiction rows name, wound as d3-geo reads them, with their source and licence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geoArea, geoContains } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readReference } from '../../src/load/load-datasets.ts';

const shapes = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/web/static/region-shapes.json'), 'utf8')) as FeatureCollection<Geometry, { code: string; name: string }> & {
  source: string;
  licence: string;
};

describe('region-shapes.json', () => {
  it('has an outline for every region of data/reference/jurisdictions.csv (else run node scripts/extract-region-shapes.mjs)', () => {
    const named = [...new Set(readReference().jurisdictions.map((row) => row.code).filter((code) => code.includes('-')))].sort();
    expect(named.length).toBeGreaterThan(0);
    expect(shapes.features.map((shape) => shape.properties.code)).toEqual(expect.arrayContaining(named));
  });

  it('states its source and licence', () => {
    expect(shapes.source).toContain('Natural Earth');
    expect(shapes.licence).toContain('public domain');
  });

  it('winds each outline around the region, not around the rest of the globe: Simferopol is in Crimea, Kyiv is not', () => {
    for (const shape of shapes.features) expect(geoArea(shape), shape.properties.code).toBeLessThan(0.01);
    const crimea = shapes.features.find((shape) => shape.properties.code === 'UA-43')!;
    expect(geoContains(crimea, [34.1, 44.95])).toBe(true);
    expect(geoContains(crimea, [30.52, 50.45])).toBe(false);
  });
});
