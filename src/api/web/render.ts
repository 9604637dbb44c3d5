import { DRIVER_KEYS, driverMark } from '../../core/driver/stop-state.ts';
import { isOpen } from '../../core/order/statuses.ts';
import { customerOf } from '../../core/order/customer.ts';
import type { Order } from '../../core/order/types.ts';
import type { DeviceSummary } from '../../services/tracking/list-devices.ts';
import type { OrderView } from '../../services/views.ts';
import type { Worker } from '../../core/worker.ts';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

const pointOf = (o: Order): [number, number] | null =>
  o.destination.geometry.type === 'Point' ? (o.destination.geometry.coordinates as [number, number]) : null;

/** An order as a board row: what the dashboard lists, filters and updates live. */
export function renderOrderRow(o: Order) {
  const risks = Object.fromEntries(Object.entries(o.tracking.risks).filter(([, level]) => level !== 'green'));
  const open = isOpen(o.status);
  const e = o.tracking.estimate;
  return {
    order_handle: o.orderHandle,
    type: o.type,
    status: o.status,
    worker_handle: o.workerHandle,
    device_id: o.deviceId,
    route_handle: o.routeHandle,
    share_path: `/t/${o.shareCode}`,
    address: o.destination.address ?? null,
    destination: pointOf(o),
    radius: o.destination.radius ?? null,
    locked: o.lockedAt !== null,
    at_risk: Object.keys(risks).length > 0,
    risks,
    eta: open && e ? { arrive_at: e.arriveAt, remaining_distance: Math.round(e.distance), remaining_duration: Math.round(e.duration) } : null,
    distance: Math.round(o.tracking.distance),
    created_at: iso(o.createdAt),
    scheduled_at: iso(o.scheduledAt),
    started_at: iso(o.startedAt),
    arrived_at: iso(o.tracking.arrivedAt),
    completed_at: iso(o.completedAt),
    cancelled_at: iso(o.cancelledAt),
    updated_at: iso(o.updatedAt),
    customer: customerOf(o.metadata),
  };
}

const driverFailure = (o: Order) => {
  const reason = o.metadata[DRIVER_KEYS.failureReason];
  return typeof reason === 'string' ? { reason, notes: driverMark(o, DRIVER_KEYS.failureNotes) } : null;
};

/** The detail view: the row plus the driver app's proof or failure (docs/driver-app.md), the timeline and the recorded path. */
export const renderOrderDetail = ({ order, timeline, polyline }: OrderView) => ({
  ...renderOrderRow(order),
  geometry: order.destination.geometry,
  // Its proof images are markers until the server's onSend hook signs them (docs/driver-app.md §4).
  proof_of_delivery: order.metadata.proof_of_delivery ?? null,
  failure: driverFailure(order),
  timeline: timeline.map((e) => ({ type: e.type, recorded_at: e.recordedAt.toISOString() })),
  path: polyline.map(([lng, lat]) => [lng, lat]),
});

export const renderDevice = (d: DeviceSummary) => ({
  device_id: d.deviceId,
  worker_handle: d.workerHandle,
  worker_name: d.workerName,
  last_seen_at: d.lastSeenAt.toISOString(),
  location: d.lastFix
    ? {
        lng: d.lastFix.lng,
        lat: d.lastFix.lat,
        recorded_at: d.lastFix.recordedAt.toISOString(),
        bearing: d.lastFix.bearing,
        speed: d.lastFix.speed,
        battery: d.lastFix.battery,
      }
    : null,
});

export const renderWorker = (w: Worker) => ({
  worker_handle: w.workerHandle,
  name: w.name,
  device_id: w.deviceIds.at(-1) ?? null,
  is_tracking: w.isTracking,
});
