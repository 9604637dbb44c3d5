import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { DROPOFF, deliveryReq, PICKUP, sdkError, uberClient, type UberTestClient, uniq } from '../../helpers/uber.ts';
import { expectUberSchema } from '../../helpers/uber-schemas.ts';

type Delivery = Record<string, unknown> & { id: string; status: string };

describe.each(STORE_KINDS)('Uber undeliverable_action and the return leg on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;

  beforeAll(async () => {
    t = await startTestApi(kind);
    u = await uberClient(t);
  });
  afterAll(() => t.close());

  const native = async (method: string, path: string, body?: unknown) => {
    const r = await u.native.call(method, path, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };

  /** A delivery whose courier picked the items up and then could not hand them over. */
  async function failedDropoff(extra: Record<string, unknown>, reason?: string) {
    const d = (await u.client.createDelivery(deliveryReq(extra) as never)) as Delivery;
    const worker = uniq('courier');
    await native('POST', '/workers', { worker_handle: worker, name: 'Rita Moreno', device_id: uniq('device') });
    for (const type of ['pick', 'drop']) await native('POST', `/orders/${d.id}/reassign?type=${type}`, { worker_handle: worker });
    await native('POST', `/orders/${d.id}/complete?type=pick`);
    await native('POST', `/orders/${d.id}/cancel?type=drop`, reason ? { metadata: { undeliverable_reason: reason } } : undefined);
    return { created: d, failed: (await u.client.getDelivery(d.id)) as Delivery, worker };
  }

  it('return (the default): the delivery is returned and a ret_ delivery carries the items back to the pickup', async () => {
    const { created, failed, worker } = await failedDropoff({ return_verification: { picture: true } }, 'CUSTOMER_UNAVAILABLE');
    expect(created.return).toMatchObject({ name: 'Corner Store', location: PICKUP, verification_requirements: { picture: true } });
    expect(created.return).not.toHaveProperty('status');
    expect(created.related_deliveries).toEqual([]);
    expectUberSchema('GetDeliveryResp', failed);
    expect(failed).toMatchObject({ status: 'returned', complete: true, undeliverable_action: 'returned', undeliverable_reason: 'CUSTOMER_UNAVAILABLE' });
    expect(failed.dropoff).toMatchObject({ status: 'failed' });
    const related = failed.related_deliveries as { id: string; relationship: string }[];
    expect(related).toEqual([{ id: expect.stringMatching(/^ret_[A-Za-z0-9_-]{22}$/), relationship: 'returned' }]);

    const ret = (await u.client.getDelivery(related[0]!.id)) as Delivery;
    expectUberSchema('GetDeliveryResp', ret);
    expect(ret).toMatchObject({
      status: 'pickup_complete',
      related_deliveries: [{ id: created.id, relationship: 'original' }],
      pickup: { name: 'Jane Doe', location: DROPOFF, status: 'completed' },
      dropoff: { name: 'Corner Store', location: PICKUP, verification_requirements: { picture: true } },
      courier: { name: 'Rita M.' },
    });
    expect(ret).not.toHaveProperty('return');

    // The courier is back at the store: the return leg is done, and the original's return waypoint says so.
    await native('POST', `/orders/${ret.id}/complete?type=drop`);
    expect(((await u.client.getDelivery(ret.id)) as Delivery).status).toBe('delivered');
    const after = (await u.client.getDelivery(created.id)) as Delivery;
    expect(after.status).toBe('returned');
    expect(after.return).toMatchObject({ status: 'completed', location: PICKUP });
    expect(worker).toBeTruthy();
  });

  it('leave_at_door: delivered, left at the door, a picture required, no return', async () => {
    const { created, failed } = await failedDropoff({ undeliverable_action: 'leave_at_door' }, 'NO_SECURE_LOCATION_TO_DROPOFF');
    expect(created).not.toHaveProperty('return');
    expect(created.dropoff).toMatchObject({ verification_requirements: { picture: true } });
    expect(failed).toMatchObject({
      status: 'delivered',
      undeliverable_action: 'left_at_door',
      undeliverable_reason: 'NO_SECURE_LOCATION_TO_DROPOFF',
      related_deliveries: [],
    });
    expect(failed).not.toHaveProperty('return');
  });

  it('discard: the delivery ends canceled with its reason, no return leg', async () => {
    const { failed } = await failedDropoff({ undeliverable_action: 'discard' });
    expect(failed).toMatchObject({ status: 'canceled', undeliverable_action: '', undeliverable_reason: '', related_deliveries: [] });
    expect(failed.dropoff).toMatchObject({ status: 'failed' });
    expect(failed).not.toHaveProperty('return');
  });

  it('a drop cancelled before the pickup is a plain cancel, no return leg', async () => {
    const d = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    await native('POST', `/orders/${d.id}/cancel?type=drop`);
    const got = (await u.client.getDelivery(d.id)) as Delivery;
    expect(got).toMatchObject({ status: 'canceled', undeliverable_action: '', related_deliveries: [] });
  });

  it('leave_at_door with signature, PIN or ID verification is refused naming undeliverable_action (Uber Note 1)', async () => {
    for (const extra of [{ requires_dropoff_signature: true }, { dropoff_verification: { pincode: { enabled: true } } }, { requires_id: true }]) {
      const e = await sdkError(u.client.createDelivery(deliveryReq({ undeliverable_action: 'leave_at_door', ...extra }) as never));
      expect(e).toMatchObject({ status: 400, code: 'invalid_params', metadata: { undeliverable_action: expect.any(String) } });
    }
  });
});
