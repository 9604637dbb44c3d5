import { isTerminal } from '../../core/order/statuses.ts';
import type { Change } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import { orderEvent } from '../live/live-events.ts';
import type { OrderView } from '../views.ts';
import { enqueueWebhookEvents } from '../webhooks/outbox.ts';

/** Persists an order change with its timeline events; finishing a route's last order ends the route. */
export async function saveChange(
  repos: Repos,
  change: Change,
  opts: { isNew?: boolean; notifications?: Change['events'] } = {},
): Promise<void> {
  const o = change.order;
  await repos.orders.save(o, change.events, opts);
  // The webhook outbox gets the change's events (and webhook-only notifications such as ETA and
  // risk news) in the same transaction: nothing is lost, and a refused change sends nothing.
  const outgoing = [...change.events, ...(opts.notifications ?? [])];
  if (outgoing.length > 0) await enqueueWebhookEvents(repos, { order: o, events: outgoing });
  await repos.live.notify(orderEvent(o));
  if (!opts.isNew && o.routeHandle && isTerminal(o.status)) {
    await repos.routes.completeIfDone(o.accountId, o.routeHandle, o.id, o.updatedAt);
  }
}

/** Reads an order back as stored, with its timeline, inside the same transaction. */
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

/** The stored view after `change`, built without reading back: the old timeline plus the new events. */
export function viewAfter(before: OrderView, change: Change): OrderView {
  const timeline = [...before.timeline, ...change.events].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  return { order: change.order, timeline, polyline: before.polyline };
}
