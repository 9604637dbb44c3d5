import type { Order } from './types.ts';

/**
 * One entry of an order's timeline. `data` holds the event's fields in the wire names of the
 * HyperTrack timeline (seeds 000 and 002), so every dialect renders from the same record.
 */
export interface TimelineEvent {
  type: string;
  recordedAt: Date;
  data: Record<string, unknown>;
}

export type OrderEventType =
  | 'order_created'
  | 'order_planned'
  | 'order_assigned'
  | 'order_dispatched'
  | 'order_started'
  | 'order_disabled'
  | 'order_enabled'
  | 'order_cancelled'
  | 'order_completed'
  | 'order_rescheduled'
  | 'order_updated';

const ev = (type: OrderEventType, at: Date, data: Record<string, unknown>): TimelineEvent => ({
  type,
  recordedAt: at,
  data,
});

// Field sets per type copied from the seeds: e.g. order_completed carries order_type but no
// fulfillment_attempt, order_assigned names the worker as driver_handle.
const onRoute = (o: Order) => ({
  order_handle: o.orderHandle,
  route_handle: o.routeHandle,
  fulfillment_attempt: o.fulfillmentAttempt,
});

export const orderEvents = {
  created: (o: Order) => ev('order_created', o.createdAt, { order_handle: o.orderHandle, metadata: o.metadata }),
  planned: (o: Order, at: Date) => ev('order_planned', at, onRoute(o)),
  assigned: (o: Order, at: Date) =>
    ev('order_assigned', at, {
      order_handle: o.orderHandle,
      driver_handle: o.workerHandle,
      fulfillment_attempt: o.fulfillmentAttempt,
    }),
  dispatched: (o: Order, at: Date) => ev('order_dispatched', at, onRoute(o)),
  started: (o: Order, at: Date) =>
    ev('order_started', at, {
      order_handle: o.orderHandle,
      route_handle: o.routeHandle,
      order_type: o.type,
      fulfillment_attempt: o.fulfillmentAttempt,
    }),
  disabled: (o: Order, at: Date) => ev('order_disabled', at, onRoute(o)),
  enabled: (o: Order, at: Date) => ev('order_enabled', at, onRoute(o)),
  cancelled: (o: Order, at: Date) => ev('order_cancelled', at, onRoute(o)),
  completed: (o: Order, at: Date) => ev('order_completed', at, { order_handle: o.orderHandle, route_handle: o.routeHandle, order_type: o.type }),
  rescheduled: (o: Order, at: Date, next: Order) =>
    ev('order_rescheduled', at, {
      order_handle: o.orderHandle,
      fulfillment_attempt: o.fulfillmentAttempt,
      next_fulfillment_attempt: next.fulfillmentAttempt,
      scheduled_at: next.scheduledAt?.toISOString() ?? null,
    }),
  updated: (o: Order, at: Date, fields: string[]) =>
    ev('order_updated', at, { order_handle: o.orderHandle, fulfillment_attempt: o.fulfillmentAttempt, fields }),
};
