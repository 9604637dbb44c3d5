import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, orderItem, trackedOrder, uniq, unplannedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
const types = (o: Json) => (o.timeline as Json[]).map((e) => e.type);

describe.each(STORE_KINDS)('native orders API on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  it('POST /orders without a worker stores unplanned orders', async () => {
    const handle = uniq('o');
    const r = await t.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
    expect(r.statusCode).toBe(201);
    const [o] = r.json().orders;
    expect(o).toMatchObject({ order_handle: handle, status: 'unplanned', type: 'drop', type_index: 0, fulfillment_attempt: 0 });
    expect(o.share_url).toMatch(new RegExp(`^${PUBLIC_URL}/t/[0-9A-Za-z]{12}$`));
    expect(o).not.toHaveProperty('distance');
    expect(o).not.toHaveProperty('worker_handle');
  });

  it('unplanned → reassign → track(route) → disable → enable → complete, with the timeline of each step', async () => {
    const handle = await unplannedOrder(t.api);
    const { workerHandle, deviceId } = await createWorker(t.api);
    const assigned = (await t.api.call('POST', `/orders/${handle}/reassign`, { worker_handle: workerHandle })).json();
    expect(assigned).toMatchObject({ status: 'assigned', worker_handle: workerHandle, device_id: deviceId });
    expect(assigned.route_handle).toBeTruthy();
    expect(assigned.plan_id).toBeTruthy();
    const route = await t.api.call('POST', '/orders/track', { track_mode: 'on_time', route_handle: assigned.route_handle });
    expect(route.statusCode).toBe(201);
    expect(route.json()).toMatchObject({ status: 'tracking', worker_handle: workerHandle, version: 2 });
    expect(route.json().orders[0].status).toBe('ongoing');
    clock.advance(60_000);
    const disabled = (await t.api.call('POST', `/orders/${handle}/disable`)).json();
    expect(disabled.status).toBe('disabled');
    expect(disabled.disabled_at).toBe(clock.now().toISOString());
    const enabled = (await t.api.call('POST', `/orders/${handle}/enable`, {})).json();
    expect(enabled.status).toBe('ongoing');
    expect(enabled.enabled_at).toBeDefined();
    const done = (await t.api.call('POST', `/orders/${handle}/complete`, { metadata: { signedBy: 'Ann' } })).json();
    expect(done.status).toBe('completed');
    expect(done.metadata).toEqual({ customerID: '12654', signedBy: 'Ann' });
    expect(types(done)).toEqual(['order_created', 'order_assigned', 'order_started', 'order_disabled', 'order_enabled', 'order_completed']);
    // The route's last order finished, so the route is complete too.
    const after = (await t.api.call('GET', `/orders/routes/${assigned.route_handle}`)).json();
    expect(after.status).toBe('completed');
    expect(after.completed_at).toBeDefined();
  });

  it('pre_shift dispatches instead of starting', async () => {
    const { workerHandle } = await createWorker(t.api);
    const r = await t.api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'pre_shift',
      orders: [orderItem(uniq('o'))],
    });
    expect(r.json().orders[0].status).toBe('dispatched');
  });

  it('reschedule opens the next attempt; old attempts stay readable', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const r = await t.api.call('POST', `/orders/${orderHandle}/reschedule`, { scheduled_at: '2030-02-01T10:00:00Z' });
    expect(r.statusCode).toBe(200);
    const next = r.json();
    expect(next).toMatchObject({
      status: 'unplanned',
      fulfillment_attempt: 1,
      scheduled_at: '2030-02-01T10:00:00.000Z',
      previous_fulfillments: [{ order_handle: orderHandle, fulfillment_attempt: 0 }],
    });
    const old = (await t.api.call('GET', `/orders/${orderHandle}?fulfillment_attempt=0`)).json();
    expect(old.status).toBe('cancelled');
    expect(old.rescheduled_marked_at).toBeDefined();
    expect(types(old).slice(-2)).toEqual(['order_cancelled', 'order_rescheduled']);
    // Without qualifiers the open (latest) attempt is addressed.
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json().fulfillment_attempt).toBe(1);
    const listed = (await t.api.call('GET', `/orders?status=rescheduled&search_term=${orderHandle}`)).json().orders;
    expect(listed.map((o: Json) => o.fulfillment_attempt)).toEqual([0]);
    // A second reschedule of the new attempt opens attempt 2.
    const third = await t.api.call('POST', `/orders/${orderHandle}/reschedule`, { scheduled_at: '2030-03-01T10:00:00Z' });
    expect(third.json().fulfillment_attempt).toBe(2);
  });

  it('pick and drop share a handle; type addresses each stop', async () => {
    const handle = uniq('pd');
    const { workerHandle } = await createWorker(t.api);
    const r = await t.api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: [orderItem(handle, { type: 'pick' }), orderItem(handle, { type: 'drop' })],
    });
    expect(r.statusCode).toBe(201);
    expect((await t.api.call('POST', `/orders/${handle}/complete?type=pick`, {})).json().type).toBe('pick');
    const drop = (await t.api.call('GET', `/orders/${handle}`)).json();
    expect(drop).toMatchObject({ type: 'drop', status: 'ongoing' });
  });

  it('PATCH updates fields and merges metadata; the destination is frozen once tracking started', async () => {
    const handle = await unplannedOrder(t.api);
    const r = await t.api.call('PATCH', `/orders/${handle}`, {
      metadata: { note: 'ring twice' },
      scheduled_at: '2030-05-05T05:05:05Z',
      capacity_used: 3,
      destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] }, radius: 50 },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      metadata: { customerID: '12654', note: 'ring twice' },
      scheduled_at: '2030-05-05T05:05:05.000Z',
      capacity_used: 3,
      destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] }, radius: 50 },
    });
    const { orderHandle } = await trackedOrder(t.api);
    const refused = await t.api.call('PATCH', `/orders/${orderHandle}`, {
      destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] } },
    });
    expect(refused.statusCode).toBe(409);
  });

  it('route reassign moves the route and its open orders to another worker', async () => {
    const { orderHandle, route } = await trackedOrder(t.api);
    const other = await createWorker(t.api);
    const r = await t.api.call('POST', `/orders/routes/${route.route_handle}/reassign?version=1`, { device_id: other.deviceId });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ worker_handle: other.workerHandle, device_id: other.deviceId, version: 2 });
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json().worker_handle).toBe(other.workerHandle);
    const stale = await t.api.call('POST', `/orders/routes/${route.route_handle}/reassign?version=1`, {
      worker_handle: other.workerHandle,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('route complete cancels the open orders', async () => {
    const { orderHandle, route } = await trackedOrder(t.api);
    const r = await t.api.call('POST', `/orders/routes/${route.route_handle}/complete`);
    expect(r.json()).toMatchObject({ status: 'completed' });
    expect(r.json().orders[0].status).toBe('cancelled');
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json().status).toBe('cancelled');
  });

  it('lists filter by status, worker, metadata and dates, and page with an opaque token', async () => {
    const tag = uniq('batch');
    const { workerHandle } = await createWorker(t.api);
    const handles: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      const h = `${tag}-${i}`;
      handles.push(h);
      await t.api.call('POST', '/orders', {
        plan_mode: 'manual',
        worker_handle: i < 2 ? workerHandle : undefined,
        orders: [orderItem(h, { metadata: { batch: tag, n: i } })],
      });
    }
    const filter = encodeURIComponent(JSON.stringify({ batch: tag }));
    const all = (await t.api.call('GET', `/orders?order_metadata_filter=${filter}&sort_direction=asc`)).json();
    expect(all.orders.map((o: Json) => o.order_handle)).toEqual(handles);
    expect(all.pagination_token).toBeNull();
    const byWorker = (await t.api.call('GET', `/orders?worker_handle=${workerHandle}&status=assigned`)).json();
    expect(byWorker.orders.map((o: Json) => o.order_handle).sort()).toEqual(handles.slice(0, 2).sort());
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const q: string = `/orders?order_metadata_filter=${filter}&limit=2${token ? `&pagination_token=${token}` : ''}`;
      const page = (await t.api.call('GET', q)).json();
      expect(page.orders.length).toBeLessThanOrEqual(2);
      seen.push(...page.orders.map((o: Json) => o.order_handle));
      token = page.pagination_token;
    } while (token);
    expect(seen).toEqual([...handles].reverse());
    const day = clock.now().toISOString().slice(0, 10);
    const dated = (await t.api.call('GET', `/orders?created_at_date=${day}&order_metadata_filter=${filter}`)).json();
    expect(dated.orders).toHaveLength(5);
    const none = (await t.api.call('GET', `/orders?created_at_to=2001-01-01%2000:00:00&order_metadata_filter=${filter}`)).json();
    expect(none.orders).toHaveLength(0);
  });

  it('workers: create, get, list, patch (new device), delete and undelete', async () => {
    const handle = uniq('w');
    const c = await t.api.call('POST', '/workers', { worker_handle: handle, name: 'Ann', device_id: `${handle}-A`, profile: { van: true } });
    expect(c.json()).toMatchObject({ worker_handle: handle, name: 'Ann', device_id: `${handle}-A`, profile: { van: true } });
    expect((await t.api.call('POST', '/workers', { worker_handle: handle })).statusCode).toBe(409);
    const p = await t.api.call('PATCH', `/workers/${handle}`, { device_id: `${handle}-B`, name: 'Ann B.' });
    expect(p.json()).toMatchObject({ name: 'Ann B.', device_id: `${handle}-B` });
    expect(p.json().devices).toEqual([{ device_id: `${handle}-A` }, { device_id: `${handle}-B` }]);
    expect((await t.api.call('GET', `/workers?worker_handle=${handle}`)).json().workers).toHaveLength(1);
    const del = await t.api.call('DELETE', `/workers/${handle}`);
    expect(del.statusCode).toBe(204);
    expect((await t.api.call('GET', `/workers/${handle}`)).json().code).toBe('driver_deleted');
    const undeleted = await t.api.call('POST', `/workers/${handle}/undelete`);
    expect(undeleted.json()).toMatchObject({ worker_handle: handle, deleted: false });
  });

  it('the share URL serves a public read-only view without credentials', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const order = (await t.api.call('GET', `/orders/${orderHandle}`)).json();
    const path = new URL(order.share_url).pathname;
    const r = await t.app.inject({ method: 'GET', url: path });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ongoing', share_url: order.share_url });
    expect(r.json()).not.toHaveProperty('metadata');
    expect((await t.app.inject({ method: 'GET', url: '/t/doesnotexist' })).statusCode).toBe(404);
  });

  it('location batches are idempotent and build the polyline and distance', async () => {
    const { orderHandle, deviceId } = await trackedOrder(t.api);
    const base = clock.now().getTime();
    const batch = Array.from({ length: 6 }, (_, i) => ({
      recorded_at: new Date(base + (i + 1) * 10_000).toISOString(),
      lat: 37.3 + i * 0.001,
      lng: -121.9,
      altitude: 20,
      accuracy: 5,
    }));
    expect((await t.api.call('POST', `/devices/${deviceId}/locations`, { locations: batch })).json()).toEqual({
      accepted: 6,
      duplicates: 0,
      dropped: {},
    });
    expect((await t.api.call('POST', `/devices/${deviceId}/locations`, batch)).json()).toEqual({
      accepted: 0,
      duplicates: 6,
      dropped: {},
    });
    const o = (await t.api.call('GET', `/orders/${orderHandle}`)).json();
    expect(o.polyline.coordinates).toHaveLength(6);
    expect(o.polyline.coordinates[0]).toEqual([-121.9, 37.3, 20, batch[0]!.recorded_at]);
    // 5 steps of 0.001° latitude ≈ 111.2 m each.
    expect(o.distance).toBeGreaterThan(550);
    expect(o.distance).toBeLessThan(562);
    expect(o.start_location).toEqual({ type: 'Point', coordinates: [-121.9, 37.3] });
  });

  it('OpenAPI 3.1 lists every native operation and /docs serves offline', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    for (const p of ['/orders/track', '/orders', '/orders/{order_handle}/cancel', '/orders/routes/{route_handle}/complete', '/workers']) {
      expect(spec.paths).toHaveProperty([p]);
    }
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.(com|net|org|io)\//i);
  });
});
