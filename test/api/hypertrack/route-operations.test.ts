import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { apiSuite } from '../../helpers/api-suite.ts';
import { TestClock } from '../../helpers/clock.ts';
import { createWorker, orderItem, uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import type { Json } from '../../helpers/json-call.ts';

const T0 = new Date('2030-01-01T08:00:00.000Z');
/** Stops on one parallel, west to east: the shortest tour from S (east) visits B, C, A. */
const A: [number, number] = [-121.9, 37.33];
const C: [number, number] = [-121.85, 37.33];
const B: [number, number] = [-121.8, 37.33];
const S: [number, number] = [-121.7, 37.33];
const at = (p: [number, number]) => ({ geometry: { type: 'Point', coordinates: p }, radius: 50 });

describe.each(STORE_KINDS)('native route operations on %s', (kind) => {
  const clock = new TestClock(T0);
  const suite = apiSuite(kind, { clock });
  const { call } = suite;
  const handles = (route: Json) => (route.orders as Json[]).map((o) => o.order_handle as string);

  /** An unplanned order at `p`, due by 12:00. */
  const unplanned = async (p: [number, number]) => {
    const h = uniq('stop');
    await call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(h, { destination: at(p), scheduled_at: '2030-01-01T12:00:00.000Z' })] }, 201);
    return h;
  };

  /** A tracked route whose first stop S is ongoing, then A, B, C added in that order (resequence: false). */
  async function trackedRoute() {
    const w = await createWorker(suite.t.api);
    const s = uniq('started');
    const tracked = await call(
      'POST',
      '/orders/track',
      { worker_handle: w.workerHandle, track_mode: 'on_time', orders: [orderItem(s, { destination: at(S), scheduled_at: '2030-01-01T12:00:00.000Z' })] },
      201,
    );
    const routeHandle = tracked.route_handle as string;
    const [a, b, c] = [await unplanned(A), await unplanned(B), await unplanned(C)];
    const route = await call('POST', `/orders/routes/${routeHandle}/add`, {
      orders: [{ order_handle: a }, { order_handle: b }, { order_handle: c }],
      resequence: false,
    });
    return { routeHandle, s, a, b, c, route, worker: w };
  }

  const routeEventsOf = async (routeHandle: string) => {
    const r = await sql<{ subject: Json | string }>`select subject from webhook_events
      where account_id = ${suite.t.api.accountId} and type = 'ht_route' order by id`.execute(suite.t.deps.store.db);
    return r.rows
      .map((x) => (typeof x.subject === 'string' ? JSON.parse(x.subject) : x.subject) as Json)
      .flatMap((x) => (x.items as Json[]).map((i) => i.data as Json))
      .filter((d) => d.route_handle === routeHandle);
  };

  it('add appends when resequence is false; the orders are assigned to the route worker and listed in sequence with planned arrivals', async () => {
    const { routeHandle, s, a, b, c, route, worker } = await trackedRoute();
    expect(handles(route)).toEqual([s, a, b, c]);
    expect(route.version).toBe(2);
    for (const o of (route.orders as Json[]).slice(1)) {
      expect(o).toMatchObject({ status: 'assigned', worker_handle: worker.workerHandle, route_handle: routeHandle });
      expect(Date.parse(o.estimate.arrive_at)).toBeGreaterThan(T0.getTime());
    }
    // Arrivals follow the sequence: S → A → B → C drives west, then back east.
    const arrive = (route.orders as Json[]).slice(1).map((o) => Date.parse(o.estimate.arrive_at));
    expect(arrive).toEqual([...arrive].sort((x, y) => x - y));
    expect(route.estimate).toMatchObject({
      start_location: { type: 'Point', coordinates: S },
      end_location: { type: 'Point', coordinates: C },
      polyline: { type: 'LineString', coordinates: [S, A, B, C] },
    });
    expect(route.estimate.distance).toBeGreaterThan(0);
    expect(route.distance).toBe(route.estimate.distance);
    const got = await call('GET', `/orders/routes/${routeHandle}`);
    expect(handles(got)).toEqual([s, a, b, c]);
    expect(got.estimate).toEqual(route.estimate);
    expect((await routeEventsOf(routeHandle)).map((d) => d.value)).toContain('updated');
  });

  it('optimise re-sequences the open stops for the shortest drive; the ongoing stop keeps its place', async () => {
    const { routeHandle, s, a, b, c, route } = await trackedRoute();
    const before = route.estimate.distance as number;
    const opt = await call('POST', `/orders/routes/${routeHandle}/optimise`, {});
    expect(handles(opt)).toEqual([s, b, c, a]);
    expect(opt.orders[0]).toMatchObject({ order_handle: s, status: 'ongoing' });
    expect(opt.version).toBe(route.version + 1);
    expect(opt.estimate.distance).toBeLessThan(before);
    expect(opt.estimate.polyline.coordinates).toEqual([S, B, C, A]);
    expect(handles(await call('GET', `/orders/routes/${routeHandle}`))).toEqual([s, b, c, a]);
    const values = (await routeEventsOf(routeHandle)).map((d) => d.value);
    expect(values.filter((v) => v === 'updated')).toHaveLength(2);
  });

  it('a completed stop stays first through optimise and resequence; the estimate leaves from it', async () => {
    const { routeHandle, s, a, b, c } = await trackedRoute();
    await call('POST', `/orders/${s}/complete`, {});
    const done = await call('GET', `/orders/routes/${routeHandle}`);
    expect(done.status).not.toBe('completed');
    expect(done.estimate.start_location).toEqual({ type: 'Point', coordinates: S });
    expect(done.estimate.polyline.coordinates).toEqual([S, A, B, C]);
    const opt = await call('POST', `/orders/routes/${routeHandle}/optimise`, {});
    expect(handles(opt)).toEqual([s, b, c, a]);
    expect(opt.orders[0]).toMatchObject({ order_handle: s, status: 'completed' });
    expect(opt.orders[0]).not.toHaveProperty('estimate');
    const moved = await call('POST', `/orders/routes/${routeHandle}/resequence`, { orders: [{ order_handle: a }, { order_handle: s }] }, 409);
    expect(moved).toMatchObject({ code: 'validation_error', title: 'Order is completed' });
    const re = await call('POST', `/orders/routes/${routeHandle}/resequence`, { orders: [{ order_handle: a }, { order_handle: c }, { order_handle: b }] });
    expect(handles(re)).toEqual([s, a, c, b]);
    const events = await routeEventsOf(routeHandle);
    expect(events.at(-1)).toMatchObject({ value: 'updated', route_handle: routeHandle, version: re.version, status: re.status });
  });

  it('add with resequence (the default) inserts each order at its cheapest place', async () => {
    const w = await createWorker(suite.t.api);
    const s = uniq('started');
    const routeHandle = (
      await call(
        'POST',
        '/orders/track',
        { worker_handle: w.workerHandle, track_mode: 'on_time', orders: [orderItem(s, { destination: at(S), scheduled_at: '2030-01-01T12:00:00.000Z' })] },
        201,
      )
    ).route_handle as string;
    const [b, a] = [await unplanned(B), await unplanned(A)];
    await call('POST', `/orders/routes/${routeHandle}/add`, { orders: [{ order_handle: b }, { order_handle: a }], resequence: false });
    const c = await unplanned(C);
    const added = await call('POST', `/orders/routes/${routeHandle}/add`, { orders: [{ order_handle: c }] });
    expect(handles(added)).toEqual([s, b, c, a]);
  });

  it('resequence sets the open stops in the given order; a started stop out of place is 409, a non-permutation 422', async () => {
    const { routeHandle, s, a, b, c, route } = await trackedRoute();
    const v = route.version as number;
    const re = await call('POST', `/orders/routes/${routeHandle}/resequence?version=${v}`, {
      orders: [{ order_handle: c }, { order_handle: a }, { order_handle: b }],
    });
    expect(handles(re)).toEqual([s, c, a, b]);
    expect(re.version).toBe(v + 1);
    // The started prefix may lead the list as it is.
    const same = await call('POST', `/orders/routes/${routeHandle}/resequence`, {
      orders: [{ order_handle: s }, { order_handle: b }, { order_handle: a }, { order_handle: c }],
    });
    expect(handles(same)).toEqual([s, b, a, c]);

    const moved = await call(
      'POST',
      `/orders/routes/${routeHandle}/resequence`,
      { orders: [{ order_handle: a }, { order_handle: s }, { order_handle: b }, { order_handle: c }] },
      409,
    );
    expect(moved).toEqual({ code: 'validation_error', title: 'Order is ongoing', detail: `Order ${s} is ongoing: a started stop keeps its place` });
    const missing = await call('POST', `/orders/routes/${routeHandle}/resequence`, { orders: [{ order_handle: a }, { order_handle: b }] }, 422);
    expect(missing.detail.json.orders[0]).toContain(`leaves out ${c}`);
    const twice = await call(
      'POST',
      `/orders/routes/${routeHandle}/resequence`,
      { orders: [{ order_handle: a }, { order_handle: a }, { order_handle: b }, { order_handle: c }] },
      422,
    );
    expect(twice.detail.json.orders[0]).toContain('listed twice');
    const stranger = await call('POST', `/orders/routes/${routeHandle}/resequence`, { orders: [{ order_handle: 'nobody' }] }, 422);
    expect(stranger.detail.json.orders).toEqual(['Order nobody is not on this route']);
    // Refusals change nothing.
    const after = await call('GET', `/orders/routes/${routeHandle}`);
    expect(handles(after)).toEqual([s, b, a, c]);
    expect(after.version).toBe(v + 2);
  });

  it('remove takes orders off the route and its sequence back to unplanned; a started stop is 409', async () => {
    const { routeHandle, s, a, b, c } = await trackedRoute();
    const removed = await call('POST', `/orders/routes/${routeHandle}/remove`, { orders: [{ order_handle: b }] });
    expect(handles(removed)).toEqual([s, a, c]);
    const order = await call('GET', `/orders/${b}`);
    expect(order.status).toBe('unplanned');
    expect(order).not.toHaveProperty('route_handle');
    expect(order).not.toHaveProperty('worker_handle');
    const refused = await call('POST', `/orders/routes/${routeHandle}/remove`, { orders: [{ order_handle: s }] }, 409);
    expect(refused).toMatchObject({ code: 'validation_error', title: 'Order is ongoing' });
    // The removed order can join again.
    const back = await call('POST', `/orders/routes/${routeHandle}/add`, { orders: [{ order_handle: b }] });
    // B lies on the way from S to A: its cheapest place is right after S.
    expect(handles(back)).toEqual([s, b, a, c]);
  });

  it('PATCH merges metadata and bumps the version; a stale version is the documented 409', async () => {
    const { routeHandle, route } = await trackedRoute();
    const v = route.version as number;
    const patched = await call('PATCH', `/orders/routes/${routeHandle}?version=${v}`, { metadata: { zone: 4 } });
    expect(patched).toMatchObject({ version: v + 1, metadata: { zone: 4 } });
    const again = await call('PATCH', `/orders/routes/${routeHandle}`, { metadata: { customerId: '4255534' } });
    expect(again.metadata).toEqual({ zone: 4, customerId: '4255534' });
    for (const [method, url, body] of [
      ['PATCH', `/orders/routes/${routeHandle}?version=${v}`, { metadata: { zone: 5 } }],
      ['POST', `/orders/routes/${routeHandle}/resequence?version=${v}`, { orders: [{ order_handle: 'x' }] }],
      ['POST', `/orders/routes/${routeHandle}/add?version=${v}`, { orders: [{ order_handle: 'x' }] }],
      ['POST', `/orders/routes/${routeHandle}/remove?version=${v}`, { orders: [{ order_handle: 'x' }] }],
      ['POST', `/orders/routes/${routeHandle}/optimise?version=${v}`, {}],
    ] as const) {
      const stale = await call(method, url, body, 409);
      expect(stale).toEqual({ code: 'validation_error', title: 'Route version mismatch', detail: `Route version is ${v + 2}, not ${v}` });
    }
    const refusedField = await call('PATCH', `/orders/routes/${routeHandle}`, { metadata: {}, status: 'completed' }, 422);
    expect(JSON.stringify(refusedField.detail.json)).toContain('status');
    expect((await call('GET', `/orders/routes/${routeHandle}`)).version).toBe(v + 2);
  });

  it('an unknown route and another account’s route are 404 route_not_found; a completed route is refused', async () => {
    const { routeHandle, a } = await trackedRoute();
    const other = await suite.t.newAccount();
    const ops: [string, string, unknown][] = [
      ['PATCH', '', { metadata: { stolen: true } }],
      ['POST', '/optimise', {}],
      ['POST', '/resequence', { orders: [{ order_handle: a }] }],
      ['POST', '/add', { orders: [{ order_handle: a }] }],
      ['POST', '/remove', { orders: [{ order_handle: a }] }],
    ];
    for (const [method, suffix, body] of ops) {
      const unknown = await call(method, `/orders/routes/no-such-route${suffix}`, body, 404);
      expect(unknown).toEqual({ code: 'route_not_found', title: 'Route does not exist', detail: 'Route with this ID does not exist in the system' });
      const r = await other.call(method, `/orders/routes/${routeHandle}${suffix}`, body);
      expect(r.statusCode, r.body).toBe(404);
      expect(r.json().code).toBe('route_not_found');
    }
    expect((await call('GET', `/orders/routes/${routeHandle}`)).metadata).toEqual({});

    await call('POST', `/orders/routes/${routeHandle}/complete`, {});
    for (const [method, suffix, body] of ops) {
      const done = await call(method, `/orders/routes/${routeHandle}${suffix}`, body, 409);
      expect(done).toEqual({ code: 'validation_error', title: 'Route already completed', detail: 'Route with the given ID is already completed' });
    }
    const completed = await call('GET', `/orders/routes/${routeHandle}`);
    expect(completed).not.toHaveProperty('estimate');
  });
});
