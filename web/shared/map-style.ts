import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { basemapLayers } from './basemap-layers.ts';
import { fleetLayers, fleetSources } from './fleet-layers.ts';
import { COLORS, LABEL_FONT } from './map-colors.ts';

export interface MapStyleOptions {
  /** An XYZ raster tile template from the install's own tile server; null = vector basemaps only. */
  tileUrl?: string | null;
  /** The shipped low-zoom world basemap (a PMTiles file among the build's assets), absolute URL. */
  worldUrl?: string | null;
  /** The operator's PMTiles basemap (DROPLINE_BASEMAP), absolute URL; null = none configured. */
  basemapUrl?: string | null;
  /** The dashboard: devices as clustered, labelled map layers, plus open orders' destinations and routes. */
  fleet?: boolean;
}

const empty = { type: 'FeatureCollection' as const, features: [] };

/**
 * A style that needs nothing from another origin: vector basemaps read by the `pmtiles://`
 * protocol from this server (the shipped world file and, when configured, the operator's
 * extract), labels rasterised in the browser (no `glyphs` URL), no sprite (no icons: places and
 * roads are labelled with text only). With a raster tile URL, its tiles go under the overlays.
 */
export function mapStyle(o: MapStyleOptions = {}): StyleSpecification {
  const vector = (url: string) => ({ type: 'vector' as const, url: `pmtiles://${url}` });
  const layers: LayerSpecification[] = [{ id: 'water', type: 'background', paint: { 'background-color': COLORS.water } }];
  if (o.tileUrl) layers.push({ id: 'tiles', type: 'raster', source: 'tiles' });
  else {
    if (o.worldUrl) layers.push(...worldLayers());
    if (o.basemapUrl) layers.push(...basemapLayers('region'));
  }
  layers.push(...overlayLayers());
  if (o.fleet) layers.push(...fleetLayers());
  return {
    version: 8,
    sources: {
      ...(o.tileUrl ? { tiles: { type: 'raster' as const, tiles: [o.tileUrl], tileSize: 256, maxzoom: 19 } } : {}),
      ...(o.worldUrl && !o.tileUrl ? { world: vector(o.worldUrl) } : {}),
      ...(o.basemapUrl && !o.tileUrl ? { region: vector(o.basemapUrl) } : {}),
      path: { type: 'geojson', data: empty },
      destination: { type: 'geojson', data: empty },
      ...(o.fleet ? fleetSources() : {}),
    },
    layers,
  };
}

/** Bigger places first as the map zooms in: the shipped file has every city of 300,000 people or more. */
const placesByZoom: ExpressionSpecification = ['>=', ['get', 'population'], ['step', ['zoom'], 5_000_000, 3, 2_000_000, 4, 1_000_000, 5, 500_000, 6, 300_000]];

function worldLayers(): LayerSpecification[] {
  return [
    // No antialiasing: its outline would trace the tile edges where geojson-vt clipped the land.
    { id: 'world-earth', type: 'fill', source: 'world', 'source-layer': 'earth', paint: { 'fill-color': COLORS.land, 'fill-antialias': false } },
    {
      id: 'world-borders',
      type: 'line',
      source: 'world',
      'source-layer': 'boundaries',
      paint: { 'line-color': COLORS.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.6, 6, 1.4], 'line-dasharray': [3, 2] },
    },
    {
      id: 'world-places',
      type: 'symbol',
      source: 'world',
      'source-layer': 'places',
      // The operator's extract labels its own places from here on.
      maxzoom: 10,
      filter: placesByZoom,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 2, 11, 8, 14],
        'symbol-sort-key': ['-', 0, ['get', 'population']],
      },
      paint: { 'text-color': COLORS.label, 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1.5 },
    },
  ];
}

function overlayLayers(): LayerSpecification[] {
  return [
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
  ];
}
