import type { Order } from './types.ts';

/** When the order stopped being worked: completion, cancellation, or null while it goes on. */
export const endedAt = (o: Order): Date | null => o.completedAt ?? o.cancelledAt ?? null;

/**
 * Seconds from the order's first tracked fix to its end (or `now` while it goes on) — the seeds'
 * `duration` (seed 000: first fix 01:28:23.916, cancelled 01:37:03.650 → 520).
 */
export function trackedDuration(o: Order, now: Date): number {
  const first = o.tracking.firstFixAt;
  if (!first) return 0;
  const end = endedAt(o) ?? now;
  return Math.max(0, Math.round((end.getTime() - first.getTime()) / 1000));
}

/** Seconds between arrival at the destination and completion (or leaving), 0 if it never arrived. */
export function actualServiceTime(o: Order, now: Date): number {
  const arrived = o.tracking.arrivedAt;
  if (!arrived) return 0;
  const end = o.tracking.exitedAt ?? endedAt(o) ?? now;
  return Math.max(0, Math.round((end.getTime() - arrived.getTime()) / 1000));
}
