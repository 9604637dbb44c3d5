import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { DROPOFF, deliveryReq, PICKUP, uberClient, type UberTestClient, uniq } from '../../helpers/uber.ts';
import { expectUberSchema } from '../../helpers/uber-schemas.ts';

type Delivery = Record<string, unknown> & {
  id: string;
  status: string;
  courier_imminent: boolean;
  courier?: { name: string; location?: { lat: number; lng: number } };
  pickup_eta: string;
  dropoff_eta: string;
  tracking_url: string;
};

describe.each(STORE_KINDS)('one core: Uber deliveries and the native API on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;
  beforeAll(async () => {
    t = await startTestApi(kind);
    u = await uberClient(t);
  });
  afterAll(() => t.close());

  const get = async (id: string) => {
    const d = (await u.client.getDelivery(id)) as Delivery;
    expectUberSchema('GetDeliveryResp', d);
    return d;
  };

  it('a delivery is a pick and a drop order of one handle, visible and cancellable natively', async () => {
    const d = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    const pick = await u.native.call('GET', `/orders/${d.id}?type=pick`);
    const drop = await u.native.call('GET', `/orders/${d.id}?type=drop`);
    expect(pick.statusCode, pick.body).toBe(200);
    expect(pick.json()).toMatchObject({
      order_handle: d.id,
      type: 'pick',
      status: 'unplanned',
      destination: { geometry: { coordinates: [PICKUP.lng, PICKUP.lat] } },
    });
    expect(drop.json()).toMatchObject({ order_handle: d.id, type: 'drop', destination: { geometry: { coordinates: [DROPOFF.lng, DROPOFF.lat] } } });
    // tracking_url is the drop stop's share URL.
    expect(d.tracking_url).toBe(drop.json().share_url);

    const cancel = await u.native.call('POST', `/orders/${d.id}/cancel?type=pick`, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await get(d.id)).toMatchObject({ status: 'canceled', complete: true });
  });

  it('statuses, courier, location, ETAs and courier_imminent come from the tracking engine', async () => {
    const d = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    const worker = uniq('courier');
    const device = uniq('device');
    expect((await u.native.call('POST', '/workers', { worker_handle: worker, name: 'Sam Rivera', device_id: device })).statusCode).toBe(201);
    let routeHandle = '';
    for (const type of ['pick', 'drop']) {
      const r = await u.native.call('POST', `/orders/${d.id}/reassign?type=${type}`, { worker_handle: worker });
      expect(r.statusCode, r.body).toBe(200);
      routeHandle = r.json().route_handle;
    }
    const assigned = await get(d.id);
    expect(assigned).toMatchObject({ status: 'pickup', courier_imminent: false, courier: { name: 'Sam R.', vehicle_type: 'car' } });
    expect(assigned.courier).not.toHaveProperty('location');

    const track = await u.native.call('POST', '/orders/track', { track_mode: 'on_shift', route_handle: routeHandle });
    expect(track.statusCode, track.body).toBe(201);
    const t0 = Date.now();
    // Fix times stay within the 5 minutes ahead of the clock the ingest accepts.
    const fix = (lat: number, lng: number, s: number) => ({ recorded_at: new Date(t0 + s * 1000).toISOString(), lat, lng, accuracy: 5, speed: 8 });
    const post = async (fixes: unknown[]) => expect((await u.native.call('POST', `/devices/${device}/locations`, fixes)).statusCode).toBeLessThan(300);

    await post([fix(PICKUP.lat - 0.02, PICKUP.lng, 0), fix(PICKUP.lat - 0.019, PICKUP.lng, 10)]);
    const heading = await get(d.id);
    const nativePick = (await u.native.call('GET', `/orders/${d.id}?type=pick`)).json();
    expect(heading).toMatchObject({ status: 'pickup', courier_imminent: false, courier: { location: { lat: PICKUP.lat - 0.019, lng: PICKUP.lng } } });
    expect(Date.parse(heading.pickup_eta)).toBe(Date.parse(nativePick.estimate.arrive_at));

    await post([fix(PICKUP.lat - 0.0003, PICKUP.lng, 100)]);
    expect(await get(d.id)).toMatchObject({ status: 'pickup', courier_imminent: true });

    expect((await u.native.call('POST', `/orders/${d.id}/complete?type=pick`, {})).statusCode).toBe(200);
    const pickedUp = await get(d.id);
    expect(pickedUp).toMatchObject({ status: 'pickup_complete', courier_imminent: false, pickup: { status: 'completed' } });

    await post([fix(DROPOFF.lat - 0.01, DROPOFF.lng, 160)]);
    const nativeDrop = (await u.native.call('GET', `/orders/${d.id}?type=drop`)).json();
    const driving = await get(d.id);
    expect(driving).toMatchObject({ status: 'dropoff', courier_imminent: false });
    expect(Date.parse(driving.dropoff_eta)).toBe(Date.parse(nativeDrop.estimate.arrive_at));

    await post([fix(DROPOFF.lat - 0.0002, DROPOFF.lng, 240)]);
    expect(await get(d.id)).toMatchObject({ status: 'dropoff', courier_imminent: true });

    expect((await u.native.call('POST', `/orders/${d.id}/complete?type=drop`, {})).statusCode).toBe(200);
    expect(await get(d.id)).toMatchObject({
      status: 'delivered',
      complete: true,
      courier_imminent: false,
      dropoff: { status: 'completed' },
      dropoff_identifier: 'Jane Doe',
    });
  });
});
