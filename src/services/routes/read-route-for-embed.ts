import type { Fix } from '../../core/tracking/fix.ts';
import type { Deps } from '../deps.ts';
import type { RouteView } from '../views.ts';
import { getRoute } from './route-actions.ts';

export interface RouteForEmbed {
  view: RouteView;
  driverFirstName: string | null;
  /** The newest fix of the route's device; null before it reported (or without a device). */
  lastFix: Fix | null;
}

/** A route with what its embed view shows: the stops, the driver's first name and position. Another account's route is not found. */
export async function readRouteForEmbed(deps: Deps, accountId: string, routeHandle: string): Promise<RouteForEmbed> {
  const view = await getRoute(deps, accountId, routeHandle);
  const { workerHandle, deviceId } = view.route;
  const [worker, device] = await Promise.all([
    workerHandle ? deps.store.repos.workers.find(accountId, workerHandle) : null,
    deviceId ? deps.store.repos.deviceStates.find(deviceId) : null,
  ]);
  return {
    view,
    driverFirstName: worker?.name?.trim().split(/\s+/)[0] || null,
    lastFix: device && device.accountId === accountId ? device.lastFix : null,
  };
}
