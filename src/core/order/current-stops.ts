import type { Order } from './types.ts';

const isBetter = (a: Order, b: Order): boolean =>
  !a.rescheduledMarkedAt !== !b.rescheduledMarkedAt ? !a.rescheduledMarkedAt : a.fulfillmentAttempt > b.fulfillmentAttempt;

/** The current record of each stop of a handle: the one a reschedule has not superseded, pick first. */
export function currentStops(records: Order[]): Order[] {
  const byStop = new Map<string, Order>();
  for (const o of records) {
    const key = `${o.type}/${o.typeIndex}`;
    const seen = byStop.get(key);
    if (!seen || isBetter(o, seen)) byStop.set(key, o);
  }
  return [...byStop.values()];
}
