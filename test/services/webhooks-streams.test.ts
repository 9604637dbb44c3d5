import { beforeAll, describe, expect, it } from 'vitest';
import { sweepRisks } from '../../src/services/tracking/sweep-risks.ts';
import type { WebhookDispatcher } from '../../src/services/webhooks/dispatcher.ts';
import { streamKey } from '../../src/services/webhooks/streams.ts';
import type { TestApi } from '../helpers/api.ts';
import { createWorker, orderItem, SAN_JOSE, uniq } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import type { Received } from '../helpers/webhook-receiver.ts';
import { createEndpoint, expectedSignature, webhookHarness } from '../helpers/webhooks.ts';

type Json = Record<string, any>;
const DEST = SAN_JOSE.geometry.coordinates as [number, number];
const M_PER_DEG_LAT = 111_195;
/** `metres` south of the destination (its geofence is 100 m). */
const south = (metres: number): [number, number] => [DEST[0], DEST[1] - metres / M_PER_DEG_LAT];

describe.each(STORE_KINDS)('HyperTrack route, worker and device webhooks on %s', (kind) => {
  const h = webhookHarness(kind);
  const { clock, rx } = h;
  let t: TestApi;
  let dispatcher: WebhookDispatcher;
  beforeAll(() => {
    ({ t, dispatcher } = h);
  });

  const at = (seconds: number) => new Date(Date.parse('2030-01-01T08:00:00.000Z') + seconds * 1000);
  const fix = (seconds: number, pos: [number, number], battery: number) => ({
    recorded_at: at(seconds).toISOString(),
    lng: pos[0],
    lat: pos[1],
    accuracy: 5,
    battery,
  });
  /** The envelopes an endpoint received, known by the signature its own secret makes. */
  const envelopes = (secret: string) =>
    rx.accepted.filter((r: Received) => r.headers['x-hypertrack-signature'] === expectedSignature(secret, r.raw)).flatMap((r) => r.body as Json[]);

  it('a subscribed endpoint receives every type, signed; filtered endpoints only what they name', async () => {
    clock.set(at(0).toISOString());
    const api = await t.newAccount();
    const all = await createEndpoint(api, { url: rx.url });
    const ordersOnly = await createEndpoint(api, { url: rx.url, events: ['cancelled', 'completed'] });
    const routeAndBattery = await createEndpoint(api, { url: rx.url, events: ['route', 'battery'] });

    const { workerHandle, deviceId } = await createWorker(api);
    const orderHandle = uniq('order');
    const tracked = await api.call('POST', '/orders/track', { worker_handle: workerHandle, track_mode: 'on_time', orders: [orderItem(orderHandle)] });
    expect(tracked.statusCode, tracked.body).toBe(201);
    const routeHandle = tracked.json().route_handle as string;

    // 1 km out, one fix every 2 s for 30 s at 60 % battery; then in, at 15 %; then out again.
    clock.set(at(30).toISOString());
    const approach = Array.from({ length: 16 }, (_, i) => fix(2 * i, south(1000 - 10 * i), 60));
    expect((await api.call('POST', `/devices/${deviceId}/locations`, approach)).statusCode).toBeLessThan(300);
    clock.set(at(200).toISOString());
    expect((await api.call('POST', `/devices/${deviceId}/locations`, [fix(150, south(200), 16), fix(200, south(20), 15)])).statusCode).toBeLessThan(300);
    clock.set(at(300).toISOString());
    expect((await api.call('POST', `/devices/${deviceId}/locations`, [fix(300, south(400), 15)])).statusCode).toBeLessThan(300);
    // Silent for 20 minutes: the sweep finds the device offline.
    clock.set(at(1500).toISOString());
    await sweepRisks(t.deps);
    // Completing the route's only order closes the route in the same statement.
    expect((await api.call('POST', `/orders/${orderHandle}/complete`, {})).statusCode).toBe(200);
    // The worker goes off and on work (its own work status), then is deleted.
    expect((await api.call('POST', `/workers/${workerHandle}/work_status`, { available: false })).statusCode).toBeLessThan(300);
    expect((await api.call('POST', `/workers/${workerHandle}/work_status`, { available: true })).statusCode).toBeLessThan(300);
    expect((await api.call('DELETE', `/workers/${workerHandle}`)).statusCode).toBeLessThan(300);
    await dispatcher.drain();

    for (const r of rx.accepted) expect(r.headers['x-amz-sns-message-id']).toBe(r.headers['x-dropline-event-id']);
    const got = envelopes(all.secret);
    const types = new Set(got.map((e) => e.type));
    expect([...types].sort()).toEqual(['battery', 'device_status', 'geofence', 'location', 'order', 'route', 'worker']);
    for (const e of got) {
      expect(Object.keys(e).filter((k) => k !== 'location')).toEqual([
        'created_at',
        'recorded_at',
        'device_id',
        'worker_handle',
        'account_id',
        'type',
        'data',
        'version',
      ]);
      expect(e).toMatchObject({ account_id: api.accountId, version: '3.0.0' });
    }
    const of = (type: string) => got.filter((e) => e.type === type);

    // Route lifecycle (reference §8 route values), the implicit completion from SQL included.
    expect(of('route').map((e) => e.data.value)).toEqual(['created', 'assigned', 'started', 'completed']);
    const completed = of('route').at(-1)!;
    expect(completed).toMatchObject({ device_id: deviceId, worker_handle: workerHandle, recorded_at: at(1500).toISOString() });
    expect(completed.data).toEqual({
      value: 'completed',
      route_handle: routeHandle,
      status: 'completed',
      version: 2,
      ops_group_handle: 'default',
      plan_mode: 'manual',
      track_mode: 'on_time',
      plan_id: expect.any(String),
      metadata: {},
    });
    expect(of('route')[0]!.data).toEqual({ ...completed.data, value: 'created', status: 'tracking', version: 1 });

    // Worker: created (available), its device linked; off and on work; deleted (unavailable).
    expect(of('worker').map((e) => [e.data.value, e.data.work_status?.available])).toEqual([
      ['device_linked', undefined],
      ['work_status_updated', true],
      ['work_status_updated', false],
      ['work_status_updated', true],
      ['work_status_updated', false],
    ]);
    expect(of('worker')[0]!.data).toEqual({ value: 'device_linked', worker_handle: workerHandle, device_id: deviceId });

    // Locations: batched per request (one POST, several envelopes) and sampled to one per 10 s.
    const locationPosts = rx.accepted.filter(
      (r) => r.body[0]?.type === 'location' && r.headers['x-hypertrack-signature'] === expectedSignature(all.secret, r.raw),
    );
    expect(locationPosts.map((r) => r.body.map((e: Json) => e.recorded_at))).toEqual([
      [0, 10, 20, 30].map((s) => at(s).toISOString()),
      [150, 200].map((s) => at(s).toISOString()),
      [at(300).toISOString()],
    ]);
    const loc = of('location')[0]!;
    expect(loc.location).toEqual({ type: 'Point', coordinates: [approach[0]!.lng, approach[0]!.lat] });
    expect(loc.data).toEqual({ geometry: loc.location, accuracy: 5, speed: null, bearing: null, recorded_at: at(0).toISOString() });
    expect(of('location').map((e) => e.recorded_at)).toEqual([0, 10, 20, 30, 150, 200, 300].map((s) => at(s).toISOString()));

    // Device status: active with its first fix, disconnected when the sweep finds it silent.
    expect(of('device_status').map((e) => [e.data.value, e.recorded_at])).toEqual([
      ['active', at(0).toISOString()],
      ['disconnected', at(1500).toISOString()],
    ]);
    // Battery: 60 % was no news; 16 % is low (the low-battery threshold is 20 %).
    expect(of('battery').map((e) => e.data)).toEqual([{ value: 'low', battery_percent: 16 }]);

    // Geofence: entry with arrival and the trip there, exit with the visit's duration.
    const [entry, exit] = of('geofence');
    expect(entry!.data).toMatchObject({
      value: 'entry',
      order_handle: orderHandle,
      route_handle: routeHandle,
      arrival: { recorded_at: at(200).toISOString(), location: { type: 'Point' } },
      route_to: { duration: 200, started_at: at(0).toISOString() },
    });
    expect(exit!.data).toMatchObject({ value: 'exit', exit: { recorded_at: at(300).toISOString() }, duration: 100 });
    expect(of('order').map((e) => e.data.value)).toEqual(expect.arrayContaining(['arrived', 'exited', 'completed']));

    // Filtered endpoints: only the order values, and only route and battery, they asked for.
    expect(envelopes(ordersOnly.secret).map((e) => [e.type, e.data.value])).toEqual([['order', 'completed']]);
    const rb = envelopes(routeAndBattery.secret);
    expect(new Set(rb.map((e) => e.type))).toEqual(new Set(['route', 'battery']));
    expect(rb).toHaveLength(5);
    // The delivery log lists stream events by their outbox type, with no order handle.
    const log = await api.call('GET', `/webhooks/${routeAndBattery.id}/deliveries`);
    expect(log.statusCode, log.body).toBe(200);
    const rows = (log.json() as Json).deliveries as Json[];
    expect(new Set(rows.map((d) => d.event_type))).toEqual(new Set(['ht_route', 'ht_battery']));
    expect(rows.every((d) => d.order_handle === null && d.state === 'delivered')).toBe(true);
  });

  it('an explicit route completion and a reassignment send route events; other formats get none', async () => {
    clock.set(at(2000).toISOString());
    const api = await t.newAccount();
    const hook = await createEndpoint(api, { url: rx.url, events: ['route'] });
    const uber = await createEndpoint(api, { url: rx.url, format: 'uber' });
    const a = await createWorker(api);
    const b = await createWorker(api);
    const tracked = await api.call('POST', '/orders/track', { worker_handle: a.workerHandle, track_mode: 'on_time', orders: [orderItem(uniq('order'))] });
    const routeHandle = tracked.json().route_handle as string;
    expect((await api.call('POST', `/orders/routes/${routeHandle}/reassign`, { worker_handle: b.workerHandle })).statusCode).toBe(200);
    expect((await api.call('POST', `/orders/routes/${routeHandle}/complete`, {})).statusCode).toBe(200);
    await dispatcher.drain();
    const route = envelopes(hook.secret);
    expect(route.map((e) => [e.data.value, e.worker_handle])).toEqual([
      ['created', a.workerHandle],
      ['assigned', a.workerHandle],
      ['started', a.workerHandle],
      ['assigned', b.workerHandle],
      ['completed', b.workerHandle],
    ]);
    expect(route.at(-1)!.data).toMatchObject({ status: 'completed', version: 3 });
    expect(rx.accepted.filter((r) => r.headers['x-uber-signature'] === expectedSignature(uber.secret, r.raw))).toEqual([]);
  });

  it('location events are recorded only while the account has an endpoint that takes them', async () => {
    clock.set(at(3000).toISOString());
    const api = await t.newAccount();
    const ep = await createEndpoint(api, { url: rx.url, events: ['route'] });
    const { deviceId } = await createWorker(api);
    const locationRows = async () =>
      (await t.deps.store.repos.webhookOutbox.eventsOfOrder(streamKey('device', api.accountId, deviceId))).filter((e) => e.type === 'ht_location');
    expect((await api.call('POST', `/devices/${deviceId}/locations`, [fix(3000, DEST, 80)])).statusCode).toBeLessThan(300);
    expect(await locationRows()).toEqual([]);
    // Subscribing takes effect for the next batch (the endpoint change drops the cached answer).
    expect((await api.call('PATCH', `/webhooks/${ep.id}`, { events: ['route', 'location'] })).statusCode).toBe(200);
    expect((await api.call('POST', `/devices/${deviceId}/locations`, [fix(3010, DEST, 80)])).statusCode).toBeLessThan(300);
    expect(await locationRows()).toHaveLength(1);
    expect((await api.call('DELETE', `/webhooks/${ep.id}`)).statusCode).toBeLessThan(300);
    expect((await api.call('POST', `/devices/${deviceId}/locations`, [fix(3020, DEST, 80)])).statusCode).toBeLessThan(300);
    expect(await locationRows()).toHaveLength(1);
  });

  it('endpoints may filter on the new types, and unknown names are still refused', async () => {
    const api = await t.newAccount();
    const ok = await api.call('POST', '/webhooks', { url: rx.url, events: ['location', 'device_status', 'geofence', 'worker'] });
    expect(ok.statusCode, ok.body).toBe(201);
    const bad = await api.call('POST', '/webhooks', { url: rx.url, events: ['trip'] });
    expect(bad.statusCode).toBe(422);
  });
});
