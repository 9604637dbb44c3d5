/** GeoJSON shapes as the APIs carry them: coordinates are [longitude, latitude]. */
export interface GeoPoint {
  type: 'Point';
  coordinates: [number, number];
}

export interface GeoPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

export type GeoGeometry = GeoPoint | GeoPolygon;

export const point = (lng: number, lat: number): GeoPoint => ({ type: 'Point', coordinates: [lng, lat] });

/** A representative point of a geometry: the point itself, or the mean of a polygon's outer ring. */
export function centroidOf(geometry: GeoGeometry): GeoPoint {
  if (geometry.type === 'Point') return geometry;
  const ring = geometry.coordinates[0] ?? [];
  // The closing vertex repeats the first one; count it once.
  const vertices = ring.length > 1 ? ring.slice(0, -1) : ring;
  const n = vertices.length || 1;
  const lng = vertices.reduce((s, v) => s + v[0], 0) / n;
  const lat = vertices.reduce((s, v) => s + v[1], 0) / n;
  return point(lng, lat);
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres between two [lng, lat] positions. */
export function haversine(a: readonly [number, number], b: readonly [number, number]): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
