import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, fetchToken, listen, sdkClient } from '../../helpers/uber.ts';
import { expectUberSchema } from '../../helpers/uber-schemas.ts';
import { createAccount } from '../../../src/services/accounts/create-account.ts';
import type { DeliveriesClient } from 'uber-direct';

type Delivery = Record<string, unknown> & {
  id: string;
  status: string;
  courier_imminent: boolean;
  live_mode: boolean;
  courier?: { name: string; location?: unknown };
};

/** Uber's 150-second robo schedule in about 1.5 s. */
const TIME_FACTOR = 0.01;

/** Reads the delivery until it is complete, recording every (status, imminent) state it showed. */
async function follow(client: DeliveriesClient, id: string): Promise<{ final: Delivery; seen: string[] }> {
  const seen: string[] = [];
  for (let i = 0; i < 600; i++) {
    const d = (await client.getDelivery(id)) as Delivery;
    expectUberSchema('GetDeliveryResp', d);
    const state = `${d.status}${d.courier_imminent ? '+imminent' : ''}`;
    if (seen.at(-1) !== state) seen.push(state);
    if (d.complete) return { final: d, seen };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`robo courier stalled: ${seen.join(' → ')}`);
}

describe.each(STORE_KINDS)('robo courier on %s', (kind) => {
  let t: TestApi;
  let client: DeliveriesClient;
  let account: Awaited<ReturnType<typeof createAccount>>;

  beforeAll(async () => {
    t = await startTestApi(kind, { uberRoboTimeFactor: TIME_FACTOR });
    const url = await listen(t);
    account = await createAccount(t.deps, 'robo');
    const res = await fetchToken(url, account.uber.test.client_id, account.uber.test.client_secret);
    client = sdkClient(url, ((await res.json()) as { access_token: string }).access_token, account.uber.customer_id);
  });
  afterAll(() => t.close());

  it('drives a test delivery to delivered through the tracking pipeline, with proof of delivery', async () => {
    const created = (await client.createDelivery(
      deliveryReq({
        dropoff_verification: { picture: true, signature_requirement: { enabled: true }, pincode: { enabled: true } },
        test_specifications: { robo_courier_specification: { mode: 'auto' } },
      }) as never,
    )) as Delivery;
    expect(created).toMatchObject({ status: 'pending', live_mode: false });

    const { final, seen } = await follow(client, created.id);
    // Polling may miss a short state; the order and the end are what Uber's schedule fixes.
    const order = ['pending', 'pickup', 'pickup+imminent', 'pickup_complete', 'dropoff', 'dropoff+imminent', 'delivered'];
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    expect(seen.every((s) => order.includes(s))).toBe(true);
    expect(final).toMatchObject({
      status: 'delivered',
      complete: true,
      courier: { name: 'Robo C.', vehicle_type: 'car' },
      pickup: { status: 'completed' },
      dropoff: { status: 'completed', verification: { picture: { image_url: expect.stringMatching(/^data:image\/png;base64,/) } } },
    });
    expect(final.courier!.location).toEqual((final.dropoff as { location: unknown }).location);

    // The robo is a real worker whose fixes went through the ingest: the native order has its track.
    const native = await t.app.inject({
      method: 'GET',
      url: `/orders/${created.id}?type=drop`,
      headers: { authorization: `Basic ${Buffer.from(`${account.account_id}:${account.secret_key}`).toString('base64')}` },
    });
    expect(native.json()).toMatchObject({ status: 'completed', worker_handle: `robo-${created.id}` });
    expect(native.json().distance).toBeGreaterThan(0);

    for (const type of ['picture', 'signature', 'pincode']) {
      const pod = (await client.proofOfDelivery(created.id, { waypoint: 'dropoff', type } as never)) as { document: string };
      expectUberSchema('PODResp', pod);
      const png = Buffer.from(pod.document, 'base64');
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.toString('latin1')).toContain(`Proof type\0${type}`);
      expect(png.toString('latin1')).toContain(`Delivery ID\0${created.id}`);
    }
  });

  it('a cancelled robo delivery stops its courier', async () => {
    const created = (await client.createDelivery(deliveryReq({ test_specifications: { robo_courier_specification: { mode: 'auto' } } }) as never)) as Delivery;
    const canceled = (await client.cancelDelivery(created.id)) as Delivery;
    expect(canceled.status).toBe('canceled');
    // Until no robo has a step scheduled or under way (it stopped, or it would have driven on to the end),
    // then the cancellation must still stand.
    await t.robo.idle();
    const after = (await client.getDelivery(created.id)) as Delivery;
    expect(after.status).toBe('canceled');
    expect(after.complete).toBe(true);
  });
});
