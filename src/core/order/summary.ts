import { centroidOf, haversine } from '../geo.ts';
import type { CompletionSummary, Order } from './types.ts';

/**
 * The percentage (one decimal) of the order's tracked span up to `until` that fixes cover:
 * HyperTrack's `tracking_rate` (its example shows 77.5, so a percentage rather than a fraction).
 */
export function trackingRate(order: Order, until: Date): number {
  const start = order.startedAt ?? order.tracking.firstFixAt;
  const span = start ? (until.getTime() - start.getTime()) / 1000 : 0;
  const rate = span > 0 ? Math.min(100, (100 * order.tracking.coveredSeconds) / span) : 0;
  return Math.round(rate * 10) / 10;
}

/**
 * The measurements frozen when an order completes or is cancelled. Deviation is the distance
 * from the last tracked position to the destination (its centre for polygons); tracking rate as
 * trackingRate measures it at the end.
 */
export function summarize(order: Order, endedAt: Date): CompletionSummary {
  const t = order.tracking;
  const deviation = t.endLocation ? Math.round(haversine(t.endLocation.coordinates, centroidOf(order.destination.geometry).coordinates)) : null;
  return {
    atDestination: t.insideDestination,
    deviationFromDestination: deviation,
    trackingRate: trackingRate(order, endedAt),
    riskStatus: Object.values(t.risks).some((r) => r !== 'green'),
  };
}
