import { isCancelled, isCompleted, isTracking, isUnassigned } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';

export const UBER_STATUSES = ['pending', 'pickup', 'pickup_complete', 'dropoff', 'delivered', 'canceled', 'returned'] as const;
export type UberStatus = (typeof UBER_STATUSES)[number];

/** Uber: within ~1 minute or ~80 m of the waypoint the courier is "imminent" (reference §6, §7). */
const IMMINENT_SECONDS = 60;
const IMMINENT_METRES = 80;

const hasCourier = (o: Order) => o.workerHandle !== null && !isUnassigned(o.status);

/**
 * On the way to the dropoff: its stop is tracked and has a fix newer than the last one the pickup
 * saw (fix times, not server times: a device's clock may run ahead of ours).
 */
function hasLeftPickup(pick: Order, drop: Order): boolean {
  const last = drop.tracking.lastFixAt;
  const pickedAt = pick.tracking.lastFixAt ?? pick.completedAt;
  return isTracking(drop.status) && !!last && !!pickedAt && last > pickedAt;
}

/**
 * The Uber status a delivery's two stops spell (reference §7). A dropoff stop cancelled after the
 * pickup was made is a return (`metadata.uber_returned`); any other cancelled stop cancels the
 * whole delivery, the native API's cancel of one stop included. `pickup_complete` lasts until the
 * courier is seen moving again after the pickup.
 */
export function deliveryStatus(pick: Order, drop: Order): UberStatus {
  if (isCompleted(drop.status)) return 'delivered';
  if (isCancelled(drop.status) && drop.metadata.uber_returned === true) return 'returned';
  if (isCancelled(pick.status) || isCancelled(drop.status)) return 'canceled';
  if (isCompleted(pick.status)) return hasLeftPickup(pick, drop) ? 'dropoff' : 'pickup_complete';
  if (hasCourier(pick) || hasCourier(drop)) return 'pickup';
  return 'pending';
}

export const isComplete = (s: UberStatus): boolean => s === 'delivered' || s === 'canceled' || s === 'returned';

/** Uber: cancel is refused once the items are picked up (reference §7, inferred cut-off). */
export const canCancel = (s: UberStatus): boolean => s === 'pending' || s === 'pickup';

/** The stop the courier is heading to, while one is. */
export function currentStop(status: UberStatus, pick: Order, drop: Order): Order | null {
  if (status === 'pickup') return pick;
  if (status === 'dropoff') return drop;
  return null;
}

/** The tracking engine's word on the current stop: inside its geofence, or an ETA under a minute / 80 m. */
export function isCourierImminent(stop: Order | null): boolean {
  if (!stop || !isTracking(stop.status)) return false;
  const t = stop.tracking;
  if (t.insideDestination) return true;
  const e = t.estimate;
  return !!e && (e.duration <= IMMINENT_SECONDS || e.distance <= IMMINENT_METRES);
}
