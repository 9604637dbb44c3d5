import { isTracking } from '../../core/order/statuses.ts';
import { assignOrder, type Change } from '../../core/order/lifecycle.ts';
import { nextStatus } from '../../core/order/transitions.ts';
import type { Order, OrderKey } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { Route } from '../../core/route.ts';
import { currentDevice, type Worker } from '../../core/worker.ts';
import type { Deps } from '../deps.ts';
import { routeToCreate } from '../routes/new-route.ts';
import { refreshExpectedPaths } from '../routes/refresh-expected-paths.ts';
import { loadWorker } from '../workers/load-worker.ts';
import { actOnOrder } from './act-on-order.ts';

/**
 * Gives the order to another worker. Before tracking it joins the worker's not-yet-started route
 * (or a new one); an ongoing order moves to a new tracking route of the new worker and keeps its
 * tracking.
 */
export async function reassignOrder(deps: Deps, accountId: string, key: OrderKey, workerHandle: string) {
  let left: string | null = null;
  const view = await actOnOrder(deps, accountId, key, (order, now, repos) => {
    left = order.routeHandle;
    return decideReassign(deps, repos, accountId, order, workerHandle, now);
  });
  // The route it joined plans a way to it; the one it left plans one without it.
  for (const routeHandle of new Set([view.order.routeHandle, left])) if (routeHandle) await refreshExpectedPaths(deps, accountId, routeHandle);
  return view;
}

/** The reassignment of one loaded record, for use cases that assign several records in one transaction. */
export async function decideReassign(deps: Deps, repos: Repos, accountId: string, order: Order, workerHandle: string, now: Date): Promise<Change> {
  const worker = await loadWorker(repos, accountId, workerHandle);
  const { route, isNew } = await reassignPlacement(deps, repos, accountId, order, worker, now);
  if (isNew) await repos.routes.insert(route);
  return assignOrder(order, { workerHandle: worker.workerHandle, deviceId: currentDevice(worker) }, route, now);
}

/**
 * The route a reassignment puts the order on, not yet written when new (`isNew`), so that a
 * caller writing the order in one statement can insert the route with it.
 */
export async function reassignPlacement(
  deps: Deps,
  repos: Repos,
  accountId: string,
  order: Order,
  worker: Worker,
  now: Date,
): Promise<{ route: Route; isNew: boolean }> {
  // Refuse a forbidden reassignment before any route is created for it.
  nextStatus(order.status, 'assign');
  const ongoing = isTracking(order.status);
  const open = !ongoing ? await repos.routes.findOpenForWorker(accountId, worker.workerHandle) : null;
  if (open) return { route: open, isNew: false };
  const route = await routeToCreate(
    deps,
    repos,
    accountId,
    {
      workerHandle: worker.workerHandle,
      deviceId: currentDevice(worker),
      status: ongoing ? 'tracking' : 'assigned',
      trackMode: order.trackMode,
      planMode: order.planMode,
      opsGroupHandle: order.opsGroupHandle ?? worker.opsGroupHandle,
    },
    now,
  );
  return { route, isNew: true };
}
