import type { Deps } from '../deps.ts';
import type { RouteView } from '../views.ts';
import { mutateRoute } from './mutate-route.ts';

/**
 * PATCH /orders/routes/{h}: the route's metadata (HyperTrack PatchRouteRequest), merged key by key
 * into the stored one as PATCH /orders/{h} merges an order's.
 */
export const updateRoute = (deps: Deps, accountId: string, routeHandle: string, metadata: Record<string, unknown>, version?: number): Promise<RouteView> =>
  mutateRoute(deps, accountId, routeHandle, version, ({ route }) => ({ metadata: { ...route.metadata, ...metadata } }));
