import { isTerminal } from '../../core/order/statuses.ts';
import type { Change } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { OrderView } from '../views.ts';
import { enqueueWebhookEvents } from '../webhooks/outbox.ts';

/** Persists an order change with its timeline events; finishing a route's last order ends the route. */
export async function saveChange(repos: Repos, change: Change, opts: { isNew?: boolean } = {}): Promise<void> {
  if (opts.isNew) await repos.orders.insert(change.order);
  else await repos.orders.update(change.order);
  await recordEvents(repos, change);
  if (!opts.isNew && isTerminal(change.order.status)) await completeRouteIfDone(repos, change.order);
}

/** The timeline and the webhook outbox get a change's events in the same transaction. */
export async function recordEvents(repos: Repos, change: Change): Promise<void> {
  if (change.events.length === 0) return;
  await repos.orders.appendEvents(change.order, change.events);
  await enqueueWebhookEvents(repos, change);
}

async function completeRouteIfDone(repos: Repos, order: Order): Promise<void> {
  if (!order.routeHandle) return;
  const route = await repos.routes.find(order.accountId, order.routeHandle, { forUpdate: true });
  if (!route || route.status === 'completed') return;
  const orders = await repos.orders.listOnRoute(order.accountId, order.routeHandle);
  if (orders.some((o) => o.id !== order.id && !isTerminal(o.status) && !o.rescheduledMarkedAt)) return;
  const now = order.updatedAt;
  await repos.routes.update({ ...route, status: 'completed', completedAt: now, updatedAt: now, version: route.version + 1 });
}

/** Reads the order back exactly as stored, with its whole timeline, inside the same transaction. */
export async function viewOf(repos: Repos, order: Order): Promise<OrderView> {
  const found = await repos.orders.findWithTimeline(order.accountId, {
    orderHandle: order.orderHandle,
    type: order.type,
    typeIndex: order.typeIndex,
    fulfillmentAttempt: order.fulfillmentAttempt,
  });
  if (!found) throw new Error(`order ${order.id} vanished inside its own transaction`);
  return found;
}
