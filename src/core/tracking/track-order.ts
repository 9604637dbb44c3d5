import { point } from '../geo.ts';
import { noRegions, type RegionLookup } from '../region.ts';
import type { Change } from '../order/lifecycle.ts';
import type { TimelineEvent } from '../order/timeline.ts';
import type { Order, OrderTracking } from '../order/types.ts';
import type { Fix } from './fix.ts';
import { isInsideDestination } from './geofence.ts';
import { advanceActivity } from './activity.ts';
import { advanceOdometer, DEFAULT_ODOMETER, type OdometerOptions, odometerDistance } from './odometer.ts';

export interface TrackingOptions {
  odometer: OdometerOptions;
  /** A gap between fixes longer than this counts as untracked time. */
  maxCoveredGapSeconds: number;
  /** How far outside the geofence a device must be before it has left (boundary wobble). */
  exitMarginMetres: number;
}

export const DEFAULT_TRACKING: TrackingOptions = {
  odometer: DEFAULT_ODOMETER,
  maxCoveredGapSeconds: 120,
  exitMarginMetres: 15,
};

const geofenceEvent = (type: string, o: Order, f: Fix): TimelineEvent => ({
  type,
  recordedAt: f.recordedAt,
  data: {
    order_handle: o.orderHandle,
    route_handle: o.routeHandle,
    fulfillment_attempt: o.fulfillmentAttempt,
    location: { geometry: point(f.lng, f.lat), recorded_at: f.recordedAt.toISOString() },
  },
});

/**
 * Folds fixes (in time order) into an order's tracking record and returns the timeline events
 * they cause. Distance comes from a jitter-robust odometer (a parked phone adds nearly nothing).
 * Arrival is the first fix inside the
 * geofence — exactly, never earlier; leaving needs `exitMarginMetres` beyond it. Fixes older than
 * the last one applied are history for the polyline, not movement. `regions` names the places
 * where driver activity segments start.
 */
export function trackOrder(order: Order, fixes: readonly Fix[], opts: TrackingOptions = DEFAULT_TRACKING, regions: RegionLookup = noRegions): Change {
  const t: OrderTracking = { ...order.tracking };
  const events: TimelineEvent[] = [];
  for (const f of fixes) {
    if (t.lastFixAt && f.recordedAt <= t.lastFixAt) continue;
    const here = point(f.lng, f.lat);
    if (!t.firstFixAt) {
      t.firstFixAt = f.recordedAt;
      t.startLocation = here;
    } else {
      const gap = (f.recordedAt.getTime() - (t.lastFixAt as Date).getTime()) / 1000;
      t.coveredSeconds += Math.min(gap, opts.maxCoveredGapSeconds);
      if (t.insideDestination) t.trackedServiceTime += Math.round(Math.min(gap, opts.maxCoveredGapSeconds));
    }
    const odometerBefore = t.odometer ?? { committed: 0, cluster: null };
    t.odometer = advanceOdometer(odometerBefore, here.coordinates, f.recordedAt, f.accuracy, opts.odometer);
    const activity = advanceActivity(t.activity ?? null, odometerBefore, t.odometer, regions, opts.odometer);
    t.activity = activity.segment;
    events.push(...activity.events);
    t.distance = odometerDistance(t.odometer, opts.odometer);
    const inside = t.insideDestination
      ? isInsideDestination(order.destination, here.coordinates, opts.exitMarginMetres)
      : isInsideDestination(order.destination, here.coordinates);
    if (inside && !t.insideDestination) {
      t.insideDestination = true;
      t.visitedDestination = true;
      t.arrivedAt ??= f.recordedAt;
      t.exitedAt = null;
      events.push(geofenceEvent('order_geofence_entered', order, f));
    } else if (!inside && t.insideDestination) {
      t.insideDestination = false;
      t.exitedAt = f.recordedAt;
      events.push(geofenceEvent('order_geofence_exited', order, f));
    }
    t.lastFixAt = f.recordedAt;
    t.endLocation = here;
    t.fixCount += 1;
  }
  return { order: { ...order, tracking: t }, events };
}
