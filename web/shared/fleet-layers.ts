import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { COLORS, LABEL_FONT } from './map-colors.ts';

const empty = { type: 'FeatureCollection' as const, features: [] };

/** The dashboard's fleet: open orders' destinations and routes, and every device, clustered when zoomed out. */
export const fleetSources = (): Record<string, SourceSpecification> => ({
  'fleet-routes': { type: 'geojson', data: empty },
  'fleet-destinations': { type: 'geojson', data: empty },
  // Clusters merge devices closer than 48 px up to street zoom; from 14 on every device shows with its name.
  devices: { type: 'geojson', data: empty, cluster: true, clusterRadius: 48, clusterMaxZoom: 13 },
});

const single = (): ExpressionSpecification => ['!', ['has', 'point_count']];

export const fleetLayers = (): LayerSpecification[] => [
  {
    id: 'fleet-routes',
    type: 'line',
    source: 'fleet-routes',
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': COLORS.path, 'line-width': 2, 'line-opacity': 0.55, 'line-dasharray': [2, 2] },
  },
  {
    id: 'fleet-destinations',
    type: 'circle',
    source: 'fleet-destinations',
    paint: {
      'circle-radius': 5,
      'circle-color': ['case', ['get', 'at_risk'], COLORS.destination, '#ffffff'],
      'circle-stroke-color': COLORS.destination,
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'device-clusters',
    type: 'circle',
    source: 'devices',
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': COLORS.marker,
      'circle-opacity': 0.85,
      'circle-radius': ['step', ['get', 'point_count'], 14, 10, 18, 50, 24, 200, 30],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'device-cluster-count',
    type: 'symbol',
    source: 'devices',
    filter: ['has', 'point_count'],
    layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': LABEL_FONT, 'text-size': 12, 'text-allow-overlap': true },
    paint: { 'text-color': '#ffffff' },
  },
  {
    id: 'device-points',
    type: 'circle',
    source: 'devices',
    filter: single(),
    paint: {
      'circle-radius': ['case', ['get', 'selected'], 11, 9],
      'circle-color': ['case', ['get', 'selected'], COLORS.path, COLORS.marker],
      'circle-opacity': ['case', ['get', 'stale'], 0.45, 1],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'device-heading',
    type: 'symbol',
    source: 'devices',
    filter: ['all', single(), ['has', 'bearing']],
    layout: {
      'text-field': '▲',
      'text-font': LABEL_FONT,
      'text-size': 9,
      'text-rotate': ['get', 'bearing'],
      'text-rotation-alignment': 'map',
      'text-allow-overlap': true,
      'text-ignore-placement': true,
    },
    paint: { 'text-color': '#ffffff' },
  },
  {
    id: 'device-labels',
    type: 'symbol',
    source: 'devices',
    filter: single(),
    layout: {
      'text-field': ['get', 'label'],
      'text-font': LABEL_FONT,
      'text-size': 12,
      'text-anchor': 'top',
      'text-offset': [0, 1.1],
      'symbol-sort-key': ['case', ['get', 'selected'], 0, 1],
    },
    paint: { 'text-color': COLORS.marker, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  },
];
