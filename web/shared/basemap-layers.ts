import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { COLORS, LABEL_FONT } from './map-colors.ts';

const width = (at10: number, at15: number, at18: number): ExpressionSpecification => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  10,
  at10,
  15,
  at15,
  18,
  at18,
];
const kindIn = (key: string, kinds: string[]): FilterSpecification => ['in', ['get', key], ['literal', kinds]];
const polygons: FilterSpecification = ['==', ['geometry-type'], 'Polygon'];
const lines: FilterSpecification = ['==', ['geometry-type'], 'LineString'];

/**
 * The two vector schemas an operator is likely to have: Protomaps basemaps (layers `earth`,
 * `water`, `roads` with `kind`…, what the Protomaps builds and `pmtiles extract` give) and
 * OpenMapTiles (layers `water`, `transportation` with `class`…, what planetiler and
 * tilemaker give by default). A layer naming a source layer the file lacks draws nothing, so one
 * style serves either file.
 */
export function basemapLayers(source: string): LayerSpecification[] {
  const s = (layer: string) => ({ source, 'source-layer': layer });
  const roadLayers = (
    id: string,
    layer: string,
    key: string,
    groups: { kinds: string[]; color: string; w: [number, number, number]; casing?: boolean }[],
  ): LayerSpecification[] => [
    ...groups
      .filter((g) => g.casing)
      .map(
        (g, i): LayerSpecification => ({
          id: `${id}-casing-${i}`,
          type: 'line',
          ...s(layer),
          minzoom: 12,
          filter: kindIn(key, g.kinds),
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': COLORS.casing, 'line-width': width(g.w[0] + 1, g.w[1] + 2, g.w[2] + 3) },
        }),
      ),
    ...groups.map(
      (g, i): LayerSpecification => ({
        id: `${id}-${i}`,
        type: 'line',
        ...s(layer),
        filter: kindIn(key, g.kinds),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': g.color, 'line-width': width(...g.w) },
      }),
    ),
  ];
  const roadGroups = (minor: string[], major: string[], highway: string[], path: string[]) => [
    { kinds: path, color: COLORS.minorRoad, w: [0.3, 1.2, 3] as [number, number, number] },
    { kinds: minor, color: COLORS.minorRoad, w: [0.5, 5, 16] as [number, number, number], casing: true },
    { kinds: major, color: COLORS.majorRoad, w: [1, 7, 22] as [number, number, number], casing: true },
    { kinds: highway, color: COLORS.highway, w: [1.5, 8, 26] as [number, number, number], casing: true },
  ];
  const label = (id: string, layer: string, extra: Partial<LayerSpecification> & { layout?: object }): LayerSpecification =>
    ({
      id,
      type: 'symbol',
      ...s(layer),
      ...extra,
      layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 12, ...extra.layout },
      paint: { 'text-color': COLORS.label, 'text-halo-color': COLORS.labelHalo, 'text-halo-width': 1.5 },
    }) as LayerSpecification;
  return [
    // Protomaps basemap schema
    { id: `${source}-earth`, type: 'fill', ...s('earth'), paint: { 'fill-color': COLORS.land } },
    {
      id: `${source}-landcover`,
      type: 'fill',
      ...s('landcover'),
      filter: kindIn('kind', ['forest', 'grassland', 'scrub']),
      paint: { 'fill-color': COLORS.park },
    },
    {
      id: `${source}-landuse`,
      type: 'fill',
      ...s('landuse'),
      filter: kindIn('kind', ['park', 'forest', 'wood', 'grass', 'garden', 'golf_course', 'nature_reserve', 'cemetery', 'playground', 'meadow']),
      paint: { 'fill-color': COLORS.park },
    },
    { id: `${source}-water`, type: 'fill', ...s('water'), filter: polygons, paint: { 'fill-color': COLORS.water } },
    { id: `${source}-water-lines`, type: 'line', ...s('water'), filter: lines, paint: { 'line-color': COLORS.water, 'line-width': width(1, 3, 8) } },
    // OpenMapTiles schema (its `water` layer is drawn by the fill above: same name, polygons)
    {
      id: `${source}-omt-landcover`,
      type: 'fill',
      ...s('landcover'),
      filter: kindIn('class', ['wood', 'grass', 'farmland']),
      paint: { 'fill-color': COLORS.park },
    },
    { id: `${source}-omt-park`, type: 'fill', ...s('park'), paint: { 'fill-color': COLORS.park } },
    { id: `${source}-omt-waterway`, type: 'line', ...s('waterway'), paint: { 'line-color': COLORS.water, 'line-width': width(1, 3, 8) } },
    { id: `${source}-buildings`, type: 'fill', ...s('buildings'), minzoom: 14, paint: { 'fill-color': COLORS.building } },
    { id: `${source}-omt-building`, type: 'fill', ...s('building'), minzoom: 14, paint: { 'fill-color': COLORS.building } },
    {
      id: `${source}-rail`,
      type: 'line',
      ...s('roads'),
      filter: kindIn('kind', ['rail']),
      paint: { 'line-color': COLORS.rail, 'line-width': width(0.5, 1.5, 3) },
    },
    ...roadLayers(`${source}-roads`, 'roads', 'kind', roadGroups(['minor_road', 'other'], ['major_road'], ['highway'], ['path'])),
    ...roadLayers(
      `${source}-omt-roads`,
      'transportation',
      'class',
      roadGroups(['minor', 'service', 'street', 'residential'], ['primary', 'secondary', 'tertiary'], ['motorway', 'trunk'], ['path', 'track', 'footway']),
    ),
    { id: `${source}-boundaries`, type: 'line', ...s('boundaries'), paint: { 'line-color': COLORS.border, 'line-width': 1, 'line-dasharray': [3, 2] } },
    { id: `${source}-omt-boundary`, type: 'line', ...s('boundary'), paint: { 'line-color': COLORS.border, 'line-width': 1, 'line-dasharray': [3, 2] } },
    label(`${source}-road-labels`, 'roads', { minzoom: 14, layout: { 'symbol-placement': 'line', 'text-size': 11 } }),
    label(`${source}-omt-road-labels`, 'transportation_name', { minzoom: 14, layout: { 'symbol-placement': 'line', 'text-size': 11 } }),
    label(`${source}-places`, 'places', { minzoom: 8 }),
    label(`${source}-omt-places`, 'place', { minzoom: 8 }),
  ];
}
