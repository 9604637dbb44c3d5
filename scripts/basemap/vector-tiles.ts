import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { ArchiveTile } from './pmtiles-writer.ts';

const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z);
};

/**
 * Cuts GeoJSON layers into MVT tiles (geojson-vt slices and simplifies, vt-pbf encodes) for
 * every tile of `minZoom..maxZoom` that touches `bounds`; tiles with no feature are left out,
 * so a client draws them as the style's background.
 */
export function vectorTiles(
  layers: Record<string, GeoJSON.FeatureCollection>,
  o: { minZoom: number; maxZoom: number; bounds: [number, number, number, number]; tolerance?: number },
): ArchiveTile[] {
  const indexes = Object.entries(layers).map(
    ([name, fc]) =>
      [name, new GeoJSONVT(fc, { maxZoom: o.maxZoom, indexMaxZoom: o.maxZoom, indexMaxPoints: 0, tolerance: o.tolerance ?? 3, buffer: 64 })] as const,
  );
  const [w, s, e, n] = o.bounds;
  const tiles: ArchiveTile[] = [];
  for (let z = o.minZoom; z <= o.maxZoom; z++) {
    const max = 2 ** z - 1;
    for (let x = Math.max(0, tileX(w, z)); x <= Math.min(max, tileX(e, z)); x++) {
      for (let y = Math.max(0, tileY(n, z)); y <= Math.min(max, tileY(s, z)); y++) {
        const present: Record<string, unknown> = {};
        for (const [name, index] of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile && tile.features.length > 0) present[name] = tile;
        }
        if (Object.keys(present).length > 0) tiles.push({ z, x, y, data: fromGeojsonVt(present, { version: 2 }) });
      }
    }
  }
  return tiles;
}
