import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, quoteReq, sdkError, uberClient, type UberTestClient, uniq } from '../../helpers/uber.ts';

type Delivery = Record<string, unknown> & { id: string };

describe.each(STORE_KINDS)('Uber request fields are honoured or refused by name, and batch_id, on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;

  beforeAll(async () => {
    t = await startTestApi(kind);
    u = await uberClient(t);
  });
  afterAll(() => t.close());

  const refused = async (p: Promise<unknown>, field: string) =>
    expect(await sdkError(p)).toMatchObject({ status: 400, code: 'invalid_params', metadata: { [field]: 'This field is not supported.' } });

  it('create: an unknown field, a response-only field (batch_id, undeliverable_reason) or an unknown nested key is named', async () => {
    await refused(u.client.createDelivery(deliveryReq({ colour: 'red' }) as never), 'colour');
    // Uber's DeliveryReq has no batch_id (OpenAPI: create and get responses only) nor undeliverable_reason (a result).
    await refused(u.client.createDelivery(deliveryReq({ batch_id: 'bat_x' }) as never), 'batch_id');
    await refused(u.client.createDelivery(deliveryReq({ undeliverable_reason: 'NO_SECURE_LOCATION_TO_DROPOFF' }) as never), 'undeliverable_reason');
    await refused(u.client.createDelivery(deliveryReq({ manifest_items: [{ name: 'Box', quantity: 1, colour: 'red' }] }) as never), 'manifest_items.0.colour');
    await refused(
      u.client.createDelivery(deliveryReq({ return_verification: { identification: { min_age: 21 } } }) as never),
      'return_verification.identification',
    );
    await refused(u.client.createDelivery(deliveryReq({ external_user_info: { loyalty: 'gold' } }) as never), 'external_user_info.loyalty');
    await refused(
      u.client.createDelivery(deliveryReq({ test_specifications: { robo_courier_specification: { mode: 'auto', speed: 2 } } }) as never),
      'test_specifications.robo_courier_specification.speed',
    );
  });

  it('quote, update, proof of delivery and list refuse fields they do not take', async () => {
    await refused(u.client.createQuote(quoteReq({ pickup_name: 'Store' }) as never), 'pickup_name');
    const d = (await u.client.createDelivery(deliveryReq({ dropoff_verification: { pincode: { enabled: true } } }) as never)) as Delivery;
    await refused(u.client.updateDelivery(d.id, { tip: 100 } as never), 'tip');
    // Uber's UpdateDropoffVerificationRequest carries barcodes only.
    await refused(u.client.updateDelivery(d.id, { dropoff_verification: { picture: true } } as never), 'dropoff_verification.picture');
    const pod = await u.raw('POST', `/v1/customers/${u.customerId}/deliveries/${d.id}/proof-of-delivery`, {
      body: JSON.stringify({ waypoint: 'dropoff', type: 'picture', format: 'jpeg' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(pod).toMatchObject({ status: 400, body: { code: 'invalid_params', metadata: { format: 'This field is not supported.' } } });
    const list = await u.raw('GET', `/v1/customers/${u.customerId}/deliveries?status=pending`);
    expect(list).toMatchObject({ status: 400, body: { code: 'invalid_params', metadata: { status: 'This field is not supported.' } } });
  });

  it('an update of barcodes keeps the other requirements of the waypoint', async () => {
    const d = (await u.client.createDelivery(deliveryReq({ dropoff_verification: { pincode: { enabled: true }, picture: true } }) as never)) as Delivery;
    const barcodes = [{ value: 'A-1', type: 'QR' }];
    const updated = (await u.client.updateDelivery(d.id, { dropoff_verification: { barcodes } } as never)) as Delivery;
    expect((updated.dropoff as { verification_requirements: unknown }).verification_requirements).toMatchObject({
      barcodes,
      picture: true,
      pincode: { enabled: true, value: expect.stringMatching(/^\d{4}$/) },
    });
  });

  it('batch_id names the courier run that picks a delivery up: shared by one route, absent before any', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(async () => (await u.client.createDelivery(deliveryReq() as never)) as Delivery));
    expect(a).not.toHaveProperty('batch_id');
    const one = uniq('courier');
    const two = uniq('courier');
    for (const w of [one, two]) expect((await u.native.call('POST', '/workers', { worker_handle: w, device_id: uniq('device') })).statusCode).toBe(201);
    const assign = async (d: Delivery, w: string) => {
      for (const type of ['pick', 'drop'])
        expect((await u.native.call('POST', `/orders/${d.id}/reassign?type=${type}`, { worker_handle: w })).statusCode).toBe(200);
    };
    await assign(a!, one);
    await assign(b!, one);
    await assign(c!, two);
    const [ga, gb, gc] = await Promise.all([a, b, c].map(async (d) => (await u.client.getDelivery(d!.id)) as Delivery));
    expect(ga!.batch_id).toMatch(/^bat_[A-Za-z0-9_-]+$/);
    expect(gb!.batch_id).toBe(ga!.batch_id);
    expect(gc!.batch_id).toMatch(/^bat_/);
    expect(gc!.batch_id).not.toBe(ga!.batch_id);
  });
});
