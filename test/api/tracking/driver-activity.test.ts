import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
const T0 = new Date('2030-06-01T10:00:00.000Z');
const START: [number, number] = [-121.95, 37.33];
const DEST: [number, number] = [-121.86, 37.33];
const M_PER_DEG_LAT = 111_195;
const regions = createOfflineRegionLookup();

const north = ([lng, lat]: [number, number], metres: number): [number, number] => [lng, lat + metres / M_PER_DEG_LAT];
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString();

describe.each(STORE_KINDS)('driver activity on the order timeline (%s)', (kind) => {
  let t: TestApi;
  const clock = new TestClock(T0);
  beforeAll(async () => {
    t = await startTestApi(kind, { clock, regions });
  });
  afterAll(() => t.close());

  it('a stop, a drive and a stop become driver_activity_* events with the seed fields', async () => {
    const { workerHandle, deviceId } = await createWorker(t.api);
    const orderHandle = uniq('activity');
    const created = await t.api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: [{ order_handle: orderHandle, destination: { geometry: { type: 'Point', coordinates: DEST }, radius: 100 } }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const fix = (seconds: number, pos: [number, number]) => ({ recorded_at: at(seconds), lng: pos[0], lat: pos[1], accuracy: 5, battery: 80 });
    // Parked 3 minutes, then 1.2 km north in 2 minutes (the last drive fix is the second stop's first).
    const parkedA = [0, 60, 120, 180].map((s) => fix(s, START));
    const drive = Array.from({ length: 6 }, (_, i) => fix(200 + 20 * i, north(START, 200 * (i + 1))));
    const end = north(START, 1200);
    const parkedB = [340, 400, 460, 520].map((s) => fix(s, end));
    for (const batch of [parkedA, drive, parkedB]) {
      clock.set(batch.at(-1)!.recorded_at);
      const r = await t.api.call('POST', `/devices/${deviceId}/locations`, batch);
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
    clock.set(at(600));
    const done = await t.api.call('POST', `/orders/${orderHandle}/complete`, {});
    expect(done.statusCode, done.body).toBe(200);
    const timeline = (done.json() as Json).timeline as Json[];
    const activity = timeline.filter((e) => e.type.startsWith('driver_activity_'));
    expect(activity.map((e) => [e.type, e.activity, e.recorded_at])).toEqual([
      ['driver_activity_started', 'stop', at(0)],
      ['driver_activity_ended', 'stop', at(180)],
      ['driver_activity_started', 'drive', at(180)],
      ['driver_activity_ended', 'drive', at(300)],
      ['driver_activity_started', 'stop', at(300)],
      ['driver_activity_ended', 'stop', at(520)],
    ]);
    expect(Object.keys(activity[0]!)).toEqual(['type', 'recorded_at', 'driver_handle', 'activity', 'location', 'address']);
    expect(Object.keys(activity[1]!)).toEqual(['type', 'recorded_at', 'driver_handle', 'activity', 'location', 'distance', 'duration', 'steps']);
    expect(activity[0]).toMatchObject({ driver_handle: null, location: { geometry: { type: 'Point', coordinates: START }, recorded_at: at(0) } });
    // Named by the offline region lookup, in the seeds' "…, City, State, Country" order.
    expect(activity[0]!.address).toMatch(/^[^,]+, California, United States$/);
    expect(activity[1]).toMatchObject({ distance: null, duration: 180, steps: 0 });
    expect(activity[3]).toMatchObject({ activity: 'drive', duration: 120, steps: 0 });
    expect(Math.abs(activity[3]!.distance - 1200)).toBeLessThan(10);
    expect(activity[5]).toMatchObject({ distance: null, duration: 220, steps: 0 });
    // The activity events sit before the completion, in time order, and GET shows the same.
    expect(timeline.at(-1)!.type).toBe('order_completed');
    const read = (await t.api.call('GET', `/orders/${orderHandle}`)).json() as Json;
    expect(read.timeline.filter((e: Json) => e.type.startsWith('driver_activity_'))).toEqual(activity);
  });
});
