import type { Order } from '../../core/order/types.ts';
import { isRouteOpen, type Route } from '../../core/route.ts';
import { estimateRoute, isInactiveStop, plannedTotals, sequenceStops, splitStops, stopLocation } from '../../core/route-stops.ts';
import type { LngLat } from '../../core/tracking/eta.ts';
import type { Repos } from '../../store/store.ts';
import type { RouteView } from '../views.ts';

/**
 * The route with its orders in sequence and what the sequence plans: the totals over the live
 * stops (from the worker's home when it has one) and, for a route not completed, the estimate of
 * what is left from `now`, or from the plan's departure for its first stop when a plan run's
 * route starts later: the worker leaves from the last completed stop, else from its home, else
 * from the first stop.
 */
export function routeView(route: Route, orders: readonly Order[], now: Date, home: LngLat | null = null): RouteView {
  const sequenced = sequenceStops(orders, route.stopSequence);
  const live = sequenced.filter((o) => !isInactiveStop(o));
  const totals = plannedTotals(live, undefined, home);
  const parts = splitStops(sequenced);
  const last = parts.completed.at(-1);
  const left = [...parts.ongoing, ...parts.open];
  const start = last ? stopLocation(last) : home;
  // A plan run's route not yet under way sets off when the plan has it leave for its first stop.
  const first = last ? null : left[0]?.plannedEstimate;
  const planned = first ? new Date(Date.parse(first.arriveAt) - (start ? first.duration * 1000 : 0)) : null;
  const departure = planned && planned > now ? planned : now;
  const estimate = isRouteOpen(route) ? estimateRoute(left, departure, start ? { start } : {}) : null;
  return { route, orders: sequenced, plan: { ...totals, estimate } };
}

/** The home of the route's worker, where its estimate starts (null without a worker or a home). */
export async function routeHome(repos: Repos, route: Route): Promise<LngLat | null> {
  if (!route.workerHandle) return null;
  return (await repos.workers.find(route.accountId, route.workerHandle))?.home?.coordinates ?? null;
}
