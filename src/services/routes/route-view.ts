import type { Order } from '../../core/order/types.ts';
import { isRouteOpen, type Route } from '../../core/route.ts';
import { estimateRoute, isInactiveStop, plannedTotals, sequenceStops, splitStops, stopLocation } from '../../core/route-stops.ts';
import type { RouteView } from '../views.ts';

/**
 * The route with its orders in sequence and what the sequence plans: the totals over the live
 * stops and, for a route not completed, the estimate of what is left from `now` (the worker
 * leaves from the last completed stop, else the first stop: the offline default until workers
 * have a home or a live position here).
 */
export function routeView(route: Route, orders: readonly Order[], now: Date): RouteView {
  const sequenced = sequenceStops(orders, route.stopSequence);
  const live = sequenced.filter((o) => !isInactiveStop(o));
  const totals = plannedTotals(live);
  const parts = splitStops(sequenced);
  const last = parts.completed.at(-1);
  const estimate = isRouteOpen(route) ? estimateRoute([...parts.ongoing, ...parts.open], now, last ? { start: stopLocation(last) } : {}) : null;
  return { route, orders: sequenced, plan: { ...totals, estimate } };
}
