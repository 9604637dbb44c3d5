import { isUnplanned } from '../../core/order/statuses.ts';
import { DomainError } from '../../core/errors.ts';
import { assignOrder, type Change, planOrder } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import { insertStops } from '../../core/route-planning.ts';
import { splitStops, storedSequence } from '../../core/route-stops.ts';
import type { Deps } from '../deps.ts';
import { orderNotFound } from '../orders/order-not-found.ts';
import type { RouteView } from '../views.ts';
import { mutateRoute, type RouteEditContext } from './mutate-route.ts';
import { matchesKey, type StopKey } from './stop-refs.ts';

export interface AddToRouteInput {
  orders: StopKey[];
  /**
   * HyperTrack `resequence`: each order at its cheapest place (the planner's incremental insert,
   * nothing already placed moves). Dropline's default when absent; false appends them in the
   * order given.
   */
  resequence: boolean;
  version?: number;
}

/**
 * POST /orders/routes/{h}/add: unplanned orders join the route — planned on a route not assigned
 * to a worker (a plan run's, until it is reassigned), assigned to the route's worker otherwise. A handle alone adds all its live records (a
 * pick and its drop join together).
 */
export const addToRoute = (deps: Deps, accountId: string, routeHandle: string, input: AddToRouteInput): Promise<RouteView> =>
  mutateRoute(deps, accountId, routeHandle, input.version, addEdit(accountId, input));

/** The edit behind addToRoute, for mutateRoute or a caller's own transaction (a move). */
export const addEdit =
  (accountId: string, input: Pick<AddToRouteInput, 'orders' | 'resequence'>) =>
  async ({ repos, route, stops, now }: RouteEditContext) => {
    const adding: Order[] = [];
    for (const key of input.orders) {
      const records = (await repos.orders.listByHandle(accountId, key.orderHandle, { forUpdate: true })).filter(
        (o) => matchesKey(o, key) && o.rescheduledMarkedAt === null,
      );
      if (records.length === 0) throw orderNotFound({ orderHandle: key.orderHandle, type: key.type ?? undefined, typeIndex: key.typeIndex ?? undefined });
      for (const o of records) {
        if (adding.some((a) => a.id === o.id)) continue;
        if (!isUnplanned(o.status)) {
          throw new DomainError('invalid_transition', `Order ${o.orderHandle} is ${o.status}: only unplanned orders can be added to a route`, {
            status: o.status,
          });
        }
        adding.push(o);
      }
    }
    const placement = { routeHandle: route.routeHandle, planId: route.planId };
    // A plan run's route names the worker it was planned for but is not assigned yet: its orders stay planned.
    const assignee = route.assignedAt ? route.workerHandle : null;
    const changes: Change[] = adding.map((o) =>
      assignee ? assignOrder(o, { workerHandle: assignee, deviceId: route.deviceId }, placement, now) : planOrder(o, placement, now),
    );
    const parts = splitStops(stops);
    const open = input.resequence ? insertStops(parts, adding, now).open : [...parts.open, ...adding];
    return { stopSequence: storedSequence(parts, open), changes };
  };
