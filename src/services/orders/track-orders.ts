import { DomainError } from '../../core/errors.ts';
import { assignOrder, type Change, dispatchOrder, startOrder } from '../../core/order/lifecycle.ts';
import { isTracking, isUnassigned, isWorkable } from '../../core/order/statuses.ts';
import type { Order, TrackMode } from '../../core/order/types.ts';
import type { Route } from '../../core/route.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { loadRoute } from '../routes/load-route.ts';
import { routeToCreate } from '../routes/new-route.ts';
import { refreshExpectedPaths } from '../routes/refresh-expected-paths.ts';
import { routeView } from '../routes/route-view.ts';
import { routeEvents } from '../webhooks/streams.ts';
import { resolveTracker, type Tracker } from '../workers/resolve-tracker.ts';
import type { RouteView } from '../views.ts';
import { insertOrders, newOrderChange } from './insert-order.ts';
import type { OrderDraft } from './order-draft.ts';
import { saveChange } from './save-change.ts';

export interface TrackOrdersInput {
  trackMode: TrackMode;
  routeHandle?: string | null;
  workerHandle?: string | null;
  deviceId?: string | null;
  opsGroupHandle?: string | null;
  orders?: OrderDraft[] | null;
  route?: { routeHandle?: string | null; metadata?: Record<string, unknown> | null } | null;
  version?: number | null;
}

/**
 * POST /orders/track: start tracking an existing route, or create orders on a new route and start
 * them at once. `pre_shift` dispatches the orders to the device instead; they start with the
 * driver's shift. Disabled orders on the route stay disabled.
 */
export async function trackOrders(deps: Deps, accountId: string, input: TrackOrdersInput): Promise<RouteView> {
  const now = deps.clock.now();
  const routeHandle = input.routeHandle;
  if (routeHandle) {
    const view = await deps.store.transaction((repos) => trackExistingRoute(deps, repos, accountId, input, routeHandle, now));
    await refreshExpectedPaths(deps, accountId, routeHandle, { route: view.route, orders: view.orders });
    return view;
  }
  if (!input.orders?.length) {
    throw new DomainError('invalid_request', 'Required if route handle is not provided', {
      location: 'json',
      field: 'orders',
    });
  }
  // New orders on a new route: decided on plain reads, then the route and its orders are written
  // at once (one statement for one order); the unique indexes settle races.
  const repos = deps.store.repos;
  const tracker = await resolveTracker(repos, accountId, input);
  const route = await routeToCreate(
    deps,
    repos,
    accountId,
    {
      routeHandle: input.route?.routeHandle,
      metadata: input.route?.metadata,
      workerHandle: tracker.worker.workerHandle,
      deviceId: tracker.deviceId,
      status: 'tracking',
      trackMode: input.trackMode,
      planMode: 'manual',
      opsGroupHandle: input.opsGroupHandle ?? tracker.worker.opsGroupHandle,
    },
    now,
  );
  const changes = await insertOrders(
    deps,
    async (assumeFirst) => {
      const decided: Change[] = [];
      for (const draft of input.orders ?? []) {
        const created = await newOrderChange(deps, repos, accountId, { ...draft, trackMode: input.trackMode }, now, { assumeFirst });
        const started = startOnRoute(created.order, route, tracker, input.trackMode, now);
        decided.push({ order: started.order, events: [...created.events, ...started.events] });
      }
      return decided;
    },
    route,
  );
  const orders = changes.map((c) => c.order);
  await refreshExpectedPaths(deps, accountId, route.routeHandle, { route, orders, worker: tracker.worker });
  return routeView(route, orders, now, tracker.worker.home?.coordinates ?? null);
}

async function trackExistingRoute(_deps: Deps, repos: Repos, accountId: string, input: TrackOrdersInput, routeHandle: string, now: Date): Promise<RouteView> {
  const route = await loadRoute(repos, accountId, routeHandle, {
    forUpdate: true,
    version: input.version ?? undefined,
  });
  if (route.status === 'completed') {
    throw new DomainError('route_completed', 'Route with the given ID is already completed', { routeHandle });
  }
  if (route.status === 'tracking') {
    throw new DomainError('route_tracking', 'Route with the given ID is already tracking', { routeHandle });
  }
  const tracker = await resolveTracker(repos, accountId, {
    workerHandle: input.workerHandle ?? (input.deviceId ? null : route.workerHandle),
    deviceId: input.deviceId,
  });
  const changedWorker = tracker.worker.workerHandle !== route.workerHandle;
  const tracking: Route = {
    ...route,
    status: 'tracking',
    workerHandle: tracker.worker.workerHandle,
    deviceId: tracker.deviceId,
    trackMode: input.trackMode,
    assignedAt: changedWorker || !route.assignedAt ? now : route.assignedAt,
    startedAt: now,
    updatedAt: now,
    version: route.version + 1,
  };
  await repos.routes.update(tracking);
  await repos.webhookOutbox.enqueue(routeEvents(tracking, changedWorker ? ['assigned', 'started'] : ['started'], now));
  const orders: Order[] = [];
  for (const order of await repos.orders.listOnRoute(accountId, routeHandle, { forUpdate: true })) {
    const active = isWorkable(order.status) && !order.rescheduledMarkedAt;
    if (!active) {
      orders.push(order);
      continue;
    }
    const started = startOnRoute({ ...order, trackMode: input.trackMode }, tracking, tracker, input.trackMode, now);
    await saveChange(repos, started);
    orders.push(started.order);
  }
  return routeView(tracking, orders, now, tracker.worker.home?.coordinates ?? null);
}

/** Assigns (when the order is not yet the tracker's) and starts or dispatches one order. */
function startOnRoute(order: Order, route: Route, tracker: Tracker, trackMode: TrackMode, now: Date): Change {
  const events: Change['events'] = [];
  let current = order;
  const needsAssignment = current.workerHandle !== tracker.worker.workerHandle || isUnassigned(current.status);
  if (needsAssignment) {
    const assigned = assignOrder(current, { workerHandle: tracker.worker.workerHandle, deviceId: tracker.deviceId }, route, now);
    current = assigned.order;
    events.push(...assigned.events);
  } else {
    current = { ...current, deviceId: tracker.deviceId };
  }
  if (!isTracking(current.status)) {
    const next = trackMode === 'pre_shift' ? dispatchOrder(current, now) : startOrder(current, now);
    current = next.order;
    events.push(...next.events);
  }
  return { order: current, events };
}
