import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, DROPOFF, extId, PICKUP, twoStopTask } from '../../helpers/bringg.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const T0 = Date.parse('2030-01-01T09:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
/** A point `north` metres north of a way point. */
const near = (p: { lat: number; lng: number }, north: number) => ({ lat: p.lat + north / 111_195, lng: p.lng });

describe.each(STORE_KINDS)('Bringg way points checked in and out by the tracking geofence on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  const clock = new TestClock(new Date(T0));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  it('arriving checks a way point in, leaving checks it out (code 1), and the last one ends the task', async () => {
    const driver = extId('driver');
    const device = extId('device');
    expect((await b.native.call('POST', '/workers', { worker_handle: driver, device_id: device })).statusCode).toBe(201);
    const created = await b.task('oauth', 'create_task', twoStopTask());
    await b.task('oauth', 'assign_task', { id: created.id, user_external_id: driver });
    await b.task('oauth', 'start_task', { id: created.id });
    const send = async (fixes: { s: number; p: { lat: number; lng: number } }[]) => {
      clock.set(at(fixes.at(-1)!.s + 1));
      const r = await b.native.call(
        'POST',
        `/devices/${device}/locations`,
        fixes.map(({ s, p }) => ({ recorded_at: at(s), lat: p.lat, lng: p.lng, accuracy: 5 })),
      );
      expect(r.statusCode, r.body).toBe(200);
    };
    // Approach the pickup, wait inside its geofence, drive away.
    await send([
      { s: 0, p: near(PICKUP, 500) },
      { s: 60, p: near(PICKUP, 20) },
      { s: 120, p: near(PICKUP, 10) },
      { s: 180, p: near(PICKUP, -300) },
    ]);
    const afterPickup = await b.task('oauth', 'get_task', { id: created.id });
    expect(afterPickup.way_points[0]).toMatchObject({
      checkin_time: at(60),
      checkout_time: at(180),
      automatically_checked_in: 1,
      automatically_checked_out: 1,
      done: true,
    });
    expect(afterPickup).toMatchObject({ status: 2, active_way_point_id: (created.way_points[1] as { id: number }).id });
    // Then the drop-off: in and out again ends the task, by geofence.
    await send([
      { s: 600, p: near(DROPOFF, 15) },
      { s: 700, p: near(DROPOFF, 5) },
      { s: 800, p: near(DROPOFF, 400) },
    ]);
    const done = await b.task('oauth', 'get_task', { id: created.id });
    expect(done).toMatchObject({ status: 4, automatically_ended: 1 });
    expect(done.way_points[1]).toMatchObject({ checkin_time: at(600), checkout_time: at(800), automatically_checked_out: 1 });
    const native = (await b.native.call('GET', `/orders/${created.external_id}?type=drop`)).json();
    expect(native).toMatchObject({ status: 'completed', completed_at: at(800), visited_destination: true });
  });

  it('a native order that is no Bringg task is not completed by leaving its geofence', async () => {
    const worker = extId('w');
    const device = extId('d');
    await b.native.call('POST', '/workers', { worker_handle: worker, device_id: device });
    const handle = extId('native');
    await b.native.call('POST', '/orders/track', {
      worker_handle: worker,
      track_mode: 'on_time',
      orders: [{ order_handle: handle, destination: { geometry: { type: 'Point', coordinates: [PICKUP.lng, PICKUP.lat] } } }],
    });
    clock.set(at(2000));
    await b.native.call(
      'POST',
      `/devices/${device}/locations`,
      [near(PICKUP, 10), near(PICKUP, -400)].map((p, i) => ({ recorded_at: at(1800 + i * 60), ...p })),
    );
    const o = (await b.native.call('GET', `/orders/${handle}`)).json();
    expect(o).toMatchObject({ status: 'ongoing', visited_destination: true });
  });
});
