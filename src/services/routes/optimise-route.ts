import { optimiseStops } from '../../core/route-planning.ts';
import { splitStops, storedSequence } from '../../core/route-stops.ts';
import type { Deps } from '../deps.ts';
import type { RouteView } from '../views.ts';
import { mutateRoute } from './mutate-route.ts';

/**
 * POST /orders/routes/{h}/optimise: the open stops re-sequenced for the least driving time
 * (the planner's single-route re-optimisation); served and ongoing stops stay first, in order.
 * The search is seeded by the route's handle and version, so one request gives one answer.
 */
export const optimiseRoute = (deps: Deps, accountId: string, routeHandle: string, version?: number): Promise<RouteView> =>
  mutateRoute(deps, accountId, routeHandle, version, ({ route, stops, now }) => {
    const parts = splitStops(stops);
    const { open } = optimiseStops(parts, now, seedOf(route.routeHandle, route.version));
    return { stopSequence: storedSequence(parts, open) };
  });

function seedOf(handle: string, version: number): number {
  let h = 2166136261 ^ version;
  for (let i = 0; i < handle.length; i++) h = Math.imul(h ^ handle.charCodeAt(i), 16777619);
  return h >>> 0;
}
