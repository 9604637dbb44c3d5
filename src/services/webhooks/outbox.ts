import type { Change } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import type { EventSubject } from '../../core/webhook.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';

/** The order as the change left it, frozen into the event so every retry renders the same body. */
export const subjectOf = (o: Order, data: Record<string, unknown>, status: string = o.status): EventSubject => ({
  order_handle: o.orderHandle,
  type: o.type,
  type_index: o.typeIndex,
  fulfillment_attempt: o.fulfillmentAttempt,
  status,
  route_handle: o.routeHandle,
  worker_handle: o.workerHandle,
  device_id: o.deviceId,
  share_code: o.shareCode,
  metadata: o.metadata,
  scheduled_at: o.scheduledAt?.toISOString() ?? null,
  data,
});

// One change can carry several transitions (track = assign + start); HyperTrack's `status` is the
// status at each event, so the earlier events of a change take the status their transition made.
const STATUS_AFTER: Record<string, string> = {
  order_created: 'unplanned',
  order_planned: 'planned',
  order_assigned: 'assigned',
  order_dispatched: 'dispatched',
  order_started: 'ongoing',
};

/**
 * The outbox rows for a change's events, carried by the write statement that saves the change:
 * they exist if and only if the change commits.
 */
export function outboxEventsOf(change: Change): NewOutboxEvent[] {
  return change.events.map((e, i) => ({
    accountId: change.order.accountId,
    orderId: change.order.id,
    type: e.type,
    recordedAt: e.recordedAt,
    // Every core transition stamps updatedAt with the use case's `now`.
    createdAt: change.order.updatedAt,
    subject: subjectOf(change.order, e.data, i < change.events.length - 1 ? (STATUS_AFTER[e.type] ?? change.order.status) : change.order.status),
  }));
}
