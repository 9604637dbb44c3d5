import { describe, expect, it } from 'vitest';
import { haversine } from '../../../src/core/geo.ts';
import { createOrder } from '../../../src/core/order/lifecycle.ts';
import type { Destination, Order } from '../../../src/core/order/types.ts';
import type { TimelineEvent } from '../../../src/core/order/timeline.ts';
import type { Fix } from '../../../src/core/tracking/fix.ts';
import { trackOrder } from '../../../src/core/tracking/track-order.ts';

const T0 = Date.parse('2030-01-01T09:00:00.000Z');
const M_PER_DEG_LAT = 111_195;

/** A deterministic PRNG so "random" jitter is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const offset = ([lng, lat]: [number, number], east: number, north: number): [number, number] => [
  lng + east / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)),
  lat + north / M_PER_DEG_LAT,
];

const fix = (pos: [number, number], seconds: number, accuracy = 5): Fix => ({
  recordedAt: new Date(T0 + seconds * 1000),
  lng: pos[0],
  lat: pos[1],
  altitude: 10,
  accuracy,
  speed: null,
  bearing: null,
  battery: 80,
  activity: null,
});

/** The geofence crossings among a fold's events (driver activity events come alongside). */
const crossings = (events: TimelineEvent[]) => events.filter((e) => e.type.startsWith('order_geofence_'));

function orderTo(destination: Destination): Order {
  const { order } = createOrder(
    {
      orderHandle: 'trip',
      type: 'drop',
      typeIndex: 0,
      destination,
      scheduledAt: null,
      scheduledAfter: null,
      expectedServiceTime: 0,
      capacityUsed: 1,
      priority: null,
      productType: null,
      metadata: {},
      opsGroupHandle: null,
      trackMode: 'on_time',
      planMode: 'manual',
      region: null,
    },
    { id: '00000000-0000-4000-8000-000000000001', accountId: 'A', shareCode: 'share', fulfillmentAttempt: 0 },
    new Date(T0),
  );
  return { ...order, status: 'ongoing', startedAt: new Date(T0) };
}

/** Drives a polyline of legs (east, north metres) at `speed` m/s, one fix every `every` s. */
function drive(start: [number, number], legs: [number, number][], speed: number, every: number, t0 = 0) {
  const fixes: Fix[] = [fix(start, t0)];
  let pos = start;
  let t = t0;
  let trueLength = 0;
  for (const [e, n] of legs) {
    const len = Math.hypot(e, n);
    const steps = Math.max(1, Math.round(len / (speed * every)));
    for (let i = 1; i <= steps; i++) {
      const next = offset(pos, (e * i) / steps, (n * i) / steps);
      t += every;
      fixes.push(fix(next, t));
    }
    const end = offset(pos, e, n);
    trueLength += haversine(pos, end);
    pos = end;
  }
  return { fixes, end: pos, trueLength, endTime: t };
}

const START: [number, number] = [-121.88, 37.33];

describe('scripted trips (injected time)', () => {
  it('distance is within 1 % of the true path length, turns included', () => {
    const legs: [number, number][] = [
      [800, 0],
      [0, 600],
      [-300, 400],
      [500, 250],
      [0, -900],
    ];
    for (const [speed, every] of [
      [12, 1],
      [12, 5],
      [8, 10],
    ] as const) {
      const trip = drive(START, legs, speed, every);
      const far: Destination = { geometry: { type: 'Point', coordinates: offset(START, 50_000, 0) }, radius: 100 };
      const { order } = trackOrder(orderTo(far), trip.fixes);
      expect(Math.abs(order.tracking.distance - trip.trueLength) / trip.trueLength, `${speed} m/s every ${every} s`).toBeLessThan(0.01);
    }
  });

  it('arrival is the first fix inside the radius — exactly then, not before', () => {
    const destPos = offset(START, 1000, 0);
    const dest: Destination = { geometry: { type: 'Point', coordinates: destPos }, radius: 100 };
    const trip = drive(START, [[1000, 0]], 10, 1);
    const firstInside = trip.fixes.find((f) => haversine([f.lng, f.lat], destPos) <= 100)!;
    const lastOutside = trip.fixes[trip.fixes.indexOf(firstInside) - 1]!;
    expect(haversine([lastOutside.lng, lastOutside.lat], destPos)).toBeGreaterThan(100);
    // Up to and including the last fix outside: no arrival.
    const before = trackOrder(orderTo(dest), trip.fixes.slice(0, trip.fixes.indexOf(firstInside)));
    expect(before.order.tracking.arrivedAt).toBeNull();
    expect(crossings(before.events)).toEqual([]);
    const after = trackOrder(orderTo(dest), trip.fixes);
    expect(after.order.tracking.arrivedAt).toEqual(firstInside.recordedAt);
    expect(after.order.tracking.visitedDestination).toBe(true);
    expect(crossings(after.events).map((e) => [e.type, e.recordedAt])).toEqual([['order_geofence_entered', firstInside.recordedAt]]);
  });

  it('a polygon destination is entered when the track crosses its edge', () => {
    const sw = offset(START, 500, -50);
    const ne = offset(START, 600, 50);
    const dest: Destination = {
      geometry: { type: 'Polygon', coordinates: [[sw, [ne[0], sw[1]], ne, [sw[0], ne[1]], sw]] },
    };
    const { order, events } = trackOrder(orderTo(dest), drive(START, [[1000, 0]], 10, 1).fixes);
    expect(crossings(events).map((e) => e.type)).toEqual(['order_geofence_entered', 'order_geofence_exited']);
    expect(order.tracking.insideDestination).toBe(false);
    // 100 m of polygon at 10 m/s, counted from the arrival fix to the fix before leaving.
    expect(order.tracking.trackedServiceTime).toBeGreaterThanOrEqual(9);
    expect(order.tracking.trackedServiceTime).toBeLessThanOrEqual(11);
  });

  it('10 minutes parked with ±15 m jitter adds less than 20 m', () => {
    const random = rng(42);
    const parked: Fix[] = [];
    for (let s = 0; s <= 600; s += 5) {
      const r = 15 * Math.sqrt(random());
      const a = 2 * Math.PI * random();
      parked.push(fix(offset(START, r * Math.cos(a), r * Math.sin(a)), s, 12));
    }
    const dest: Destination = { geometry: { type: 'Point', coordinates: offset(START, 5000, 0) }, radius: 100 };
    const { order } = trackOrder(orderTo(dest), parked);
    expect(order.tracking.distance).toBeLessThan(20);
  });

  it('driving, parking with jitter, and driving on adds only the driven legs', () => {
    const random = rng(7);
    const leg1 = drive(START, [[1000, 0]], 10, 2);
    const parked: Fix[] = [];
    for (let s = 2; s <= 600; s += 5) {
      const r = 15 * Math.sqrt(random());
      const a = 2 * Math.PI * random();
      parked.push(fix(offset(leg1.end, r * Math.cos(a), r * Math.sin(a)), leg1.endTime + s, 12));
    }
    const leg2 = drive(leg1.end, [[0, 1000]], 10, 2, leg1.endTime + 602);
    const dest: Destination = { geometry: { type: 'Point', coordinates: offset(START, 9000, 9000) }, radius: 100 };
    const { order } = trackOrder(orderTo(dest), [...leg1.fixes, ...parked, ...leg2.fixes.slice(1)]);
    const truth = leg1.trueLength + leg2.trueLength;
    // The stop's entry-to-exit detour through its centroid is at most the jitter radius twice.
    expect(order.tracking.distance).toBeGreaterThan(truth * 0.99);
    expect(order.tracking.distance).toBeLessThan(truth + 2 * 15 + 0.01 * truth);
  });

  it('fixes older than the last applied one are history, not movement', () => {
    const trip = drive(START, [[500, 0]], 10, 5);
    const dest: Destination = { geometry: { type: 'Point', coordinates: offset(START, 5000, 0) }, radius: 100 };
    const once = trackOrder(orderTo(dest), trip.fixes).order;
    const replayed = trackOrder(once, trip.fixes.slice(0, 5));
    expect(replayed.order.tracking).toEqual(once.tracking);
  });
});
