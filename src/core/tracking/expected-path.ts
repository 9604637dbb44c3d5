import type { LngLat } from './eta.ts';

/**
 * The path an order's worker is expected to drive, as planned on a route: from the worker's start
 * through the route's stops in sequence to this order's destination. It names the route it was
 * planned on, so an order that left the route has no planned path without anyone clearing it.
 */
export interface ExpectedPath {
  routeHandle: string;
  path: LngLat[];
}

/** The path an order's deviation is measured against, or null when none was planned for it. */
export function plannedPathOf(order: { routeHandle: string | null; expectedPath?: ExpectedPath | null }): LngLat[] | null {
  const e = order.expectedPath;
  if (!e || e.routeHandle !== order.routeHandle || e.path.length < 2) return null;
  return e.path;
}

/**
 * Each stop's expected path, given the route's legs: `legs[i]` is the drawn way from waypoint i to
 * waypoint i + 1, where waypoint 0 is the worker's start and waypoint i + 1 is stop i. Stop i's
 * path is every leg up to it: an order on a route is tracked while the worker serves the stops
 * before it, so the way to those stops is on its expected route too. Joints are not repeated.
 */
export function stopPaths(routeHandle: string, stopIds: readonly string[], legs: readonly (readonly LngLat[])[]): Map<string, ExpectedPath> {
  if (legs.length !== stopIds.length) throw new RangeError(`expected one leg per stop, got ${legs.length} legs for ${stopIds.length} stops`);
  const out = new Map<string, ExpectedPath>();
  const path: LngLat[] = [];
  for (const [i, id] of stopIds.entries()) {
    for (const p of legs[i]!) {
      const last = path.at(-1);
      if (!last || last[0] !== p[0] || last[1] !== p[1]) path.push(p);
    }
    out.set(id, { routeHandle, path: [...path] });
  }
  return out;
}

/** The offline drawing of a route: the straight segment between each pair of consecutive waypoints. */
export const straightLegs = (waypoints: readonly LngLat[]): LngLat[][] => waypoints.slice(1).map((to, i) => [waypoints[i]!, to]);
