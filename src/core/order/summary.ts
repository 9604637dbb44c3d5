import { centroidOf, haversine } from '../geo.ts';
import type { CompletionSummary, Order } from './types.ts';

/**
 * The measurements frozen when an order completes or is cancelled. Deviation is the distance
 * from the last tracked position to the destination (its centre for polygons); tracking rate is
 * the percentage of the order's tracked span covered by fixes (HyperTrack's example shows 77.5,
 * so a percentage rather than a fraction).
 */
export function summarize(order: Order, endedAt: Date): CompletionSummary {
  const t = order.tracking;
  const deviation = t.endLocation ? Math.round(haversine(t.endLocation.coordinates, centroidOf(order.destination.geometry).coordinates)) : null;
  const start = order.startedAt ?? t.firstFixAt;
  const span = start ? (endedAt.getTime() - start.getTime()) / 1000 : 0;
  const rate = span > 0 ? Math.min(100, (100 * t.coveredSeconds) / span) : 0;
  return {
    atDestination: t.insideDestination,
    deviationFromDestination: deviation,
    trackingRate: Math.round(rate * 10) / 10,
    riskStatus: Object.values(t.risks).some((r) => r !== 'green'),
  };
}
