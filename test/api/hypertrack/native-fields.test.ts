import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, orderItem, SAN_JOSE, trackedOrder, uniq, unplannedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

/** Native fields that used to be constants or accepted and ignored (issue 18). */
describe.each(STORE_KINDS)('native worker and tracking fields on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  it('product_types are stored and returned as given; PATCH replaces them, absent keeps them', async () => {
    const handle = uniq('w');
    const c = await t.api.call('POST', '/workers', { worker_handle: handle, product_types: ['plumbing', 'hardware'] });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().product_types).toEqual(['plumbing', 'hardware']);
    expect((await t.api.call('PATCH', `/workers/${handle}`, { name: 'Ann' })).json().product_types).toEqual(['plumbing', 'hardware']);
    expect((await t.api.call('PATCH', `/workers/${handle}`, { product_types: ['flowers'] })).json().product_types).toEqual(['flowers']);
    expect((await t.api.call('GET', `/workers/${handle}`)).json().product_types).toEqual(['flowers']);
    expect((await t.api.call('POST', '/workers', { worker_handle: uniq('w') })).json().product_types).toEqual([]);
    const bad = await t.api.call('POST', '/workers', { worker_handle: uniq('w'), product_types: 'plumbing' });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().detail.json)).toEqual(['product_types']);
  });

  it('work_status.available is the stored availability (POST work_status), false while deleted; tracking is computed', async () => {
    const { workerHandle } = await createWorker(t.api);
    expect((await t.api.call('GET', `/workers/${workerHandle}`)).json().work_status).toEqual({ available: true, tracking: false });
    const off = await t.api.call('POST', `/workers/${workerHandle}/work_status`, { available: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().work_status).toEqual({ available: false, tracking: false });
    expect((await t.api.call('GET', `/workers?worker_handle=${workerHandle}`)).json().workers[0].work_status.available).toBe(false);
    expect((await t.api.call('POST', `/workers/${workerHandle}/work_status`, { available: true })).json().work_status.available).toBe(true);
    expect((await t.api.call('DELETE', `/workers/${workerHandle}`)).statusCode).toBe(204);
    const listed = (await t.api.call('GET', `/workers?worker_handle=${workerHandle}&include_deleted=true`)).json().workers[0];
    expect(listed).toMatchObject({ deleted: true, work_status: { available: false } });
    const undeleted = (await t.api.call('POST', `/workers/${workerHandle}/undelete`)).json();
    expect(undeleted.work_status.available).toBe(true);
    const tracked = await trackedOrder(t.api);
    expect((await t.api.call('GET', `/workers/${tracked.workerHandle}`)).json().work_status).toEqual({ available: true, tracking: true });
    expect((await t.api.call('POST', `/workers/${workerHandle}/work_status`, { available: 'no' })).statusCode).toBe(422);
    expect((await t.api.call('POST', '/workers/nobody-here/work_status', { available: true })).json().code).toBe('driver_not_found');
  });

  it('GET /workers filters on work_status (stored availability, computed tracking) and profile', async () => {
    const zone = uniq('zone');
    const handles: string[] = [];
    for (let i = 0; i < 3; i++) {
      const h = uniq('wf');
      handles.push(h);
      expect((await t.api.call('POST', '/workers', { worker_handle: h, device_id: uniq('D').toUpperCase(), profile: { zone, n: i } })).statusCode).toBe(201);
    }
    await t.api.call('POST', `/workers/${handles[1]}/work_status`, { available: false });
    const r = await t.api.call('POST', '/orders/track', { worker_handle: handles[2], track_mode: 'on_time', orders: [orderItem(uniq('o'))] });
    expect(r.statusCode, r.body).toBe(201);
    const q = async (query: string) => {
      const res = await t.api.call('GET', `/workers?profile=${encodeURIComponent(JSON.stringify({ zone }))}&${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
      return res
        .json()
        .workers.map((w: { worker_handle: string }) => w.worker_handle)
        .sort();
    };
    expect(await q('')).toEqual([...handles].sort());
    expect(await q(`work_status=${encodeURIComponent('{"available":false}')}`)).toEqual([handles[1]]);
    expect(await q(`work_status=${encodeURIComponent('{"available":true,"tracking":true}')}`)).toEqual([handles[2]]);
    expect(await q(`work_status=${encodeURIComponent('{"tracking":false}')}`)).toEqual([handles[0], handles[1]].sort());
    const byProfile = async (profile: unknown) =>
      (await t.api.call('GET', `/workers?profile=${encodeURIComponent(JSON.stringify(profile))}`))
        .json()
        .workers.map((w: { worker_handle: string }) => w.worker_handle);
    expect(await byProfile({ zone, n: 1 })).toEqual([handles[1]]);
    expect(await byProfile({ zone, n: 5 })).toEqual([]);
    const bad = await t.api.call('GET', `/workers?work_status=${encodeURIComponent('{"available":"yes"}')}`);
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().detail.query)).toEqual(['work_status']);
  });

  it('GET /workers refuses by name the HyperTrack parameters Dropline cannot serve', async () => {
    for (const [param, value] of [
      ['from_date', '2030-01-01'],
      ['tracked', 'true'],
      ['filter_status', 'active'],
      ['filter_outage_category', 'os'],
      ['region_filter', '{"city":"Detroit"}'],
      ['aggregate', 'true'],
      ['include_summary', 'true'],
      ['include_schedule', 'yes'],
    ]) {
      const r = await t.api.call('GET', `/workers?${param}=${encodeURIComponent(value!)}`);
      expect(r.statusCode, param).toBe(422);
      expect(Object.keys(r.json().detail.query), param).toEqual([param]);
    }
    expect((await t.api.call('GET', '/workers?aggregate=false&include_summary=false&include_schedule=true&include_lp=false')).statusCode).toBe(200);
  });

  it('device_switch_mode manual is accepted; the switching modes are refused by name and create nothing', async () => {
    const { workerHandle, deviceId } = await createWorker(t.api);
    for (const mode of ['login', 'closest_to_destination']) {
      const handle = uniq('o');
      const r = await t.api.call('POST', '/orders/track', {
        worker_handle: workerHandle,
        track_mode: 'on_time',
        device_switch_mode: mode,
        orders: [orderItem(handle)],
      });
      expect(r.statusCode, mode).toBe(422);
      expect(Object.keys(r.json().detail.json)).toEqual(['device_switch_mode']);
      expect((await t.api.call('GET', `/orders/${handle}`)).statusCode).toBe(404);
    }
    const r = await t.api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      device_switch_mode: 'manual',
      orders: [orderItem(uniq('o'))],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().device_id).toBe(deviceId);
  });

  it('tracking_rate is measured while an order is tracked, not only once it completes', async () => {
    expect((await t.api.call('GET', `/orders/${await unplannedOrder(t.api)}`)).json()).not.toHaveProperty('tracking_rate');
    const { orderHandle, deviceId } = await trackedOrder(t.api);
    const [lng, lat] = SAN_JOSE.geometry.coordinates as [number, number];
    const base = clock.now().getTime();
    const fixes = Array.from({ length: 7 }, (_, i) => ({ recorded_at: new Date(base + i * 10_000).toISOString(), lat: lat + i * 0.001, lng, accuracy: 5 }));
    clock.advance(60_000);
    expect((await t.api.call('POST', `/devices/${deviceId}/locations`, fixes)).statusCode).toBe(200);
    const covered = (await t.api.call('GET', `/orders/${orderHandle}`)).json();
    expect(covered.status).toBe('ongoing');
    expect(covered.tracking_rate).toBeGreaterThan(50);
    // Ten minutes without a fix: the covered share falls.
    clock.advance(600_000);
    const gap = (await t.api.call('GET', `/orders/${orderHandle}`)).json();
    expect(gap.tracking_rate).toBeLessThan(covered.tracking_rate);
    const done = (await t.api.call('POST', `/orders/${orderHandle}/complete`, {})).json();
    expect(done.tracking_rate).toBe(gap.tracking_rate);
  });
});
