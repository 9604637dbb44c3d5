const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/**
 * Metres from a [lng, lat] position to the nearest point of a polyline. Each vertex is projected
 * onto a plane tangent at the position (equirectangular): within the few tens of km a delivery
 * spans, the error is well under a percent, and it avoids spherical cross-track formulas.
 */
export function distanceToPath(p: readonly [number, number], path: readonly (readonly [number, number])[]): number {
  const kx = EARTH_RADIUS_M * rad(1) * Math.cos(rad(p[1]));
  const ky = EARTH_RADIUS_M * rad(1);
  const xy = (v: readonly [number, number]): [number, number] => [wrap(v[0] - p[0]) * kx, (v[1] - p[1]) * ky];
  if (path.length === 0) return Number.POSITIVE_INFINITY;
  if (path.length === 1) return Math.hypot(...xy(path[0] as [number, number]));
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < path.length; i++) {
    const [ax, ay] = xy(path[i - 1] as [number, number]);
    const [bx, by] = xy(path[i] as [number, number]);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    // Projection of the origin (our position) onto segment AB, clamped to its ends.
    const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

/** Longitude difference folded into [-180, 180], so paths across the antimeridian stay short. */
const wrap = (d: number) => ((((d + 180) % 360) + 360) % 360) - 180;
