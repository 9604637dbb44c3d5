import { assignOrder, cancelOrder } from '../../core/order/lifecycle.ts';
import { isOpen, isWorkable } from '../../core/order/statuses.ts';
import { assertRouteOpen, type Route } from '../../core/route.ts';
import type { Deps } from '../deps.ts';
import { saveChange } from '../orders/save-change.ts';
import type { RouteView } from '../views.ts';
import { routeEvents } from '../webhooks/streams.ts';
import { resolveTracker } from '../workers/resolve-tracker.ts';
import { loadRoute } from './load-route.ts';
import { refreshExpectedPaths } from './refresh-expected-paths.ts';
import { routeHome, routeView } from './route-view.ts';

export async function getRoute(deps: Deps, accountId: string, routeHandle: string): Promise<RouteView> {
  const route = await loadRoute(deps.store.repos, accountId, routeHandle);
  const repos = deps.store.repos;
  return routeView(route, await repos.orders.listOnRoute(accountId, routeHandle), deps.clock.now(), await routeHome(repos, route));
}

const isLive = (o: { status: Parameters<typeof isOpen>[0]; rescheduledMarkedAt: Date | null }) => isOpen(o.status) && !o.rescheduledMarkedAt;

/** POST /orders/routes/{h}/reassign: the route and its open orders go to another worker. */
export async function reassignRoute(
  deps: Deps,
  accountId: string,
  routeHandle: string,
  by: { workerHandle?: string | null; deviceId?: string | null; version?: number },
): Promise<RouteView> {
  const now = deps.clock.now();
  const view = await deps.store.transaction(async (repos) => {
    const route = await loadRoute(repos, accountId, routeHandle, { forUpdate: true, version: by.version });
    assertRouteOpen(route);
    const tracker = await resolveTracker(repos, accountId, by);
    const updated: Route = {
      ...route,
      status: route.status === 'planned' ? 'assigned' : route.status,
      workerHandle: tracker.worker.workerHandle,
      deviceId: tracker.deviceId,
      assignedAt: now,
      updatedAt: now,
      version: route.version + 1,
    };
    await repos.routes.update(updated);
    await repos.webhookOutbox.enqueue(routeEvents(updated, ['assigned'], now));
    const orders = [];
    for (const o of await repos.orders.listOnRoute(accountId, routeHandle, { forUpdate: true })) {
      if (!isLive(o) || !isWorkable(o.status)) {
        orders.push(o);
        continue;
      }
      const change = assignOrder(o, { workerHandle: tracker.worker.workerHandle, deviceId: tracker.deviceId }, route, now);
      await saveChange(repos, change);
      orders.push(change.order);
    }
    return routeView(updated, orders, now, tracker.worker.home?.coordinates ?? null);
  });
  // The new worker sets off from elsewhere.
  await refreshExpectedPaths(deps, accountId, routeHandle, { route: view.route, orders: view.orders });
  return view;
}

/** HyperTrack: completing a route "will cancel the non terminal orders implicitly". */
export async function completeRoute(deps: Deps, accountId: string, routeHandle: string, version?: number): Promise<RouteView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const route = await loadRoute(repos, accountId, routeHandle, { forUpdate: true, version });
    assertRouteOpen(route);
    const completed: Route = { ...route, status: 'completed', completedAt: now, updatedAt: now, version: route.version + 1 };
    await repos.routes.update(completed);
    await repos.webhookOutbox.enqueue(routeEvents(completed, ['completed'], now));
    const orders = [];
    for (const o of await repos.orders.listOnRoute(accountId, routeHandle, { forUpdate: true })) {
      if (!isLive(o)) {
        orders.push(o);
        continue;
      }
      const change = cancelOrder(o, now, undefined, 'route_completed');
      await saveChange(repos, change);
      orders.push(change.order);
    }
    return routeView(completed, orders, now);
  });
}
