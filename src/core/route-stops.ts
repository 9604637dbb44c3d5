import { centroidOf } from './geo.ts';
import { isCancelled, isCompleted, isDisabled, isTracking } from './order/statuses.ts';
import type { Order } from './order/types.ts';
import { greatCircleLeg, type LngLat } from './planning/travel-matrix.ts';
import type { TravelMatrix } from './tracking/eta.ts';

/** Travel between two points: metres and seconds (the offline default, or a routing provider's). */
export type LegFn = (from: LngLat, to: LngLat) => { distance: number; duration: number };

/** A stop that is served or under way (ongoing, arrived, completed): the route operations never move it. */
/**
 * What the route operations and dispatch read of a stop: a stored order, or its planning columns
 * alone (dispatch reads every open route's stops on each create, so it reads no more than these).
 */
export type RouteStop = Pick<
  Order,
  | 'id'
  | 'orderHandle'
  | 'type'
  | 'typeIndex'
  | 'fulfillmentAttempt'
  | 'status'
  | 'destination'
  | 'scheduledAt'
  | 'scheduledAfter'
  | 'expectedServiceTime'
  | 'productType'
  | 'rescheduledMarkedAt'
  | 'routeHandle'
>;

export const isStartedStop = (o: Pick<Order, 'status'>): boolean => isTracking(o.status) || isCompleted(o.status);

/** A stop nobody will serve on this route any more: cancelled, disabled, or replaced by a new attempt. */
export const isInactiveStop = (o: Pick<Order, 'status' | 'rescheduledMarkedAt'>): boolean =>
  isCancelled(o.status) || isDisabled(o.status) || o.rescheduledMarkedAt !== null;

/** A stop the route operations may place: live and not started. */
export const isOpenStop = (o: Pick<Order, 'status' | 'rescheduledMarkedAt'>): boolean => !isStartedStop(o) && !isInactiveStop(o);

export const stopLocation = (o: Pick<Order, 'destination'>): LngLat => centroidOf(o.destination.geometry).coordinates;

/** What an estimate reads of a stop: a stored order, or a proposed one (GET /orders/estimate). */
export type EstimatedStop = Pick<Order, 'id' | 'destination' | 'scheduledAt' | 'scheduledAfter' | 'expectedServiceTime'>;

/**
 * The route's orders in serving order: those the stored sequence lists, in its order, then the
 * others in the order given (the store lists them by creation). Ids of orders that left the
 * route are skipped.
 */
export function sequenceStops<T extends Pick<Order, 'id'>>(orders: readonly T[], sequence: readonly string[]): T[] {
  const rank = new Map(sequence.map((id, i) => [id, i]));
  return orders
    .map((o, i) => ({ o, key: rank.get(o.id) ?? sequence.length + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.o);
}

/** The sequenced stops split as the route operations treat them; each part keeps its order. */
export interface StopParts<T extends RouteStop = Order> {
  completed: T[];
  ongoing: T[];
  open: T[];
  inactive: T[];
}

export function splitStops<T extends RouteStop>(sequenced: readonly T[]): StopParts<T> {
  const parts: StopParts<T> = { completed: [], ongoing: [], open: [], inactive: [] };
  for (const o of sequenced) {
    if (isInactiveStop(o)) parts.inactive.push(o);
    else if (isCompleted(o.status)) parts.completed.push(o);
    else if (isTracking(o.status)) parts.ongoing.push(o);
    else parts.open.push(o);
  }
  return parts;
}

/** The sequence to store: served stops first and in order, then the open ones, then the inactive. */
export const storedSequence = <T extends RouteStop>(p: StopParts<T>, open: readonly T[] = p.open): string[] =>
  [...p.completed, ...p.ongoing, ...open, ...p.inactive].map((o) => o.id);

export interface StopEstimate {
  orderId: string;
  arriveAt: Date;
}

export interface RouteEstimate {
  /** The latest departure that still meets every deadline on the way (the departure when none can be met). */
  startBy: Date;
  /** Metres and seconds from the start to the end of the last service (travel, waiting and service). */
  distance: number;
  duration: number;
  /** Straight legs between the stops, start to end. */
  polyline: LngLat[];
  startLocation: LngLat;
  endLocation: LngLat;
  stops: StopEstimate[];
}

export interface EstimateOptions {
  /** Where the worker leaves from; omitted = the first stop (no worker home or position known). */
  start?: LngLat;
  leg?: LegFn;
  /** Travel between the route's points in order (start first): a routing provider's matrix, read instead of `leg`. */
  matrix?: TravelMatrix;
}

/**
 * Drives the stops in the given order from `departure`: each arrival, a wait until the stop's
 * `scheduled_after`, its expected service time, then the next leg. `startBy` is how long the
 * departure may slip before some stop misses its `scheduled_at`: a later departure first eats the
 * waiting before a stop, so the slack at stop i is (deadline − service start) + the waits so far.
 */
export function estimateRoute(stops: readonly EstimatedStop[], departure: Date, options: EstimateOptions = {}): RouteEstimate | null {
  if (stops.length === 0) return null;
  const points = [...(options.start ? [options.start] : []), ...stops.map(stopLocation)];
  const leg = options.leg ?? ((a: LngLat, b: LngLat) => greatCircleLeg(a, b));
  const offset = options.start ? 1 : 0;
  let t = departure.getTime() / 1000;
  const t0 = t;
  let distance = 0;
  let waited = 0;
  let slack = Number.POSITIVE_INFINITY;
  const out: StopEstimate[] = [];
  for (let i = 0; i < stops.length; i++) {
    const o = stops[i]!;
    const at = i + offset;
    if (at > 0) {
      const m = options.matrix;
      const k = (at - 1) * (m?.size ?? 0) + at;
      const l = m ? { distance: m.distances[k]!, duration: m.durations[k]! } : leg(points[at - 1]!, points[at]!);
      t += l.duration;
      distance += l.distance;
    }
    out.push({ orderId: o.id, arriveAt: new Date(Math.round(t * 1000)) });
    const open = o.scheduledAfter ? o.scheduledAfter.getTime() / 1000 : Number.NEGATIVE_INFINITY;
    const serviceStart = Math.max(t, open);
    waited += serviceStart - t;
    if (o.scheduledAt) slack = Math.min(slack, o.scheduledAt.getTime() / 1000 - serviceStart + waited);
    t = serviceStart + o.expectedServiceTime;
  }
  const delay = Number.isFinite(slack) ? Math.max(0, slack) : 0;
  return {
    startBy: new Date(Math.round((t0 + delay) * 1000)),
    distance: Math.round(distance),
    duration: Math.round(t - t0),
    polyline: points,
    startLocation: points[0]!,
    endLocation: points[points.length - 1]!,
    stops: out,
  };
}

/**
 * Planned travel and service over the whole live sequence (served stops included), without
 * waiting; from the worker's home to the first stop when it has one.
 */
export function plannedTotals(stops: readonly Order[], leg: LegFn = (a, b) => greatCircleLeg(a, b), home: LngLat | null = null) {
  let distance = 0;
  let duration = 0;
  for (let i = 0; i < stops.length; i++) {
    duration += stops[i]!.expectedServiceTime;
    const from = i > 0 ? stopLocation(stops[i - 1]!) : home;
    if (from) {
      const l = leg(from, stopLocation(stops[i]!));
      distance += l.distance;
      duration += l.duration;
    }
  }
  return { distance: Math.round(distance), duration: Math.round(duration) };
}
