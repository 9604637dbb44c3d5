import type { Order } from '../../core/order/types.ts';
import { isRouteOpen, type Route } from '../../core/route.ts';
import { sequenceStops, splitStops, stopLocation } from '../../core/route-stops.ts';
import type { LngLat } from '../../core/tracking/eta.ts';
import { straightLegs, stopPaths } from '../../core/tracking/expected-path.ts';
import type { Worker } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';

/** What the caller already holds of the route, as just committed: spares the reads. */
export interface KnownRoute {
  route: Route;
  orders: readonly Order[];
  worker?: Worker | null;
}

/**
 * Draws and stores the expected path of each live stop of a route (deviating_from_expected_route
 * measures against it): the worker's start, then the ongoing and open stops in sequence, drawn
 * by the routing provider. Called after the change to the route has committed, never inside a
 * transaction, since a road router answers over the network; the write is then dropped if the
 * route changed meanwhile (that change draws its own). Without a known start (no position of
 * the worker's device, no completed stop, no home) nothing is planned and the stops' paths are
 * cleared: a path that starts at the first stop would flag a worker still on the way to it.
 * It never fails the committed change it follows: a store error leaves the old paths, counted
 * in `dropline_expected_path_refreshes_total{outcome="failed"}`.
 */
export async function refreshExpectedPaths(deps: Deps, accountId: string, routeHandle: string, known?: KnownRoute): Promise<void> {
  try {
    const outcome = await refresh(deps, accountId, routeHandle, known);
    if (outcome) deps.metrics.observeExpectedPath(outcome);
  } catch {
    deps.metrics.observeExpectedPath('failed');
  }
}

async function refresh(deps: Deps, accountId: string, routeHandle: string, known?: KnownRoute): Promise<'drawn' | 'straight' | 'no_start' | null> {
  const repos = deps.store.repos;
  const route = known?.route ?? (await repos.routes.find(accountId, routeHandle));
  if (!route || !isRouteOpen(route)) return null;
  const orders = known?.orders ?? (await repos.orders.listOnRoute(accountId, routeHandle));
  const parts = splitStops(sequenceStops(orders, route.stopSequence));
  const stops = [...parts.ongoing, ...parts.open];
  if (stops.length === 0) return null;
  const start = await startOf(repos, route, parts.completed.at(-1) ?? null, known?.worker);
  const drawn = start ? await drawLegs(deps, [start, ...stops.map(stopLocation)]) : null;
  const paths = drawn
    ? stopPaths(
        route.routeHandle,
        stops.map((o) => o.id),
        drawn.legs,
      )
    : null;
  // The orders were read with the change that made the route so: a stop whose path is already
  // the one drawn (no start, as before) needs no write.
  const rows = stops
    .map((o) => ({ orderId: o.id, expectedPath: paths?.get(o.id) ?? null, before: o.expectedPath ?? null }))
    .filter((r) => JSON.stringify(r.expectedPath) !== JSON.stringify(r.before))
    .map(({ orderId, expectedPath }) => ({ orderId, expectedPath }));
  if (rows.length > 0) await repos.routes.setExpectedPaths(accountId, routeHandle, route.version, rows);
  return drawn ? (drawn.byRouter ? 'drawn' : 'straight') : 'no_start';
}

/** Where the worker sets off for the route's next stop: its device's newest position, else the last stop it served, else its home. */
async function startOf(repos: Repos, route: Route, lastServed: Order | null, worker: Worker | null | undefined): Promise<LngLat | null> {
  const fix = route.deviceId ? (await repos.deviceStates.find(route.deviceId))?.lastFix : null;
  if (fix) return [fix.lng, fix.lat];
  if (lastServed) return stopLocation(lastServed);
  if (!route.workerHandle) return null;
  const w = worker !== undefined && worker?.workerHandle === route.workerHandle ? worker : await repos.workers.find(route.accountId, route.workerHandle);
  return w?.home?.coordinates ?? null;
}

/**
 * The provider's legs; a router that fails, or answers with the wrong number of legs, leaves the
 * straight segments between the stops (what the offline default draws anyway).
 */
async function drawLegs(deps: Deps, waypoints: LngLat[]): Promise<{ legs: LngLat[][]; byRouter: boolean }> {
  try {
    const legs = await deps.routing.path(waypoints);
    if (legs.length === waypoints.length - 1 && legs.every((l) => l.length >= 1)) return { legs, byRouter: true };
  } catch {
    // The route still gets a path: the straight one below.
  }
  return { legs: straightLegs(waypoints), byRouter: false };
}
