import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSession } from '../../helpers/dashboard-session.ts';
import { uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { startWebServer, type WebServer } from '../../helpers/web-server.ts';

/** The planning view's /app/api routes: refusals change nothing, errors are the dashboard's own bodies. */
describe.each(STORE_KINDS)('dashboard planning routes (%s)', (kind) => {
  let server: WebServer;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    server = await startWebServer(kind);
    session = await dashboardSession(server);
  });
  afterAll(() => server.close());

  const web = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}/app/api${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        origin: server.url,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as any };
  };

  /** A worker's not yet started route with these orders on it (POST /orders, manual plan, with a worker). */
  async function routeWith(orders: string[]) {
    const worker = uniq('pw');
    expect((await server.call('POST', '/workers', { worker_handle: worker, name: worker })).status).toBe(201);
    const destination = { geometry: { type: 'Point', coordinates: [-121.88, 37.33] } };
    const r = await server.call('POST', '/orders', {
      plan_mode: 'manual',
      worker_handle: worker,
      orders: orders.map((order_handle) => ({ order_handle, destination, scheduled_at: '2030-01-08T12:00:00.000Z' })),
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return r.json.route_handle as string;
  }
  const stopsOf = async (route: string) =>
    ((await server.call('GET', `/orders/routes/${route}`)).json.orders as { order_handle: string }[]).map((o) => o.order_handle);

  it('moves an order from one route to another and refuses, changing nothing, an unknown, the same or a completed target', async () => {
    const [a1, a2, b1] = [uniq('o'), uniq('o'), uniq('o')];
    const a = await routeWith([a1, a2]);
    const b = await routeWith([b1]);

    const moved = await web('POST', `/routes/${a}/move`, { order_handle: a1, to_route_handle: b });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    expect(moved.json.from.stops.map((s: { order_handle: string }) => s.order_handle)).toEqual([a2]);
    expect(moved.json.to.stops.map((s: { order_handle: string }) => s.order_handle).sort()).toEqual([a1, b1].sort());
    expect((await server.call('GET', `/orders/${a1}`)).json.route_handle).toBe(b);

    const unknown = await web('POST', `/routes/${a}/move`, { order_handle: a2, to_route_handle: 'no-such-route' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBeTruthy();
    const same = await web('POST', `/routes/${a}/move`, { order_handle: a2, to_route_handle: a });
    expect(same.status).toBe(400);
    const notThere = await web('POST', `/routes/${a}/move`, { order_handle: b1, to_route_handle: b });
    expect(notThere.status).toBe(400);

    const c = await routeWith([uniq('o')]);
    const completed = await web('POST', `/routes/${c}/complete`);
    expect(completed.status, JSON.stringify(completed.json)).toBe(200);
    expect(completed.json.status).toBe('completed');
    const versionBefore = (await server.call('GET', `/orders/routes/${a}`)).json.version;
    const closed = await web('POST', `/routes/${a}/move`, { order_handle: a2, to_route_handle: c });
    expect(closed.status).toBe(409);
    // One transaction: the order never left its route, which is not even a version further.
    expect(await stopsOf(a)).toEqual([a2]);
    expect((await server.call('GET', `/orders/routes/${a}`)).json.version).toBe(versionBefore);
    expect((await server.call('GET', `/orders/${a2}`)).json).toMatchObject({ route_handle: a });
    expect((await stopsOf(b)).sort()).toEqual([a1, b1].sort());
    expect((await web('POST', `/routes/${c}/complete`)).status).toBe(409);
  });

  it('refuses a bad plan request before a run exists, and an unknown plan or route is a 404', async () => {
    for (const body of [{ ops_group_handle: 'g' }, { ops_group_handle: 'g', date: '2030-02-30' }, { ops_group_handle: 'g', date: '2030-01-08', extra: 1 }]) {
      const r = await web('POST', '/plans', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.code).toBeTruthy();
    }
    expect((await web('POST', '/plans', { ops_group_handle: 'g', date: '2030-01-08', timezone: 'Mars/Olympus' })).status).toBe(400);
    expect((await web('GET', '/plans/no-such-plan')).status).toBe(404);
    expect((await web('POST', '/routes/no-such-route/complete')).status).toBe(404);
  });

  it('lists unplanned orders of an ops group', async () => {
    const group = uniq('g');
    const h = uniq('o');
    const destination = { geometry: { type: 'Point', coordinates: [-121.88, 37.33] }, address: '1 Main St' };
    expect(
      (
        await server.call('POST', '/orders', {
          plan_mode: 'scheduled',
          ops_group_handle: group,
          orders: [{ order_handle: h, destination, scheduled_at: '2030-01-08T12:00:00.000Z' }],
        })
      ).status,
    ).toBe(201);
    const r = await web('GET', `/planning/unplanned?ops_group=${group}`);
    expect(r.status).toBe(200);
    expect(r.json.orders).toEqual([
      {
        order_handle: h,
        ops_group_handle: group,
        address: '1 Main St',
        destination: [-121.88, 37.33],
        scheduled_at: '2030-01-08T12:00:00.000Z',
        planning_failure_reason: null,
      },
    ]);
  });
});
