import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { type ApiClient, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { SAN_JOSE, uniq } from '../../helpers/fixtures.ts';
import { seedBodies } from '../../helpers/seeds.ts';
import { shapeDiff } from '../../helpers/shape.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, unknown>;
const seed = seedBodies('002_f60d4c7622261269.txt')[0] as Json;
const regions = createOfflineRegionLookup();
const DEVICE = '52193948-1A79-47CC-AB81-2FB0A59536D1';
const lifecycleTypes = (timeline: Json[]) => timeline.map((e) => e.type as string).filter((t) => t.startsWith('order_'));

/** Plan runs (issue 15 item 2): scheduled orders stay unplanned until a plan run places them. */
describe.each(STORE_KINDS)('plan runs on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApi(kind, { clock, regions });
  });
  afterAll(() => t.close());

  /** Starts a run, waits until this process has finished it, and returns it as GET shows it. */
  async function plan(api: ApiClient, body: Json): Promise<Json> {
    const started = await api.call('POST', '/orders/plan', { time_budget: 0.2, ...body });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: 'queued', progress: 0 });
    await t.deps.plans.settled();
    const got = await api.call('GET', `/orders/plan/${started.json().plan_id}`);
    expect(got.statusCode, got.body).toBe(200);
    return got.json() as Json;
  }

  const order = async (api: ApiClient, handle: string) => (await api.call('GET', `/orders/${handle}`)).json() as Json;

  it('seed 002: scheduled → plan run → assign → track → complete returns the seed body shape, planned_at included', async () => {
    clock.set('2023-10-25T17:54:00.000Z');
    const w = await t.api.call('POST', '/workers', { worker_handle: 'James', name: 'James', device_id: DEVICE, ops_group_handle: 'store-SF' });
    expect(w.statusCode, w.body).toBe(201);
    clock.set('2023-10-25T17:54:42.233Z');
    const created = await t.api.call('POST', '/orders', {
      plan_mode: 'scheduled',
      ops_group_handle: 'store-SF',
      orders: [
        { order_handle: 'order-2', type: 'pick', scheduled_at: '2023-10-26T02:00:00.000Z', destination: seed.destination, metadata: { customerID: '12654' } },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await order(t.api, 'order-2')).status).toBe('unplanned');

    clock.set('2023-10-25T18:08:44.659Z');
    const run = await plan(t.api, { ops_group_handle: 'store-SF', date: '2023-10-26' });
    expect(run).toMatchObject({ status: 'completed', progress: 1, planned: 1, unplanned: 0, skipped: 0, feasible: true, error: null });
    const routes = run.routes as Json[];
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ worker_handle: 'James', orders: 1 });

    const planned = await order(t.api, 'order-2');
    expect(planned).toMatchObject({ status: 'planned', planned_at: '2023-10-25T18:08:44.659Z', plan_id: run.plan_id, route_handle: routes[0]!.route_handle });
    expect(lifecycleTypes(planned.timeline as Json[])).toEqual(['order_created', 'order_planned']);
    const estimate = planned.estimate as Json;
    // Without a home the worker starts at the stop, at the start of the day's shift.
    expect(estimate.arrive_at).toBe('2023-10-26T00:00:00.000Z');
    const route = (await t.api.call('GET', `/orders/routes/${routes[0]!.route_handle}`)).json() as Json;
    expect(route).toMatchObject({ status: 'planned', plan_id: run.plan_id, worker_handle: 'James', planned_at: '2023-10-25T18:08:44.659Z' });

    clock.set('2023-10-25T18:08:44.892Z');
    const assigned = await t.api.call('POST', `/orders/routes/${routes[0]!.route_handle}/reassign`, { worker_handle: 'James' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    clock.set('2023-10-26T01:28:21.925Z');
    const track = await t.api.call('POST', '/orders/track', { track_mode: 'on_time', route_handle: routes[0]!.route_handle });
    expect(track.statusCode, track.body).toBe(201);
    clock.set('2023-10-26T01:39:25.000Z');
    const fixes = ((seed.polyline as Json).coordinates as [number, number, number, string][]).map(([lng, lat, altitude, at]) => ({
      recorded_at: at,
      lng,
      lat,
      altitude,
      accuracy: 5,
    }));
    expect((await t.api.call('POST', `/devices/${DEVICE}/locations`, fixes)).json()).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    clock.set('2023-10-26T01:39:45.503Z');
    const res = await t.api.call('POST', '/orders/order-2/complete', {});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Json;
    expect(shapeDiff(body, seed)).toEqual([]);
    expect(body).toMatchObject({ status: 'completed', planned_at: '2023-10-25T18:08:44.659Z', plan_id: run.plan_id, assigned_at: '2023-10-25T18:08:44.892Z' });
    expect(lifecycleTypes(body.timeline as Json[])).toEqual(lifecycleTypes(seed.timeline as Json[]));
    expect(shapeDiff((await t.api.call('GET', '/orders/order-2')).json(), seed)).toEqual([]);
  });

  describe('the reasons an order is left unplanned', () => {
    const DATE = '2030-01-08'; // a Tuesday
    let api: ApiClient;
    beforeAll(async () => {
      clock.set('2030-01-07T12:00:00.000Z');
      api = await t.newAccount('reasons');
    });

    async function scenario(worker: Json, orders: Json[], extra: (handle: string) => Promise<void> = async () => {}) {
      const group = uniq('group');
      const handle = uniq('w');
      const w = await api.call('POST', '/workers', { worker_handle: handle, ops_group_handle: group, ...worker });
      expect(w.statusCode, w.body).toBe(201);
      await extra(handle);
      const c = await api.call('POST', '/orders', { plan_mode: 'scheduled', ops_group_handle: group, orders });
      expect(c.statusCode, c.body).toBe(201);
      return plan(api, { ops_group_handle: group, date: DATE });
    }

    const stop = (extra: Json = {}) => ({ order_handle: uniq('o'), destination: SAN_JOSE, scheduled_at: `${DATE}T15:00:00.000Z`, ...extra });

    async function expectReason(run: Json, orderHandle: string, reason: string) {
      expect(run).toMatchObject({ status: 'completed', feasible: true, planned: 0 });
      expect(run.unplanned_orders).toEqual([{ order_handle: orderHandle, type: 'drop', type_index: 0, planning_failure_reason: reason }]);
      const o = await order(api, orderHandle);
      expect(o).toMatchObject({ status: 'unplanned', planning_failure_reason: reason });
      expect(o).not.toHaveProperty('plan_id');
    }

    it('a worker off shift on the date: off_shift', async () => {
      const s = stop();
      const run = await scenario({ schedule: [{ day_of_week: 'MONDAY', start_time: '08:00', end_time: '18:00' }] }, [s]);
      await expectReason(run, s.order_handle, 'off_shift');
    });

    it('an unavailable worker: worker_unavailable', async () => {
      const s = stop();
      const run = await scenario({}, [s], async (h) => {
        expect((await api.call('POST', `/workers/${h}/work_status`, { available: false })).statusCode).toBe(200);
      });
      await expectReason(run, s.order_handle, 'worker_unavailable');
    });

    it('no worker with the product type: missing_skill', async () => {
      const s = stop({ product_type: ['electrical'] });
      const run = await scenario({ product_types: ['plumbing'] }, [s]);
      await expectReason(run, s.order_handle, 'missing_skill');
    });

    it('a window no shift can meet: time_window', async () => {
      const s = stop({ scheduled_at: `${DATE}T07:00:00.000Z` });
      const run = await scenario({ schedule: [{ day_of_week: 'TUESDAY', start_time: '09:00', end_time: '17:00' }] }, [s]);
      await expectReason(run, s.order_handle, 'time_window');
    });

    it('more stops than the worker carries: capacity for the one left, and a later plan places it once there is room', async () => {
      const [a, b] = [stop({ scheduled_at: `${DATE}T10:00:00.000Z` }), stop({ scheduled_at: `${DATE}T16:00:00.000Z`, priority: 'low' })];
      const run = await scenario({ profile: { capacity: 1 } }, [a, b]);
      expect(run).toMatchObject({ status: 'completed', feasible: true, planned: 1, unplanned: 1 });
      const left = (run.unplanned_orders as Json[])[0]!;
      expect(left.planning_failure_reason).toBe('capacity');
      const placed = [a, b].find((x) => x.order_handle !== left.order_handle)!;
      expect((await order(api, placed.order_handle)).status).toBe('planned');
    });

    it('a pick and a drop of one handle are one shipment: same route, pick first', async () => {
      const group = uniq('group');
      await api.call('POST', '/workers', { worker_handle: uniq('w'), ops_group_handle: group });
      await api.call('POST', '/workers', { worker_handle: uniq('w'), ops_group_handle: group });
      const h = uniq('parcel');
      const far = { geometry: { type: 'Point', coordinates: [-121.95, 37.4] }, address: 'Santa Clara', radius: 100 };
      const c = await api.call('POST', '/orders', {
        plan_mode: 'scheduled',
        ops_group_handle: group,
        orders: [
          { order_handle: h, type: 'drop', destination: far, scheduled_at: `${DATE}T18:00:00.000Z` },
          { order_handle: h, type: 'pick', destination: SAN_JOSE, scheduled_at: `${DATE}T18:00:00.000Z` },
        ],
      });
      expect(c.statusCode, c.body).toBe(201);
      const run = await plan(api, { ops_group_handle: group, date: DATE });
      expect(run).toMatchObject({ status: 'completed', feasible: true, planned: 2, unplanned: 0 });
      expect(run.routes).toHaveLength(1);
      const route = (await api.call('GET', `/orders/routes/${(run.routes as Json[])[0]!.route_handle}`)).json() as Json;
      expect((route.orders as Json[]).map((o) => [o.order_handle, o.type])).toEqual([
        [h, 'pick'],
        [h, 'drop'],
      ]);
    });
  });

  describe('another account', () => {
    it("cannot see another account's plan, nor plan with its workers or orders (404)", async () => {
      clock.set('2030-01-07T12:00:00.000Z');
      const a = await t.newAccount('a');
      const b = await t.newAccount('b');
      const wa = uniq('w');
      await a.call('POST', '/workers', { worker_handle: wa, ops_group_handle: 'g' });
      const oa = uniq('o');
      const c = await a.call('POST', '/orders', {
        plan_mode: 'scheduled',
        ops_group_handle: 'g',
        orders: [{ order_handle: oa, destination: SAN_JOSE, scheduled_at: '2030-01-08T15:00:00.000Z' }],
      });
      expect(c.statusCode, c.body).toBe(201);
      const run = await plan(a, { ops_group_handle: 'g', date: '2030-01-08' });
      expect(run.planned, JSON.stringify(run)).toBe(1);
      const seen = await b.call('GET', `/orders/plan/${run.plan_id}`);
      expect(seen.statusCode).toBe(404);
      expect(seen.json()).toEqual({ code: 'plan_not_found', title: 'Plan Not Found', detail: `Plan not found for id ${run.plan_id}` });
      const withWorker = await b.call('POST', '/orders/plan', { ops_group_handle: 'g', date: '2030-01-08', worker_handles: [wa] });
      expect(withWorker.statusCode).toBe(404);
      expect(withWorker.json().code).toBe('driver_not_found');
      const withOrder = await b.call('POST', '/orders/plan', { ops_group_handle: 'g', date: '2030-01-08', order_handles: [oa] });
      expect(withOrder.statusCode).toBe(404);
      expect(withOrder.json().code).toBe('order_not_found');
      // B's own run of the same group name sees none of A's orders.
      const own = await plan(b, { ops_group_handle: 'g', date: '2030-01-08' });
      expect(own).toMatchObject({ status: 'completed', planned: 0, unplanned: 0, routes: [] });
    });
  });

  it('refuses a date that is not one, an unknown time zone, and unknown fields, writing nothing', async () => {
    for (const body of [
      { ops_group_handle: 'g', date: '2030-02-30' },
      { ops_group_handle: 'g', date: '2030-01-08', timezone: 'Mars/Olympus' },
      { ops_group_handle: 'g', date: '2030-01-08', time_budget: 0 },
      { ops_group_handle: 'g', date: '2030-01-08', shifts: true },
    ]) {
      const r = await t.api.call('POST', '/orders/plan', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.json().message).toBe('Validation error');
    }
  });
});
