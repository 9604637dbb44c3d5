import type { Order } from '../../core/order/types.ts';
import { isRouteOpen, type Route } from '../../core/route.ts';
import { estimateRoute, isInactiveStop, plannedTotals, sequenceStops, splitStops, stopLocation } from '../../core/route-stops.ts';
import type { RouteView } from '../views.ts';

/**
 * The route with its orders in sequence and what the sequence plans: the totals over the live
 * stops and, for a route not completed, the estimate of what is left from `now`, or from the
 * plan's arrival at the first stop when a plan run's route starts later (the worker
 * leaves from the last completed stop, else the first stop: the offline default until workers
 * have a home or a live position here).
 */
export function routeView(route: Route, orders: readonly Order[], now: Date): RouteView {
  const sequenced = sequenceStops(orders, route.stopSequence);
  const live = sequenced.filter((o) => !isInactiveStop(o));
  const totals = plannedTotals(live);
  const parts = splitStops(sequenced);
  const last = parts.completed.at(-1);
  const left = [...parts.ongoing, ...parts.open];
  // A plan run's route not yet under way is driven from the plan's arrival at its first stop.
  const planned = !last && left[0]?.plannedEstimate ? new Date(left[0].plannedEstimate.arriveAt) : null;
  const departure = planned && planned > now ? planned : now;
  const estimate = isRouteOpen(route) ? estimateRoute(left, departure, last ? { start: stopLocation(last) } : {}) : null;
  return { route, orders: sequenced, plan: { ...totals, estimate } };
}
