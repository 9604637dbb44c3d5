import { haversine, point } from '../geo.ts';
import type { OrderTracking } from '../order/types.ts';
import type { Fix } from './fix.ts';

export interface TrackingOptions {
  /** Moves shorter than this (or than twice the fix accuracy) are GPS jitter, not travel. */
  minStepMetres: number;
  /** A gap between fixes longer than this counts as untracked time. */
  maxCoveredGapSeconds: number;
}

export const DEFAULT_TRACKING: TrackingOptions = { minStepMetres: 20, maxCoveredGapSeconds: 120 };

/**
 * Folds fixes (in time order) into an order's tracking record. Distance accumulates from an
 * anchor that only moves once the device is clearly elsewhere, so a parked phone's jitter adds
 * nothing; fixes older than the last one applied are history for the polyline, not movement.
 */
export function applyFixes(
  t: OrderTracking,
  fixes: readonly Fix[],
  opts: TrackingOptions = DEFAULT_TRACKING,
): OrderTracking {
  let next = { ...t };
  for (const f of fixes) {
    if (next.lastFixAt && f.recordedAt <= next.lastFixAt) continue;
    const here = point(f.lng, f.lat);
    if (!next.firstFixAt) {
      next = { ...next, firstFixAt: f.recordedAt, startLocation: here, anchor: here.coordinates };
    } else {
      const gap = (f.recordedAt.getTime() - (next.lastFixAt as Date).getTime()) / 1000;
      next.coveredSeconds += Math.min(gap, opts.maxCoveredGapSeconds);
      const anchor = next.anchor ?? here.coordinates;
      const step = haversine(anchor, here.coordinates);
      if (step >= Math.max(opts.minStepMetres, 2 * (f.accuracy ?? 0))) {
        next.distance += step;
        next.anchor = here.coordinates;
      }
    }
    next.lastFixAt = f.recordedAt;
    next.endLocation = here;
    next.fixCount += 1;
  }
  return next;
}
