import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, extId, twoStopTask } from '../../helpers/bringg.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
const T0 = Date.parse('2030-01-01T09:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
// ~8 km apart at 52.5° N: far more than five minutes' drive.
const START = { lat: 52.52, lng: 13.3 };
const DEST = { lat: 52.52, lng: 13.418, address: 'Karl-Marx-Allee 1, Berlin' };

describe.each(STORE_KINDS)('Bringg fields computed from the core on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  const clock = new TestClock(new Date(T0));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  /** A one-stop task due `dueIn` seconds from T0, assigned, started, with the driver at START. */
  async function drivenTask(dueIn: number) {
    clock.set(at(0));
    const driver = extId('driver');
    const device = extId('device');
    expect((await b.native.call('POST', '/workers', { worker_handle: driver, device_id: device })).statusCode).toBe(201);
    const created = await b.task('oauth', 'create_task', {
      external_id: extId('late'),
      way_points: [{ ...DEST, etos: 240, no_later_than: at(dueIn) }],
    });
    await b.task('oauth', 'assign_task', { id: created.id, user_external_id: driver });
    await b.task('oauth', 'start_task', { id: created.id });
    clock.set(at(21));
    const fixes = [0, 10, 20].map((s) => ({ recorded_at: at(s), ...START, accuracy: 5 }));
    expect((await b.native.call('POST', `/devices/${device}/locations`, fixes)).statusCode).toBe(200);
    return created;
  }

  it('late follows the delay risk and eta/etl the engine estimate plus time on site', async () => {
    const late = await drivenTask(300);
    const lateNow = await b.task('oauth', 'get_task', { id: late.id });
    const native = (await b.native.call('GET', `/orders/${late.external_id}`)).json() as Json;
    expect(native.risks.delayed_from_scheduled_at).toBe('red');
    expect(lateNow.late).toBe(true);
    expect(lateNow.way_points[0]!.late).toBe(true);
    expect(lateNow.way_points[0]!.eta).toBe(native.estimate.arrive_at);
    expect(Date.parse(lateNow.way_points[0]!.etl as string) - Date.parse(native.estimate.arrive_at)).toBe(240_000);

    const onTime = await drivenTask(3 * 3600);
    const onTimeNow = await b.task('oauth', 'get_task', { id: onTime.id });
    expect(onTimeNow.late).toBe(false);
    expect(onTimeNow.way_points[0]!.late).toBe(false);
    expect(onTimeNow.way_points[0]!.eta).toEqual(expect.any(String));
  });

  it('checked in, etl is the check-in plus etos; checked out, both are null', async () => {
    const task = await drivenTask(3 * 3600);
    clock.set(at(100));
    const inside = await b.task('oauth', 'checkin', { id: task.id, lat: DEST.lat, lng: DEST.lng });
    expect(inside.way_points[0]).toMatchObject({ eta: null, etl: at(100 + 240), checkin_time: at(100) });
    clock.set(at(200));
    const left = await b.task('oauth', 'checkout', { id: task.id, lat: DEST.lat, lng: DEST.lng });
    expect(left.way_points[0]).toMatchObject({ eta: null, etl: null, checkout_time: at(200) });
  });

  it('eta and etl are null where the engine has no estimate', async () => {
    const created = await b.task('oauth', 'create_task', twoStopTask());
    for (const wp of created.way_points) expect(wp).toMatchObject({ eta: null, etl: null, late: false });
    expect(created.late).toBe(false);
  });

  it('shared_locations holds each way point’s share URL and token, the native share_url', async () => {
    const created = await b.task('oauth', 'create_task', twoStopTask());
    const shared = created.shared_locations as Json[];
    expect(shared).toHaveLength(2);
    for (const [i, type] of (['pick', 'drop'] as const).entries()) {
      const native = (await b.native.call('GET', `/orders/${created.external_id}?type=${type}`)).json() as Json;
      expect(shared[i]).toEqual({
        task_id: created.id,
        way_point_id: created.way_points[i]!.id,
        customer_id: null,
        token: expect.any(String),
        url: native.share_url,
        expired: false,
        created_at: created.created_at,
      });
      expect(shared[i]!.url).toBe(`${PUBLIC_URL}/t/${shared[i]!.token}`);
    }
  });

  it('automatically_cancelled says how the core cancelled: 4 for an API request, 7 from the dashboard, 9 for a completed route', async () => {
    const byNative = await b.task('oauth', 'create_task', { external_id: extId('c'), way_points: [DEST] });
    expect(byNative.automatically_cancelled).toBeNull();
    expect((await b.native.call('POST', `/orders/${byNative.external_id}/cancel`, {})).statusCode).toBe(200);
    expect(await b.task('oauth', 'get_task', { id: byNative.id })).toMatchObject({ status: 7, automatically_cancelled: 4 });

    // The dashboard's cancel button: 7, "updated using the Bringg platform".
    const byDashboard = await b.task('oauth', 'create_task', { external_id: extId('c'), way_points: [DEST] });
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/app/api/session',
      payload: { account_id: b.creds.account_id, secret_key: b.creds.secret_key },
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const clicked = await t.app.inject({
      method: 'POST',
      url: `/app/api/orders/${byDashboard.external_id}/cancel`,
      headers: { cookie, 'x-csrf-token': signIn.json().csrf_token },
      payload: {},
    });
    expect(clicked.statusCode, clicked.body).toBe(200);
    expect(await b.task('oauth', 'get_task', { id: byDashboard.id })).toMatchObject({ status: 7, automatically_cancelled: 7 });

    const onRoute = await drivenTask(3 * 3600);
    const route = (await b.native.call('GET', `/orders/${onRoute.external_id}`)).json().route_handle as string;
    expect(route).toEqual(expect.any(String));
    const r = await b.native.call('POST', `/orders/routes/${route}/complete`, {});
    expect(r.statusCode, r.body).toBe(200);
    const ended = await b.task('oauth', 'get_task', { id: onRoute.id });
    expect(ended).toMatchObject({ status: 7, automatically_cancelled: 9 });
    expect((ended.shared_locations as Json[])[0]).toMatchObject({ expired: true });
  });
});
