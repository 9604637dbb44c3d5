import { isTracking } from '../../core/order/statuses.ts';
import { type Change, completeOrder } from '../../core/order/lifecycle.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { GeofenceReaction } from '../dialects/dialect.ts';

/** Bringg's code for a check-in/out made by the geofence rather than the driver (reference §6). */
export const BY_GEOFENCE = 1;

const positionOf = (e: TimelineEvent) => {
  const loc = e.data.location as { geometry?: { coordinates?: [number, number] } } | undefined;
  return loc?.geometry?.coordinates ?? null;
};

const isCrossing = (e: TimelineEvent) => e.type === 'order_geofence_entered' || e.type === 'order_geofence_exited';

/** Whether tracking crossed a geofence, which a Bringg task may have to record (below). */
export const crossesGeofence = (events: readonly TimelineEvent[]) => events.some(isCrossing);

/**
 * Tracking's geofence crossings, seen by a Bringg task: entering a stop's geofence checks its way
 * point in, leaving it checks the way point out, which completes that stop — what Bringg's own
 * geofence does, recorded with code 1. Orders that are not Bringg tasks are left alone. Returns
 * the completion to save with the tracking change, or null.
 */
export async function applyBringgGeofence(repos: Repos, order: Order, events: readonly TimelineEvent[]): Promise<Change | null> {
  const crossings = events.filter(isCrossing);
  if (crossings.length === 0) return null;
  const task = await repos.bringg.findTask(order.accountId, { orderHandle: order.orderHandle }, { forUpdate: true });
  if (!task) return null;
  const wayPoints = await repos.bringg.listWayPoints([task.taskId]);
  let wp = wayPoints.find((w) => w.orderType === order.type && w.typeIndex === order.typeIndex);
  if (!wp) return null;
  let completion: Change | null = null;
  for (const e of crossings) {
    const pos = positionOf(e);
    if (e.type === 'order_geofence_entered' && !wp.checkinTime) {
      wp = { ...wp, checkinTime: e.recordedAt, checkinLng: pos?.[0] ?? null, checkinLat: pos?.[1] ?? null, automaticallyCheckedIn: BY_GEOFENCE };
    } else if (e.type === 'order_geofence_exited' && wp.checkinTime && !wp.checkoutTime && isTracking(order.status)) {
      wp = { ...wp, checkoutTime: e.recordedAt, checkoutLng: pos?.[0] ?? null, checkoutLat: pos?.[1] ?? null, automaticallyCheckedOut: BY_GEOFENCE };
      completion = completeOrder(order, e.recordedAt);
      const last = Math.max(...wayPoints.map((w) => w.position)) === wp.position;
      if (last) await repos.bringg.updateTask({ ...task, automaticallyEnded: BY_GEOFENCE, updatedAt: e.recordedAt });
    }
  }
  await repos.bringg.updateWayPoint(wp);
  return completion;
}

export const bringgGeofence: GeofenceReaction = { crosses: crossesGeofence, apply: applyBringgGeofence };
