import type { Change } from '../../core/order/lifecycle.ts';
import { statusAfterEvent } from '../../core/order/transitions.ts';
import type { Order } from '../../core/order/types.ts';
import type { EventSubject } from '../../core/webhook.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';
import { streamEvent } from './streams.ts';

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

/**
 * The outbox rows for a change's events, carried by the write statement that saves the change:
 * they exist if and only if the change commits.
 */
export function outboxEventsOf(change: Change): NewOutboxEvent[] {
  // One change can carry several transitions (track = assign + start); HyperTrack's `status` is the
  // status at each event, so the earlier events of a change take the status their transition made.
  const orderEvents: NewOutboxEvent[] = change.events.map((e, i) => ({
    accountId: change.order.accountId,
    orderId: change.order.id,
    type: e.type,
    recordedAt: e.recordedAt,
    // Every core transition stamps updatedAt with the use case's `now`.
    createdAt: change.order.updatedAt,
    subject: subjectOf(change.order, e.data, i < change.events.length - 1 ? (statusAfterEvent(e.type) ?? change.order.status) : change.order.status),
  }));
  const geofences = change.events.flatMap((e) => geofenceEvent(change.order, e));
  return geofences.length ? [...orderEvents, ...geofences] : orderEvents;
}

const secondsBetween = (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000));

/**
 * The device's `geofence` event (reference §8, skills webhooks.md "Geofence entry/exit") for a
 * crossing of the order's destination geofence: `entry` with `arrival` and `route_to` (the
 * tracked trip there), `exit` with `exit` and the visit's `duration` in seconds.
 */
function geofenceEvent(o: Order, e: TimelineEvent): NewOutboxEvent[] {
  if ((e.type !== 'order_geofence_entered' && e.type !== 'order_geofence_exited') || !o.deviceId) return [];
  const loc = e.data.location as { geometry: { type: 'Point'; coordinates: number[] }; recorded_at: string };
  // The skills example's marker: `{location: GeoJSON, recorded_at}`.
  const crossing = { location: loc.geometry, recorded_at: loc.recorded_at };
  const t = o.tracking;
  const data: Record<string, unknown> = {
    value: e.type === 'order_geofence_entered' ? 'entry' : 'exit',
    order_handle: o.orderHandle,
    route_handle: o.routeHandle,
  };
  if (e.type === 'order_geofence_entered') {
    data.arrival = crossing;
    if (t.firstFixAt)
      data.route_to = { distance: Math.round(t.distance), duration: secondsBetween(t.firstFixAt, e.recordedAt), started_at: t.firstFixAt.toISOString() };
  } else {
    if (t.arrivedAt) data.arrival = { recorded_at: t.arrivedAt.toISOString() };
    data.exit = crossing;
    if (t.arrivedAt) data.duration = secondsBetween(t.arrivedAt, e.recordedAt);
  }
  return [
    streamEvent({
      accountId: o.accountId,
      stream: 'geofence',
      owner: 'device',
      key: o.deviceId,
      deviceId: o.deviceId,
      workerHandle: o.workerHandle,
      items: [{ recorded_at: e.recordedAt.toISOString(), data, location: loc.geometry }],
      createdAt: o.updatedAt,
    }),
  ];
}
