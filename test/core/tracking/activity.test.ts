import { describe, expect, it } from 'vitest';
import { haversine } from '../../../src/core/geo.ts';
import { cancelOrder, completeOrder, createOrder } from '../../../src/core/order/lifecycle.ts';
import type { TimelineEvent } from '../../../src/core/order/timeline.ts';
import type { Order } from '../../../src/core/order/types.ts';
import type { Fix } from '../../../src/core/tracking/fix.ts';
import { DEFAULT_TRACKING, trackOrder as track } from '../../../src/core/tracking/track-order.ts';
import type { RegionLookup } from '../../../src/core/region.ts';

/** A one-city lookup: west of 13.45° E is Berlin, east of it the data has no answer. */
const berlin: RegionLookup = { lookup: (lng) => (lng < 13.45 ? { country: 'Germany', state: 'Berlin', city: 'Berlin' } : null), searchPlaces: () => [] };
const trackOrder = (o: Order, fixes: Fix[]) => track(o, fixes, DEFAULT_TRACKING, berlin);

const T0 = Date.parse('2030-01-01T09:00:00.000Z');
const M_PER_DEG_LAT = 111_195;
const HOME: [number, number] = [13.4, 52.5];

const offset = ([lng, lat]: [number, number], east: number, north: number): [number, number] => [
  lng + east / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)),
  lat + north / M_PER_DEG_LAT,
];

const fix = (pos: [number, number], seconds: number): Fix => ({
  recordedAt: new Date(T0 + seconds * 1000),
  lng: pos[0],
  lat: pos[1],
  altitude: null,
  accuracy: 5,
  speed: null,
  bearing: null,
  battery: 80,
  activity: null,
});

const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function ongoing(): Order {
  const { order } = createOrder(
    {
      orderHandle: 'activity',
      type: 'drop',
      typeIndex: 0,
      destination: { geometry: { type: 'Point', coordinates: offset(HOME, 0, 50_000) }, radius: 100 },
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
    { id: '00000000-0000-4000-8000-000000000002', accountId: 'A', shareCode: 'share', fulfillmentAttempt: 0 },
    new Date(T0),
  );
  return { ...order, status: 'ongoing', startedAt: new Date(T0), workerHandle: 'James' };
}

/** A parked phone: fixes every 30 s wobbling a few metres around `at`, from `from` to `to` seconds. */
function parked(at: [number, number], from: number, to: number): Fix[] {
  const out: Fix[] = [];
  for (let t = from, i = 0; t <= to; t += 30, i++) out.push(fix(offset(at, (i % 3) * 3 - 3, (i % 2) * 4 - 2), t));
  return out;
}

/** Driving `north` metres in a straight line, one fix every 20 s, the first 20 s after `from`. */
function driving(start: [number, number], north: number, from: number, seconds: number): Fix[] {
  const steps = seconds / 20;
  return Array.from({ length: steps }, (_, i) => fix(offset(start, 0, (north * (i + 1)) / steps), from + 20 * (i + 1)));
}

const activities = (events: TimelineEvent[]) => events.filter((e) => e.type.startsWith('driver_activity_'));
const brief = (e: TimelineEvent) => [e.type.replace('driver_activity_', ''), e.data.activity, e.recordedAt.toISOString()];

describe('driver activity from the odometer stay points', () => {
  it('one fix then completion is a stop of 0 s with null distance and 0 steps (seed 002)', () => {
    const tracked = trackOrder(ongoing(), [fix(HOME, 0)]);
    expect(activities(tracked.events)).toEqual([]);
    const done = completeOrder(tracked.order, new Date(T0 + 21_000));
    expect(done.events.map((e) => e.type)).toEqual(['driver_activity_started', 'driver_activity_ended', 'order_completed']);
    const [start, end] = done.events;
    // Seeds 000 and 002: driver_handle is null on activity events although the order has a worker.
    expect(start!.data).toEqual({
      driver_handle: null,
      activity: 'stop',
      location: { geometry: { type: 'Point', coordinates: HOME }, recorded_at: iso(0) },
      address: 'Berlin, Berlin, Germany',
    });
    expect(end!.recordedAt.toISOString()).toBe(iso(0));
    expect(end!.data).toEqual({
      driver_handle: null,
      activity: 'stop',
      location: { geometry: { type: 'Point', coordinates: HOME }, recorded_at: iso(0) },
      distance: null,
      duration: 0,
      steps: 0,
    });
    expect(done.order.tracking.activity).toBeNull();
  });

  it('a stop, a 2 km drive and a stop: segments meet end to end and the drive measures its metres', () => {
    const first = parked(HOME, 0, 300);
    const leaving = first.at(-1)!;
    const away = driving([leaving.lng, leaving.lat], 2000, 300, 240);
    const there = away.at(-1)!;
    const second = parked([there.lng, there.lat], 560, 740);
    // Fed in three batches, as ingestion does: the segment state carries over.
    let order = ongoing();
    const events: TimelineEvent[] = [];
    for (const batch of [first, away, second]) {
      const c = trackOrder(order, batch);
      order = c.order;
      events.push(...c.events);
    }
    const done = completeOrder(order, new Date(T0 + 800_000));
    const all = activities([...events, ...done.events]);
    expect(all.map(brief)).toEqual([
      ['started', 'stop', iso(0)],
      ['ended', 'stop', iso(300)],
      ['started', 'drive', iso(300)],
      ['ended', 'drive', iso(540)],
      ['started', 'stop', iso(540)],
      ['ended', 'stop', iso(740)],
    ]);
    expect(all[1]!.data).toMatchObject({ distance: null, duration: 300, steps: 0 });
    const drive = all[3]!.data as { distance: number; duration: number; steps: number };
    expect(drive.duration).toBe(240);
    expect(drive.steps).toBe(0);
    expect(Math.abs(drive.distance - 2000)).toBeLessThan(30);
    expect(all[5]!.data).toMatchObject({ distance: null, duration: 200 });
    // Each segment starts where the previous one ended.
    expect((all[2]!.data.location as { geometry: unknown }).geometry).toEqual((all[1]!.data.location as { geometry: unknown }).geometry);
  });

  it('starting on the move is a drive from the first fix; cancelling ends it at the last fix', () => {
    const fixes = [fix(HOME, 0), ...driving(HOME, 1500, 0, 180)];
    const tracked = trackOrder(ongoing(), fixes);
    expect(activities(tracked.events).map(brief)).toEqual([['started', 'drive', iso(0)]]);
    const cancelled = cancelOrder(tracked.order, new Date(T0 + 200_000));
    const [end] = activities(cancelled.events);
    expect(brief(end!)).toEqual(['ended', 'drive', iso(180)]);
    const last = fixes.at(-1)!;
    expect(Math.abs((end!.data.distance as number) - haversine(HOME, [last.lng, last.lat]))).toBeLessThan(5);
    expect(end!.data.duration).toBe(180);
    expect(cancelled.events.at(-1)!.type).toBe('order_cancelled');
  });

  it('a segment starting where the region lookup has no answer has a null address', () => {
    const east: [number, number] = [13.5, 52.5];
    const done = completeOrder(trackOrder(ongoing(), [fix(east, 0)]).order, new Date(T0 + 1000));
    expect(done.events[0]!.data.address).toBeNull();
  });

  it('a short pause below the stay time stays inside the drive', () => {
    const leg1 = driving(HOME, 1000, 0, 100);
    const p = leg1.at(-1)!;
    const pause = parked([p.lng, p.lat], 130, 190);
    const q = pause.at(-1)!;
    const leg2 = driving([q.lng, q.lat], 1000, 190, 100);
    const tracked = trackOrder(ongoing(), [fix(HOME, 0), ...leg1, ...pause, ...leg2]);
    expect(activities(tracked.events).map(brief)).toEqual([['started', 'drive', iso(0)]]);
    const done = completeOrder(tracked.order, new Date(T0 + 400_000));
    const [end] = activities(done.events);
    expect(end!.data).toMatchObject({ activity: 'drive', duration: 290, steps: 0 });
    expect(Math.abs((end!.data.distance as number) - 2000)).toBeLessThan(40);
  });
});
