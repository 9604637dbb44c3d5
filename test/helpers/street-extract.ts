import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePmtiles } from '../../scripts/basemap/pmtiles-writer.ts';
import { vectorTiles } from '../../scripts/basemap/vector-tiles.ts';

export interface StreetExtract {
  file: string;
  center: [number, number];
  bounds: [number, number, number, number];
}

const line = (kind: string, name: string, coordinates: [number, number][]): GeoJSON.Feature => ({
  type: 'Feature',
  properties: { kind, name },
  geometry: { type: 'LineString', coordinates },
});

/**
 * A city extract as an operator would have one, in the Protomaps schema: land, a grid of minor
 * streets every ~110 m and two major roads through the middle, as PMTiles with zooms 10–15.
 */
export function writeStreetExtract(center: [number, number] = [-122.4194, 37.7749]): StreetExtract {
  const [lng, lat] = center;
  const span = 0.01;
  const bounds: [number, number, number, number] = [lng - span, lat - span, lng + span, lat + span];
  const roads: GeoJSON.Feature[] = [];
  for (let i = -9; i <= 9; i++) {
    const d = i * 0.001;
    const kind = i === 0 ? 'major_road' : 'minor_road';
    roads.push(
      line(kind, i === 0 ? 'Market Street' : `${i + 10}th Street`, [
        [lng + d, lat - span],
        [lng + d, lat + span],
      ]),
    );
    roads.push(
      line(kind, i === 0 ? 'Mission Street' : `${String.fromCharCode(74 + i)} Avenue`, [
        [lng - span, lat + d],
        [lng + span, lat + d],
      ]),
    );
  }
  const earth: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [bounds[0], bounds[1]],
              [bounds[2], bounds[1]],
              [bounds[2], bounds[3]],
              [bounds[0], bounds[3]],
              [bounds[0], bounds[1]],
            ],
          ],
        },
      },
    ],
  };
  const tiles = vectorTiles({ earth, roads: { type: 'FeatureCollection', features: roads } }, { minZoom: 10, maxZoom: 15, bounds, tolerance: 1 });
  const file = join(mkdtempSync(join(tmpdir(), 'dropline-basemap-')), 'region.pmtiles');
  writeFileSync(
    file,
    writePmtiles(tiles, { bounds, center: [lng, lat, 15], metadata: { name: 'test extract', vector_layers: [{ id: 'earth' }, { id: 'roads' }] } }),
  );
  return { file, center, bounds };
}
