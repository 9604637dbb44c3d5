import { assignOrder, type Change, planOrder } from '../../core/order/lifecycle.ts';
import type { Order, PlanMode } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import { dispatchOrders } from '../dispatch/dispatch-orders.ts';
import { assignedRouteToCreate } from '../routes/new-route.ts';
import { refreshExpectedPaths } from '../routes/refresh-expected-paths.ts';
import { routeView } from '../routes/route-view.ts';
import { loadWorker } from '../workers/load-worker.ts';
import type { RouteView } from '../views.ts';
import { insertOrders, newOrderChange } from './insert-order.ts';
import type { OrderDraft } from './order-draft.ts';

export interface CreateOrdersInput {
  orders: OrderDraft[];
  planMode: PlanMode;
  workerHandle?: string | null;
  opsGroupHandle?: string | null;
}

/**
 * POST /orders. With a worker, the orders become a new route for that worker in the given
 * sequence (planned, then assigned); without one they are stored unplanned for later planning —
 * except `on_demand` orders, which are dispatched at once (`dispatchOrders`): the creation is
 * written first, so a dispatch that finds no worker leaves them stored, unplanned, with the reason.
 */
export async function createOrders(deps: Deps, accountId: string, input: CreateOrdersInput): Promise<{ route: RouteView | null; orders: Order[] }> {
  const now = deps.clock.now();
  // Decided on plain reads, then written at once (see insertOrders); the unique indexes settle races.
  const repos = deps.store.repos;
  const worker = input.workerHandle ? await loadWorker(repos, accountId, input.workerHandle) : null;
  const route = worker ? await assignedRouteToCreate(deps, repos, accountId, worker, input, now) : null;
  const changes = await insertOrders(
    deps,
    async (assumeFirst) => {
      const decided: Change[] = [];
      for (const draft of input.orders) {
        const created = await newOrderChange(deps, repos, accountId, draft, now, { assumeFirst });
        let change = created;
        if (route && worker) {
          const planned = planOrder(created.order, route, now);
          const assigned = assignOrder(planned.order, { workerHandle: worker.workerHandle, deviceId: route.deviceId }, route, now);
          change = { order: assigned.order, events: [...created.events, ...planned.events, ...assigned.events] };
        }
        decided.push(change);
      }
      // The route serves its orders in the order the request gave them.
      if (route) route.stopSequence = decided.map((c) => c.order.id);
      return decided;
    },
    route,
  );
  const created = changes.map((c) => c.order);
  const orders = !route && input.planMode === 'on_demand' ? await dispatchOrders(deps, accountId, created) : created;
  if (route) await refreshExpectedPaths(deps, accountId, route.routeHandle, { route, orders, worker });
  return { route: route ? routeView(route, orders, now, worker?.home?.coordinates ?? null) : null, orders };
}
