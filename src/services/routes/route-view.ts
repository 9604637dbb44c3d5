import type { Order } from '../../core/order/types.ts';
import { isRouteOpen, type Route } from '../../core/route.ts';
import { estimateRoute, isInactiveStop, plannedTotals, sequenceStops, splitStops, stopLocation } from '../../core/route-stops.ts';
import type { LngLat } from '../../core/tracking/eta.ts';
import type { Repos } from '../../store/store.ts';
import type { RouteView } from '../views.ts';

/**
 * The route with its orders in sequence and what the sequence plans: the totals over the live
 * stops (from the worker's home when it has one) and, for a route not completed, the estimate of
 * what is left from `now` — or, for a plan run's route not yet under way, from when the plan has
 * the worker leave for (or, without a home, arrive at) its first stop, while that is ahead. The
 * worker leaves from the last completed stop, else from its home, else from the first stop.
 */
export function routeView(route: Route, orders: readonly Order[], now: Date, home: LngLat | null = null): RouteView {
  const sequenced = sequenceStops(orders, route.stopSequence);
  const live = sequenced.filter((o) => !isInactiveStop(o));
  const totals = plannedTotals(live, undefined, home);
  const parts = splitStops(sequenced);
  const last = parts.completed.at(-1);
  const start = last ? stopLocation(last) : home;
  const left = [...parts.ongoing, ...parts.open];
  const first = !last ? left[0]?.plannedEstimate : undefined;
  const planned = first ? new Date(start ? first.startBy : first.arriveAt) : null;
  const departure = planned && planned > now ? planned : now;
  const estimate = isRouteOpen(route) ? estimateRoute(left, departure, start ? { start } : {}) : null;
  return { route, orders: sequenced, plan: { ...totals, estimate } };
}

/** The home of the route's worker, where its estimate starts (null without a worker or a home). */
export async function routeHome(repos: Repos, route: Route): Promise<LngLat | null> {
  if (!route.workerHandle) return null;
  return (await repos.workers.find(route.accountId, route.workerHandle))?.home?.coordinates ?? null;
}
