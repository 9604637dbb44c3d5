import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { DROPOFF, deliveryReq, PICKUP, uberClient, uniq } from '../../helpers/uber.ts';
import { expectUberSchema } from '../../helpers/uber-schemas.ts';

type Delivery = Record<string, unknown> & { id: string; status: string; live_mode: boolean; courier?: { name: string } };
type Json = Record<string, any>;

/** Live deliveries are dispatched on creation (issue 15 item 3); test ones keep the robo courier. */
describe.each(STORE_KINDS)('Uber Direct live dispatch through the official SDK on %s', (kind) => {
  let t: TestApi;
  // Midday UTC: the workers below, without a schedule, work the whole UTC day.
  const clock = new TestClock(new Date('2030-01-01T12:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  it('a live delivery gets the nearest available courier without a person acting; pick before drop on its route', async () => {
    const u = await uberClient(t, 'live');
    const near = uniq('near');
    const far = uniq('far');
    const off = uniq('off');
    const worker = async (handle: string, at: { lat: number; lng: number }, name: string) => {
      const r = await u.native.call('POST', '/workers', {
        worker_handle: handle,
        name,
        home: { address: null, geometry: { type: 'Point', coordinates: [at.lng, at.lat] } },
      });
      expect(r.statusCode, r.body).toBe(201);
    };
    await worker(near, { lat: PICKUP.lat - 0.002, lng: PICKUP.lng }, 'Nina Near');
    await worker(far, { lat: PICKUP.lat - 0.2, lng: PICKUP.lng }, 'Fred Far');
    // The nearest of all, but unavailable: never dispatched.
    await worker(off, PICKUP, 'Otto Off');
    expect((await u.native.call('POST', `/workers/${off}/work_status`, { available: false })).statusCode).toBe(200);

    const created = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    expectUberSchema('CreateDeliveryResp', created);
    expect(created).toMatchObject({ status: 'pickup', live_mode: true, courier: { name: 'Nina N.' } });
    const got = (await u.client.getDelivery(created.id)) as Delivery;
    expect(got).toMatchObject({ status: 'pickup', courier: { name: 'Nina N.' } });

    const pick = (await u.native.call('GET', `/orders/${created.id}?type=pick`)).json() as Json;
    const drop = (await u.native.call('GET', `/orders/${created.id}?type=drop`)).json() as Json;
    expect([pick.status, pick.worker_handle, drop.status, drop.worker_handle]).toEqual(['assigned', near, 'assigned', near]);
    const route = (await u.native.call('GET', `/orders/routes/${pick.route_handle}`)).json() as Json;
    expect((route.orders as Json[]).map((o) => o.type)).toEqual(['pick', 'drop']);
    expect(route.estimate.end_location.coordinates).toEqual([DROPOFF.lng, DROPOFF.lat]);
  });

  it('with no courier able to take it the live delivery stays pending and its stops say why', async () => {
    const u = await uberClient(t, 'live');
    const created = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    expect(created).toMatchObject({ status: 'pending', live_mode: true });
    expect(created).not.toHaveProperty('courier');
    const pick = (await u.native.call('GET', `/orders/${created.id}?type=pick`)).json() as Json;
    expect(pick).toMatchObject({ status: 'unplanned', planning_failure_reason: 'no_workers' });
  });

  it('a test-mode delivery is not dispatched to the account’s workers: it waits for its robo', async () => {
    const u = await uberClient(t, 'test');
    const w = uniq('w');
    expect(
      (
        await u.native.call('POST', '/workers', {
          worker_handle: w,
          home: { address: null, geometry: { type: 'Point', coordinates: [PICKUP.lng, PICKUP.lat] } },
        })
      ).statusCode,
    ).toBe(201);
    const created = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    expect(created).toMatchObject({ status: 'pending', live_mode: false });
    const pick = (await u.native.call('GET', `/orders/${created.id}?type=pick`)).json() as Json;
    expect(pick.status).toBe('unplanned');
    expect(pick.planning_failure_reason).toBeUndefined();
  });
});
