import { unplanOrder } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import { isInactiveStop, isStartedStop } from '../../core/route-stops.ts';
import type { Deps } from '../deps.ts';
import type { RouteView } from '../views.ts';
import { mutateRoute, type RouteEditContext } from './mutate-route.ts';
import { startedStop } from './resequence-route.ts';
import { type StopKey, stopsOf } from './stop-refs.ts';

/**
 * POST /orders/routes/{h}/remove: the orders leave the route and its sequence and go back to
 * `unplanned` without a worker. A started stop cannot leave (409); a handle alone removes all its
 * records on the route. The route stays open even when no order is left (HyperTrack: "response
 * can be empty if all orders are removed").
 */
export const removeFromRoute = (deps: Deps, accountId: string, routeHandle: string, keys: StopKey[], version?: number): Promise<RouteView> =>
  mutateRoute(deps, accountId, routeHandle, version, removeEdit(keys));

/** The edit behind removeFromRoute, for mutateRoute or a caller's own transaction (a move). */
export const removeEdit =
  (keys: StopKey[]) =>
  ({ route, stops, now }: RouteEditContext) => {
    const leaving = new Map<string, Order>();
    for (const k of keys) {
      const named = stopsOf(stops, k);
      // A handle's finished earlier attempts stay where they are; only its live records leave.
      const live = named.filter((o) => !isInactiveStop(o));
      for (const o of live.length > 0 ? live : named) leaving.set(o.id, o);
    }
    const started = [...leaving.values()].find(isStartedStop);
    if (started) throw startedStop(started);
    const changes = [...leaving.values()].map((o) => unplanOrder(o, now));
    return { stopSequence: route.stopSequence.filter((id) => !leaving.has(id)), changes };
  };
