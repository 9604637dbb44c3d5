import { isCancelled, isCompleted, isTracking, isWithWorker } from '../order/statuses.ts';
import type { Order } from '../order/types.ts';

/**
 * What the driver app adds to an order, kept in its metadata under these keys so every dialect
 * reads it with the order itself (docs/driver-app.md, "In the dialects").
 */
export const DRIVER_KEYS = {
  acceptedBy: 'driver_accepted_by',
  acceptedAt: 'driver_accepted_at',
  rejectedBy: 'driver_rejected_by',
  rejectedAt: 'driver_rejected_at',
  rejectReason: 'driver_reject_reason',
  arrivedAt: 'driver_arrived_at',
  failureReason: 'driver_failure_reason',
  failureNotes: 'driver_failure_notes',
  failureLocation: 'driver_failure_location',
  /** The fail action's id, written with the change itself (services/drivers/stop-actions.ts). */
  failureActionId: 'driver_failure_action_id',
} as const;

export type DriverStopStatus = 'new' | 'accepted' | 'started' | 'arrived' | 'completed' | 'failed' | 'cancelled';

const text = (o: Order, key: string): string | null => {
  const v = o.metadata[key];
  return typeof v === 'string' ? v : null;
};

export const driverMark = text;

/** The worker holding the order accepted it (a reassignment to another worker voids the acceptance). */
export const isAcceptedBy = (o: Order, workerHandle: string | null): boolean =>
  workerHandle !== null && text(o, DRIVER_KEYS.acceptedBy) === workerHandle && isWithWorker(o.status);

/** The driver marked arrival, or the destination geofence said so. */
export function arrivedAt(o: Order): string | null {
  return text(o, DRIVER_KEYS.arrivedAt) ?? o.tracking.arrivedAt?.toISOString() ?? null;
}

/** The stop as the driver sees it. */
export function driverStopStatus(o: Order): DriverStopStatus {
  if (isCompleted(o.status)) return 'completed';
  if (isCancelled(o.status)) return text(o, DRIVER_KEYS.failureReason) ? 'failed' : 'cancelled';
  if (isTracking(o.status)) return arrivedAt(o) ? 'arrived' : 'started';
  return isAcceptedBy(o, o.workerHandle) ? 'accepted' : 'new';
}
