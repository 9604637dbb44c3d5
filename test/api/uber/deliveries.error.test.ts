import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, fetchToken, listen, quoteReq, sdkClient, sdkError, uberClient, type UberTestClient, uniq } from '../../helpers/uber.ts';
import { expectUberSchema } from '../../helpers/uber-schemas.ts';

type Delivery = { id: string; status: string };
const INVALID = 'The parameters of your request were invalid.';

describe.each(STORE_KINDS)('Uber Direct errors on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;
  let url: string;
  const clock = new TestClock(new Date());

  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    u = await uberClient(t);
    url = await listen(t);
  });
  afterAll(() => t.close());

  const expectError = (e: { status: number; code: string; metadata?: unknown }, status: number, code: string) => {
    expect(e).toMatchObject({ status, code });
  };
  const deliveries = async () => ((await u.client.listDeliveries({ limit: 200 } as never)) as { data: Delivery[] }).data.length;

  it('a bad or missing token is 401 with Uber’s body (no kind)', async () => {
    const bad = sdkClient(url, 'not-a-token', u.customerId);
    expect(await sdkError(bad.getDelivery('del_x'))).toEqual({
      status: 401,
      code: 'unauthorized',
      message: 'Invalid OAuth 2.0 credentials provided.',
      metadata: undefined,
    });
    const forged = sdkClient(url, `${u.token.slice(0, -2)}xx`, u.customerId);
    expectError(await sdkError(forged.listDeliveries()), 401, 'unauthorized');
    const none = await fetch(`${url}/v1/customers/${u.customerId}/deliveries`);
    const body = await none.json();
    expect(none.status).toBe(401);
    expect(body).toEqual({ code: 'unauthorized', message: 'Invalid OAuth 2.0 credentials provided.' });
    expectUberSchema('401Error', body);
  });

  it('the token endpoint refuses wrong secrets and grants', async () => {
    const wrong = await fetchToken(url, u.creds.uber.live.client_id, 'nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const grant = await fetch(`${url}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=a&client_secret=b',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('another organization’s customer id is customer_not_found; its deliveries are delivery_not_found', async () => {
    const other = await uberClient(t, 'live', 'other-org');
    const theirs = (await other.client.createDelivery(deliveryReq() as never)) as Delivery;
    const crossed = sdkClient(url, u.token, other.customerId);
    const e = await sdkError(crossed.getDelivery(theirs.id));
    expect(e).toEqual({ status: 404, code: 'customer_not_found', message: 'Customer does not exist.', metadata: undefined });
    expectError(await sdkError(crossed.createDelivery(deliveryReq() as never)), 404, 'customer_not_found');
    expectError(await sdkError(u.client.getDelivery(theirs.id)), 404, 'delivery_not_found');
    expectError(await sdkError(u.client.cancelDelivery(theirs.id)), 404, 'delivery_not_found');
    expect(((await other.client.getDelivery(theirs.id)) as Delivery).status).toBe('pending');
  });

  it('an unknown delivery is delivery_not_found on get, update, cancel and proof of delivery', async () => {
    for (const call of [
      () => u.client.getDelivery('del_unknown'),
      () => u.client.updateDelivery('del_unknown', { dropoff_notes: 'x' } as never),
      () => u.client.cancelDelivery('del_unknown'),
      () => u.client.proofOfDelivery('del_unknown', { waypoint: 'dropoff', type: 'picture' } as never),
    ]) {
      expect(await sdkError(call())).toEqual({
        status: 404,
        code: 'delivery_not_found',
        message: 'The requested delivery does not exist.',
        metadata: undefined,
      });
    }
    const raw = await u.raw('GET', `/v1/customers/${u.customerId}/deliveries/del_unknown`);
    expect(raw.body).toEqual({ code: 'delivery_not_found', message: 'The requested delivery does not exist.', kind: 'error' });
    expectUberSchema('Error', raw.body);
  });

  it('invalid params name the field', async () => {
    const { manifest_items: _m, ...noItems } = deliveryReq();
    expect(await sdkError(u.client.createDelivery(noItems as never))).toEqual({
      status: 400,
      code: 'invalid_params',
      message: INVALID,
      metadata: { manifest_items: 'This field is required.' },
    });
    expect(await sdkError(u.client.createDelivery(deliveryReq({ dropoff_phone_number: 'call me' }) as never))).toEqual({
      status: 400,
      code: 'invalid_params',
      message: INVALID,
      metadata: { dropoff_phone_number: 'dropoff phone number is not valid.' },
    });
    expectError(await sdkError(u.client.createQuote(quoteReq({ pickup_address: '' }) as never)), 400, 'invalid_params');
    expectError(await sdkError(u.client.createDelivery(deliveryReq({ tip: -1 }) as never)), 400, 'invalid_params');
    expectError(await sdkError(u.client.listDeliveries({ filter: 'lost' } as never)), 400, 'invalid_params');
    expectError(await sdkError(u.client.listDeliveries({ limit: 0 } as never)), 400, 'invalid_params');
    const raw = await u.raw('POST', `/v1/customers/${u.customerId}/deliveries`, {
      body: JSON.stringify(deliveryReq({ manifest_items: [] })),
      headers: { 'content-type': 'application/json' },
    });
    expectUberSchema('ErrorWithMetadata', raw.body);
    expect(raw.body).toMatchObject({ kind: 'error', metadata: { manifest_items: expect.any(String) } });
  });

  it('an address that cannot be located is unknown_location naming the field; nothing is written', async () => {
    const before = await deliveries();
    const { dropoff_latitude: _a, dropoff_longitude: _b, ...req } = deliveryReq();
    const e = await sdkError(u.client.createDelivery(req as never));
    expect(e.status).toBe(400);
    expect(e.code).toBe('unknown_location');
    expect(e.metadata).toEqual({ dropoff_address: expect.stringContaining('send coordinates') });
    expect(await deliveries()).toBe(before);
  });

  it('time windows follow Uber’s rules', async () => {
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      [{ pickup_ready_dt: at(-10) }, 'pickup_ready_too_early'],
      [{ pickup_ready_dt: at(31 * 24 * 60) }, 'pickup_ready_too_late'],
      [{ pickup_ready_dt: at(30), pickup_deadline_dt: at(35) }, 'pickup_window_too_small'],
      [{ pickup_ready_dt: at(0), pickup_deadline_dt: at(15) }, 'pickup_deadline_too_early'],
      [{ pickup_deadline_dt: at(30), dropoff_ready_dt: at(40) }, 'dropoff_ready_after_pickup_deadline'],
      [{ pickup_deadline_dt: at(30), dropoff_ready_dt: at(20), dropoff_deadline_dt: at(35) }, 'dropoff_deadline_too_early'],
      [{ pickup_deadline_dt: at(60), dropoff_ready_dt: at(10), dropoff_deadline_dt: at(50) }, 'dropoff_deadline_before_pickup_deadline'],
    ];
    for (const [windows, code] of cases) {
      const e = await sdkError(u.client.createDelivery(deliveryReq(windows) as never));
      expect([e.status, e.code], JSON.stringify(windows)).toEqual([400, code]);
    }
  });

  it('quotes expire after 15 minutes, are used once and must match the addresses', async () => {
    const q1 = (await u.client.createQuote(quoteReq() as never)) as { id: string };
    await u.client.createDelivery(deliveryReq({ quote_id: q1.id }) as never);
    expect(await sdkError(u.client.createDelivery(deliveryReq({ quote_id: q1.id }) as never))).toMatchObject({
      status: 400,
      code: 'used_quote',
      message: 'The price quote specified has been used.',
    });
    const q2 = (await u.client.createQuote(quoteReq() as never)) as { id: string };
    expect(await sdkError(u.client.createDelivery(deliveryReq({ quote_id: q2.id, dropoff_latitude: 37.8 }) as never))).toMatchObject({
      status: 400,
      code: 'mismatched_price_quote',
      message: 'Quote mismatch, please recreate the quote.',
    });
    clock.advance(15 * 60_000 + 1);
    const before = await deliveries();
    expect(await sdkError(u.client.createDelivery(deliveryReq({ quote_id: q2.id }) as never))).toMatchObject({
      status: 400,
      code: 'expired_quote',
      message: 'The price quote specified has expired.',
    });
    expectError(await sdkError(u.client.createDelivery(deliveryReq({ quote_id: 'dqt_nothing' }) as never)), 400, 'invalid_params');
    expect(await deliveries()).toBe(before);
  });

  it('cancel after pickup is noncancelable_delivery; tips and updates follow the job state', async () => {
    const d = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    expectError(await sdkError(u.client.updateDelivery(d.id, { tip_by_customer: 0 } as never)), 400, 'no_tip');
    expectError(await sdkError(u.client.updateDelivery(d.id, { tip_by_customer: 1_000_000 } as never)), 400, 'max_tip_exceeded');
    const worker = uniq('courier');
    expect((await u.native.call('POST', '/workers', { worker_handle: worker, name: 'Robin Courier', device_id: uniq('dev') })).statusCode).toBe(201);
    for (const type of ['pick', 'drop']) {
      const r = await u.native.call('POST', `/orders/${d.id}/reassign?type=${type}`, { worker_handle: worker });
      expect(r.statusCode, r.body).toBe(200);
    }
    const done = await u.native.call('POST', `/orders/${d.id}/complete?type=pick`, {});
    expect(done.statusCode, done.body).toBe(200);
    expect(await sdkError(u.client.cancelDelivery(d.id))).toEqual({
      status: 400,
      code: 'noncancelable_delivery',
      message: 'Delivery cannot be cancelled.',
      metadata: undefined,
    });
    expect(await sdkError(u.client.updateDelivery(d.id, { pickup_notes: 'late' } as never))).toEqual({
      status: 400,
      code: 'invalid_params',
      message: INVALID,
      metadata: { param_details: 'The provided fields cannot be updated in the current job state.' },
    });
    expect(((await u.client.getDelivery(d.id)) as Delivery).status).toBe('pickup_complete');

    const c = (await u.client.createDelivery(deliveryReq() as never)) as Delivery;
    await u.client.cancelDelivery(c.id);
    expectError(await sdkError(u.client.updateDelivery(c.id, { tip_by_customer: 100 } as never)), 400, 'invalid_tipping_state');
    expectError(await sdkError(u.client.updateDelivery(c.id, { dropoff_notes: 'x' } as never)), 400, 'invalid_params');
    expectError(await sdkError(u.client.cancelDelivery(c.id)), 400, 'noncancelable_delivery');
    expectError(await sdkError(u.client.proofOfDelivery(c.id, { waypoint: 'dropoff', type: 'picture' } as never)), 400, 'invalid_params');
  });

  it('a robo courier is for test credentials only', async () => {
    const e = await sdkError(u.client.createDelivery(deliveryReq({ test_specifications: { robo_courier_specification: { mode: 'auto' } } }) as never));
    expect(e).toMatchObject({ status: 400, code: 'invalid_params', metadata: { test_specifications: expect.any(String) } });
  });
});
