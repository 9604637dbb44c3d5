import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversine } from '../../../src/core/geo.ts';
import { GreatCircleProvider } from '../../../src/core/tracking/eta.ts';
import { type ApiClient, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
type P = [number, number];

/** Tuesday 08:00 UTC. */
const T0 = new Date('2030-01-01T08:00:00.000Z');
const NOON = '2030-01-01T12:00:00.000Z';
const LAT = 37.33;
/** W1's route S1 → S2 runs along one parallel; O lies just north of its middle, W2's home just east of O. */
const S1: P = [-121.8, LAT];
const S2: P = [-121.7, LAT];
const O: P = [-121.75, LAT + 0.01];
const H2: P = [-121.74, LAT + 0.01];
const FAR: P = [-121.74, LAT + 0.3];
const at = (p: P) => ({ geometry: { type: 'Point', coordinates: p }, radius: 50 });
const home = (p: P) => ({ address: null, geometry: { type: 'Point', coordinates: p } });

describe.each(STORE_KINDS)('on-demand dispatch on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(T0);
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  const call = async (api: ApiClient, method: string, url: string, body?: unknown, status = 200) => {
    const r = await api.call(method, url, body);
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as Json;
  };
  const worker = (api: ApiClient, extra: Record<string, unknown> = {}) => {
    const handle = uniq('w');
    return call(api, 'POST', '/workers', { worker_handle: handle, ...extra }, 201).then(() => handle);
  };
  /** One on-demand order at `p`; returns it as the create answered. */
  const onDemand = async (api: ApiClient, p: P, extra: Record<string, unknown> = {}) => {
    const h = uniq('od');
    const r = await call(
      api,
      'POST',
      '/orders',
      { plan_mode: 'on_demand', orders: [{ order_handle: h, destination: at(p), scheduled_at: NOON, ...extra }] },
      201,
    );
    return r.orders[0] as Json;
  };

  /** W1 (no home: its route runs from its first stop to its last) serves S1 then S2; W2 (home by O) has no route. */
  async function twoWorkers() {
    const api = await t.newAccount();
    const w1 = await worker(api);
    const w2 = await worker(api, { home: home(H2) });
    const stops = [S1, S2].map((p) => ({ order_handle: uniq('s'), destination: at(p), scheduled_at: NOON }));
    const route = await call(api, 'POST', '/orders', { plan_mode: 'manual', worker_handle: w1, orders: stops }, 201);
    return { api, w1, w2, route };
  }

  // On the great-circle matrix (the routing provider's default): W1's detour S1→O→S2 − S1→S2 is
  // ~355 m; W2 drives home→O→home, ~2.3 km, although its home is the nearest point to O.
  const { detourFactor, defaultSpeedMps } = new GreatCircleProvider().options;
  const metres = (a: P, b: P) => haversine(a, b) * detourFactor;
  const viaW1 = metres(S1, O) + metres(O, S2) - metres(S1, S2);
  const viaW2 = 2 * metres(H2, O);

  it('assigns the order to the worker whose route it lengthens least, planned then assigned, on that route', async () => {
    const { api, w1, w2, route } = await twoWorkers();
    const order = await onDemand(api, O);
    expect(order).toMatchObject({ status: 'assigned', worker_handle: w1, route_handle: route.route_handle, plan_mode: 'on_demand' });
    expect(order.planning_failure_reason).toBeUndefined();
    const got = await call(api, 'GET', `/orders/${order.order_handle}`);
    const types = (got.timeline as Json[]).map((e) => e.type);
    expect(types).toEqual(['order_created', 'order_planned', 'order_assigned']);
    const r = await call(api, 'GET', `/orders/routes/${route.route_handle}`);
    expect(r.version).toBe(route.version + 1);
    expect((r.orders as Json[]).map((o) => o.order_handle)).toEqual([route.orders[0].order_handle, order.order_handle, route.orders[1].order_handle]);
    expect(r.distance).toBe(Math.round(metres(S1, O) + metres(O, S2)));
    expect(viaW1).toBeLessThan(viaW2);
    // The order is weighed without itself on its route; its own worker can be left out.
    const all = await call(api, 'GET', `/orders/${order.order_handle}/candidate_workers`);
    expect(all.workers.map((w: Json) => [w.worker_handle, w.extra_distance])).toEqual([
      [w1, Math.round(viaW1)],
      [w2, Math.round(viaW2)],
    ]);
    const others = await call(api, 'GET', `/orders/${order.order_handle}/candidate_workers?skip_already_assigned_worker=true`);
    expect(others.workers.map((w: Json) => w.worker_handle)).toEqual([w2]);
  });

  it('the dispatched route is drawn from the worker home through the order: its expected path', async () => {
    const api = await t.newAccount();
    const w = await worker(api, { home: home(H2) });
    const order = await onDemand(api, O);
    expect(order).toMatchObject({ status: 'assigned', worker_handle: w });
    const row = await sql<{ p: { route_handle: string; path: P[] } | null }>`
      select expected_path as p from orders where account_id = ${api.accountId} and order_handle = ${order.order_handle}`.execute(t.deps.store.db);
    const path = row.rows[0]!.p;
    expect(path?.route_handle).toBe(order.route_handle);
    expect(path?.path[0]).toEqual(H2);
    expect(path?.path.at(-1)).toEqual(O);
  });

  it('candidate_workers ranks the workers by the time and distance each would add', async () => {
    const { api, w1, w2, route } = await twoWorkers();
    const h = uniq('m');
    await call(api, 'POST', '/orders', { plan_mode: 'manual', orders: [{ order_handle: h, destination: at(O), scheduled_at: NOON }] }, 201);
    const c = await call(api, 'GET', `/orders/${h}/candidate_workers`);
    expect(c.excluded_workers).toEqual([]);
    expect(c.workers).toEqual([
      {
        worker_handle: w1,
        profile: {},
        order_start_location: { type: 'Point', coordinates: S1 },
        route: { route_handle: route.route_handle, index: 1 },
        extra_distance: Math.round(viaW1),
        extra_duration: Math.round(viaW1 / defaultSpeedMps),
      },
      {
        worker_handle: w2,
        profile: {},
        order_start_location: { type: 'Point', coordinates: H2 },
        route: { route_handle: null, index: 0 },
        extra_distance: Math.round(viaW2),
        extra_duration: Math.round(viaW2 / defaultSpeedMps),
      },
    ]);
    expect((await call(api, 'GET', `/orders/${h}/candidate_workers?limit=1`)).workers.map((w: Json) => w.worker_handle)).toEqual([w1]);
    await call(api, 'PATCH', `/workers/${w2}`, { profile: { zone: '4' } });
    const zoned = await call(api, 'GET', `/orders/${h}/candidate_workers?profile_filter=${encodeURIComponent('{"zone":"4"}')}`);
    expect(zoned.workers.map((w: Json) => w.worker_handle)).toEqual([w2]);
    const bad = await api.call('GET', `/orders/${h}/candidate_workers?profile_filter=nope`);
    expect(bad.statusCode).toBe(422);
    // Nothing was written: the order is still unplanned and the route unchanged.
    expect(await call(api, 'GET', `/orders/${h}`)).toMatchObject({ status: 'unplanned' });
    expect((await call(api, 'GET', `/orders/routes/${route.route_handle}`)).version).toBe(route.version);
  });

  it('an off-shift, an unavailable and an unskilled worker are never dispatched, and each says why', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      // T0 is a Tuesday: a Monday-only schedule is off shift.
      [{ schedule: [{ day_of_week: 'MONDAY', start_time: '00:00', end_time: '23:59' }] }, {}, 'off_shift'],
      [{ product_types: ['plumbing'] }, { product_type: ['electrical'] }, 'missing_skill'],
      [{}, {}, 'worker_unavailable'],
    ];
    for (const [workerFields, orderFields, reason] of cases) {
      const api = await t.newAccount();
      const w = await worker(api, { home: home(H2), ...workerFields });
      if (reason === 'worker_unavailable') await call(api, 'POST', `/workers/${w}/work_status`, { available: false });
      const order = await onDemand(api, O, orderFields);
      expect(order, reason).toMatchObject({ status: 'unplanned', planning_failure_reason: reason });
      expect(order.worker_handle).toBeUndefined();
      expect(await call(api, 'GET', `/orders/${order.order_handle}`)).toMatchObject({ status: 'unplanned', planning_failure_reason: reason });
      const c = await call(api, 'GET', `/orders/${order.order_handle}/candidate_workers`);
      expect(c).toEqual({ workers: [], excluded_workers: [{ worker_handle: w, reason }] });
    }
  });

  it('a window no worker can reach in time is time_window; an account without workers says no_workers', async () => {
    const api = await t.newAccount();
    expect(await onDemand(api, O)).toMatchObject({ status: 'unplanned', planning_failure_reason: 'no_workers' });
    await worker(api, { home: home(H2) });
    // 0.3° north is ~43 km on the matrix: well over 30 minutes of driving.
    const far = await onDemand(api, FAR, { scheduled_at: '2030-01-01T08:30:00.000Z' });
    expect(far).toMatchObject({ status: 'unplanned', planning_failure_reason: 'time_window' });
    // The same stop with the whole morning is taken.
    expect(await onDemand(api, FAR)).toMatchObject({ status: 'assigned' });
  });

  it('the worst reason is the one of the worker that came closest; the capacity of a full route', async () => {
    const api = await t.newAccount();
    await worker(api, { schedule: [{ day_of_week: 'MONDAY', start_time: '09:00', end_time: '17:00' }] });
    const full = await worker(api, { home: home(H2), profile: { capacity: 1 } });
    expect(await onDemand(api, O)).toMatchObject({ status: 'assigned', worker_handle: full });
    expect(await onDemand(api, O)).toMatchObject({ status: 'unplanned', planning_failure_reason: 'capacity' });
  });

  it('concurrent creates never book one place twice', async () => {
    const api = await t.newAccount();
    const w = await worker(api, { home: home(H2), profile: { capacity: 3 } });
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) => onDemand(api, [O[0] - i * 0.001, LAT])));
    const assigned = created.filter((o) => o.status === 'assigned');
    expect(assigned).toHaveLength(3);
    expect(created.filter((o) => o.planning_failure_reason === 'capacity')).toHaveLength(3);
    const route = await call(api, 'GET', `/orders/routes/${assigned[0]!.route_handle}`);
    expect(route.worker_handle).toBe(w);
    expect((route.orders as Json[]).map((o) => o.order_handle).sort()).toEqual(assigned.map((o) => o.order_handle).sort());
    const routes = await sql<{ n: number }>`select count(*)::int as n from routes where account_id = ${api.accountId}`.execute(t.deps.store.db);
    expect(routes.rows[0]!.n).toBe(1);
  });

  it('a pick and its drop are dispatched together to one worker, pick first', async () => {
    const api = await t.newAccount();
    const w = await worker(api, { home: home(H2), device_id: uniq('DEVICE') });
    const h = uniq('pd');
    const r = await call(
      api,
      'POST',
      '/orders',
      {
        plan_mode: 'on_demand',
        orders: [
          { order_handle: h, type: 'drop', destination: at(S1), scheduled_at: NOON },
          { order_handle: h, type: 'pick', destination: at(O), scheduled_at: NOON },
        ],
      },
      201,
    );
    expect((r.orders as Json[]).map((o) => [o.type, o.status, o.worker_handle])).toEqual([
      ['drop', 'assigned', w],
      ['pick', 'assigned', w],
    ]);
    const route = await call(api, 'GET', `/orders/routes/${r.orders[0].route_handle}`);
    expect((route.orders as Json[]).map((o) => o.type)).toEqual(['pick', 'drop']);
    // The route and its estimate start at the worker's home.
    expect(route.estimate.start_location.coordinates).toEqual(H2);
    expect(route.distance).toBe(Math.round(metres(H2, O) + metres(O, S1)));
    // Tracking the route answers the same planned figures.
    const tracked = await call(api, 'POST', '/orders/track', { route_handle: route.route_handle, track_mode: 'on_time' }, 201);
    expect(tracked).toMatchObject({ status: 'tracking', distance: route.distance, estimate: { start_location: { coordinates: H2 } } });
  });

  it("another account's order is a 404 on candidate_workers; a finished one is refused", async () => {
    const { api } = await twoWorkers();
    const other = await t.newAccount();
    const order = await onDemand(api, O);
    const r = await other.call('GET', `/orders/${order.order_handle}/candidate_workers`);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'order_not_found' });
    await call(api, 'POST', `/orders/${order.order_handle}/cancel`, {});
    const done = await api.call('GET', `/orders/${order.order_handle}/candidate_workers`);
    expect(done.statusCode, done.body).toBe(409);
  });
});
