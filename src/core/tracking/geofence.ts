import { haversine } from '../geo.ts';
import type { Destination } from '../order/types.ts';

/** Default geofence radius in metres (HyperTrack: "typically between 25m and 200m", default 100). */
export const DEFAULT_RADIUS = 100;

/** Ray casting over the outer ring; holes are ignored (delivery geofences have none). */
function inPolygon(ring: readonly (readonly number[])[], [x, y]: readonly [number, number]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Whether a position is inside the destination's geofence, `margin` metres widened (a positive
 * margin keeps a device that wobbles on the boundary from leaving and re-entering).
 */
export function isInsideDestination(d: Destination, pos: readonly [number, number], margin = 0): boolean {
  if (d.geometry.type === 'Polygon') {
    const ring = d.geometry.coordinates[0] ?? [];
    if (inPolygon(ring, pos)) return true;
    if (margin <= 0) return false;
    return ring.some((v) => haversine(v as [number, number], pos) <= margin);
  }
  return haversine(d.geometry.coordinates, pos) <= (d.radius ?? DEFAULT_RADIUS) + margin;
}
