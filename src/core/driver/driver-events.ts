import type { TimelineEvent } from '../order/timeline.ts';
import type { Order } from '../order/types.ts';

/** The timeline events only the driver app records; fields in the timeline's wire names. */
export type DriverEventType = 'order_accepted' | 'order_rejected' | 'order_driver_arrived';

const ev = (type: DriverEventType, at: Date, data: Record<string, unknown>): TimelineEvent => ({ type, recordedAt: at, data });

export const driverEvents = {
  accepted: (o: Order, at: Date) =>
    ev('order_accepted', at, { order_handle: o.orderHandle, driver_handle: o.workerHandle, fulfillment_attempt: o.fulfillmentAttempt }),
  rejected: (o: Order, workerHandle: string, reason: string | null, at: Date) =>
    ev('order_rejected', at, { order_handle: o.orderHandle, driver_handle: workerHandle, fulfillment_attempt: o.fulfillmentAttempt, reason }),
  arrived: (o: Order, location: { lat: number; lng: number } | null, at: Date) =>
    ev('order_driver_arrived', at, {
      order_handle: o.orderHandle,
      route_handle: o.routeHandle,
      fulfillment_attempt: o.fulfillmentAttempt,
      location: location ? { geometry: { type: 'Point', coordinates: [location.lng, location.lat] }, recorded_at: at.toISOString() } : null,
    }),
};
