import type { StyleSpecification } from 'maplibre-gl';

export interface MapStyleOptions {
  /** An XYZ raster tile template from the install's own tile server; null = outlines only. */
  tileUrl?: string | null;
}

export const COLORS = {
  water: '#dfe9f3',
  land: '#f7f6f2',
  border: '#b9bfc9',
  path: '#2563eb',
  destination: '#dc2626',
  marker: '#111827',
} as const;

/**
 * A style that needs nothing from the internet: no glyphs, sprites or remote sources. Countries
 * come from the shipped world-atlas outlines (added as the `basemap` GeoJSON source at load);
 * labels are HTML, so no font server is needed. With a tile URL, its raster tiles go underneath.
 */
export function mapStyle(o: MapStyleOptions = {}): StyleSpecification {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  return {
    version: 8,
    sources: {
      ...(o.tileUrl ? { tiles: { type: 'raster' as const, tiles: [o.tileUrl], tileSize: 256, maxzoom: 19 } } : {}),
      basemap: { type: 'geojson', data: empty },
      path: { type: 'geojson', data: empty },
      destination: { type: 'geojson', data: empty },
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': COLORS.water } },
      ...(o.tileUrl
        ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }]
        : [
            { id: 'land', type: 'fill' as const, source: 'basemap', paint: { 'fill-color': COLORS.land } },
            { id: 'borders', type: 'line' as const, source: 'basemap', paint: { 'line-color': COLORS.border, 'line-width': 0.8 } },
          ]),
      {
        id: 'destination-area',
        type: 'circle',
        source: 'destination',
        paint: {
          'circle-radius': 10,
          'circle-color': COLORS.destination,
          'circle-opacity': 0.2,
          'circle-stroke-color': COLORS.destination,
          'circle-stroke-width': 2,
        },
      },
      {
        id: 'path',
        type: 'line',
        source: 'path',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': COLORS.path, 'line-width': 4 },
      },
    ],
  };
}
