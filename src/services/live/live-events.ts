import type { Order } from '../../core/order/types.ts';
import type { Fix } from '../../core/tracking/fix.ts';

/** A device's newest position, as streamed to dashboards and tracking pages. */
export interface LocationEvent {
  type: 'location';
  account_id: string;
  device_id: string;
  location: {
    lng: number;
    lat: number;
    recorded_at: string;
    accuracy: number | null;
    speed: number | null;
    bearing: number | null;
    battery: number | null;
  };
}

/** A compact snapshot of an order after a committed change (NOTIFY payloads are capped at 8 kB). */
export interface OrderEvent {
  type: 'order';
  account_id: string;
  order_id: string;
  order_handle: string;
  order_type: string;
  fulfillment_attempt: number;
  share_code: string;
  status: string;
  worker_handle: string | null;
  device_id: string | null;
  distance: number;
  end_location: [number, number] | null;
  visited_destination: boolean;
  arrived_at: string | null;
  risks: Record<string, string>;
  updated_at: string;
}

export type LiveEvent = LocationEvent | OrderEvent;

/**
 * Not for subscribers: tells every server process sharing the database that an account's
 * settings changed, so each drops its cached copy (the risk thresholds cache).
 */
export interface SettingsEvent {
  type: 'settings';
  account_id: string;
}

/** Everything that travels on the live channel. */
export type ChannelEvent = LiveEvent | SettingsEvent;

export const settingsEvent = (accountId: string): SettingsEvent => ({ type: 'settings', account_id: accountId });

export const locationEvent = (accountId: string, deviceId: string, f: Fix): LocationEvent => ({
  type: 'location',
  account_id: accountId,
  device_id: deviceId,
  location: {
    lng: f.lng,
    lat: f.lat,
    recorded_at: f.recordedAt.toISOString(),
    accuracy: f.accuracy,
    speed: f.speed,
    bearing: f.bearing,
    battery: f.battery,
  },
});

export const orderEvent = (o: Order): OrderEvent => ({
  type: 'order',
  account_id: o.accountId,
  order_id: o.id,
  order_handle: o.orderHandle,
  order_type: o.type,
  fulfillment_attempt: o.fulfillmentAttempt,
  share_code: o.shareCode,
  status: o.status,
  worker_handle: o.workerHandle,
  device_id: o.deviceId,
  distance: Math.round(o.tracking.distance),
  end_location: o.tracking.endLocation?.coordinates ?? null,
  visited_destination: o.tracking.visitedDestination,
  arrived_at: o.tracking.arrivedAt?.toISOString() ?? null,
  risks: { ...o.tracking.risks },
  updated_at: o.updatedAt.toISOString(),
});
