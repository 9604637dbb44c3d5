import { haversine } from '../geo.ts';
import type { Fix } from './fix.ts';

export const DROP_REASONS = ['out_of_range', 'in_future', 'teleport'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface ValidationOptions {
  /** Fixes stamped further ahead of the server clock than this are device clock errors. */
  maxFutureSkewSeconds: number;
  /** A jump faster than this from the previous fix is a bad fix, not a car (default 250 km/h). */
  maxSpeedMps: number;
}

export const DEFAULT_VALIDATION: ValidationOptions = { maxFutureSkewSeconds: 300, maxSpeedMps: 70 };

export interface Validated {
  accepted: Fix[];
  dropped: Partial<Record<DropReason, number>>;
}

const inRange = (f: Fix) =>
  Number.isFinite(f.lat) &&
  Number.isFinite(f.lng) &&
  Math.abs(f.lat) <= 90 &&
  Math.abs(f.lng) <= 180 &&
  !(f.lat === 0 && f.lng === 0) &&
  !Number.isNaN(f.recordedAt.getTime());

/**
 * Drops impossible fixes, counting why. `previous` is the device's last accepted fix; fixes are
 * checked in time order so one bad fix does not poison the ones after it (the next fix is
 * compared with the last good one). Out-of-order fixes older than `previous` are kept: buffered
 * clients replay backlogs, and history is history.
 */
export function validateFixes(fixes: readonly Fix[], previous: Fix | null, now: Date, opts: ValidationOptions = DEFAULT_VALIDATION): Validated {
  const dropped: Partial<Record<DropReason, number>> = {};
  const drop = (r: DropReason) => {
    dropped[r] = (dropped[r] ?? 0) + 1;
  };
  const accepted: Fix[] = [];
  let last = previous;
  const sorted = [...fixes].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  for (const f of sorted) {
    if (!inRange(f)) {
      drop('out_of_range');
      continue;
    }
    if (f.recordedAt.getTime() - now.getTime() > opts.maxFutureSkewSeconds * 1000) {
      drop('in_future');
      continue;
    }
    if (last && f.recordedAt > last.recordedAt) {
      const seconds = (f.recordedAt.getTime() - last.recordedAt.getTime()) / 1000;
      const metres = haversine([last.lng, last.lat], [f.lng, f.lat]);
      // Allow for the two fixes' own uncertainty before calling it a teleport.
      const slack = (f.accuracy ?? 0) + (last.accuracy ?? 0);
      if (metres - slack > opts.maxSpeedMps * Math.max(seconds, 1)) {
        drop('teleport');
        continue;
      }
    }
    accepted.push(f);
    if (!last || f.recordedAt > last.recordedAt) last = f;
  }
  return { accepted, dropped };
}
