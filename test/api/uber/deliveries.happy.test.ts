import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, quoteReq, sdkError, uberClient, type UberTestClient, uniq } from '../../helpers/uber.ts';
import { expectUberSchema } from '../../helpers/uber-schemas.ts';

type Delivery = Record<string, unknown> & { id: string; status: string; fee: number; tip: number };
type List = { data: Delivery[]; next_href: string; total_count: number };

describe.each(STORE_KINDS)('Uber Direct deliveries through the official SDK on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;
  const clock = new TestClock(new Date());

  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    u = await uberClient(t);
  });
  afterAll(() => t.close());

  const create = async (extra: Record<string, unknown> = {}) => {
    const d = (await u.client.createDelivery(deliveryReq(extra) as never)) as Delivery;
    expectUberSchema('CreateDeliveryResp', d);
    return d;
  };

  it('quote → create with the quote → get → update → cancel', async () => {
    const quote = (await u.client.createQuote(quoteReq() as never)) as Record<string, unknown> & { id: string; fee: number };
    expectUberSchema('DeliveryQuoteResp', quote);
    expect(quote).toMatchObject({ kind: 'delivery_quote', currency: 'usd', currency_type: 'USD', pickup_duration: 10 });
    expect(quote.id).toMatch(/^dqt_[A-Za-z0-9_-]{22}$/);
    expect(Date.parse(quote.expires as string) - Date.parse(quote.created as string)).toBe(15 * 60_000);
    expect(quote.fee).toBeGreaterThan(500);

    const created = await create({ quote_id: quote.id, tip: 300, external_id: uniq('order') });
    expect(created.id).toMatch(/^del_[A-Za-z0-9_-]{22}$/);
    expect(created.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      kind: 'delivery',
      quote_id: quote.id,
      status: 'pending',
      complete: false,
      courier_imminent: false,
      live_mode: true,
      currency: 'usd',
      tip: 300,
      // Uber: the fee includes the tip (reference §5).
      fee: quote.fee + 300,
      manifest: { reference: 'REF-1', total_value: 2598 },
      pickup: { name: 'Corner Store', address: '1455 Market St, San Francisco, CA 94103, US', location: { lat: 37.7752315, lng: -122.418075 } },
      dropoff: { name: 'Jane Doe', phone_number: '+14155559876', detailed_address: { street_address_1: '425 Market St', city: 'San Francisco' } },
      undeliverable_action: '',
    });
    expect(created).not.toHaveProperty('courier');
    expect(created.tracking_url).toMatch(new RegExp(`^${PUBLIC_URL}/t/[A-Za-z0-9]{12}$`));

    const got = (await u.client.getDelivery(created.id)) as Delivery;
    expectUberSchema('GetDeliveryResp', got);
    expect(got).toEqual(created);

    clock.advance(1000);
    const updated = (await u.client.updateDelivery(created.id, { dropoff_notes: 'Ring twice' } as never)) as Delivery;
    expectUberSchema('DeliveryResp', updated);
    expect(updated).toMatchObject({ tip: 300, fee: quote.fee + 300, dropoff: { notes: 'Ring twice' } });

    const canceled = (await u.client.cancelDelivery(created.id)) as Delivery;
    expectUberSchema('DeliveryResp', canceled);
    expect(canceled).toMatchObject({ id: created.id, status: 'canceled', complete: true, dropoff: { notes: 'Ring twice' } });
    expect((await u.client.getDelivery(created.id)) as Delivery).toMatchObject({ status: 'canceled' });
  });

  it('create without a quote prices with the account model; a tip is recorded by update once', async () => {
    const created = await create();
    expect(created).not.toHaveProperty('quote_id');
    const quote = (await u.client.createQuote(quoteReq() as never)) as { fee: number };
    expect(created.fee).toBe(quote.fee);
    const tipped = (await u.client.updateDelivery(created.id, { tip_by_customer: 250 } as never)) as Delivery;
    expect(tipped).toMatchObject({ tip: 250, fee: quote.fee + 250 });
    expect(await sdkError(u.client.updateDelivery(created.id, { tip_by_customer: 100 } as never))).toMatchObject({
      status: 400,
      code: 'tip_already_recorded_error',
    });
  });

  it('lists newest first with limit, offset (and Offset) and next_href', async () => {
    const other = await uberClient(t, 'live', 'list-owner');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      ids.push(((await other.client.createDelivery(deliveryReq() as never)) as Delivery).id);
    }
    await other.client.cancelDelivery(ids[0]!);
    const first = (await other.client.listDeliveries({ limit: 2 } as never)) as List;
    expectUberSchema('inline_response_200', first);
    expect(first.data.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    expect(first.total_count).toBe(-1);
    expect(first.next_href).toBe(`${PUBLIC_URL}/v1/customers/${other.customerId}/deliveries?limit=2&offset=2`);

    const second = (await other.client.listDeliveries({ limit: 2, offset: 2 } as never)) as List;
    expect(second.data.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    const last = await other.raw('GET', `/v1/customers/${other.customerId}/deliveries?limit=2&Offset=4`);
    expect(last.status).toBe(200);
    expectUberSchema('inline_response_200', last.body);
    expect((last.body as List).data.map((d) => d.id)).toEqual([ids[0]]);
    expect((last.body as List).next_href).toBe('');

    const canceled = (await other.client.listDeliveries({ filter: 'canceled' } as never)) as List;
    expect(canceled.data.map((d) => d.id)).toEqual([ids[0]]);
    const ongoing = (await other.client.listDeliveries({ filter: 'ongoing', limit: 3, offset: 1 } as never)) as List;
    expect(ongoing.data.map((d) => d.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(ongoing.next_href).toBe('');
    for (const d of [...first.data, ...second.data, ...canceled.data]) expectUberSchema('DeliveryResp', d);
  });

  it('test credentials make live_mode:false deliveries the live pair cannot see', async () => {
    const live = await uberClient(t, 'live', 'modes');
    const test = (
      await t.app.inject({
        method: 'POST',
        url: '/oauth/v2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          client_id: live.creds.uber.test.client_id,
          client_secret: live.creds.uber.test.client_secret,
          grant_type: 'client_credentials',
          scope: 'eats.deliveries',
        }).toString(),
      })
    ).json() as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(test).toMatchObject({ token_type: 'Bearer', expires_in: 2_592_000, scope: 'eats.deliveries' });
    const { sdkClient, listen } = await import('../../helpers/uber.ts');
    const testClient = sdkClient(await listen(t), test.access_token, live.customerId);
    const d = (await testClient.createDelivery(deliveryReq() as never)) as Delivery;
    expect(d.live_mode).toBe(false);
    expect((await testClient.getDelivery(d.id)) as Delivery).toMatchObject({ id: d.id, live_mode: false });
    expect(await sdkError(live.client.getDelivery(d.id))).toMatchObject({ status: 404, code: 'delivery_not_found' });
    expect(((await live.client.listDeliveries()) as List).data).toEqual([]);
  });

  it('idempotency_key and external_id deduplicate creates', async () => {
    const key = uniq('idem');
    const first = await create({ idempotency_key: key });
    const again = await sdkError(u.client.createDelivery(deliveryReq({ idempotency_key: key }) as never));
    expect(again).toEqual({
      status: 409,
      code: 'duplicate_delivery',
      message: 'An active delivery like this already exists.',
      metadata: { delivery_id: first.id },
    });
    // Uber: the key holds for 60 minutes.
    clock.advance(61 * 60_000);
    const later = await create({ idempotency_key: key });
    expect(later.id).not.toBe(first.id);

    const ext = uniq('ext');
    const byExt = await create({ external_id: ext });
    expect(byExt.external_id).toBe(ext);
    expect(await sdkError(u.client.createDelivery(deliveryReq({ external_id: ext }) as never))).toMatchObject({
      status: 409,
      code: 'duplicate_delivery',
      metadata: { delivery_id: byExt.id },
    });
    await u.client.cancelDelivery(byExt.id);
    // A finished delivery frees its external_id.
    expect((await create({ external_id: ext })).external_id).toBe(ext);
  });

  it('a pincode requirement gets a generated value readable on GET; free-text addresses are kept verbatim', async () => {
    const d = await create({
      dropoff_address: '425 Market St, San Francisco, CA 94105',
      dropoff_verification: { pincode: { enabled: true }, picture: true },
    });
    const got = (await u.client.getDelivery(d.id)) as { dropoff: { address: string; verification_requirements: { pincode: { value: string } } } };
    expect(got.dropoff.address).toBe('425 Market St, San Francisco, CA 94105');
    expect(got.dropoff.verification_requirements).toMatchObject({ picture: true, pincode: { enabled: true, value: expect.stringMatching(/^\d{4}$/) } });
  });
});

describe.each(STORE_KINDS)('the Uber price model is per account and configurable on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind);
  });
  afterAll(() => t.close());

  it('PATCH /uber/pricing changes later quotes of that account only', async () => {
    const a = await uberClient(t, 'live', 'priced');
    const b = await uberClient(t, 'live', 'default-priced');
    const before = (await a.native.call('GET', '/uber/pricing')).json();
    expect(before).toEqual({ base_fee: 500, per_km: 100, per_minute: 20, currency: 'usd', pickup_minutes: 10 });
    const baseline = (await a.client.createQuote(quoteReq() as never)) as { fee: number; duration: number };

    const patched = await a.native.call('PATCH', '/uber/pricing', { base_fee: 900, currency: 'eur', pickup_minutes: 5 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toEqual({ base_fee: 900, per_km: 100, per_minute: 20, currency: 'eur', pickup_minutes: 5 });
    const quote = (await a.client.createQuote(quoteReq() as never)) as { fee: number; currency: string; currency_type: string; pickup_duration: number };
    expect(quote).toMatchObject({ fee: baseline.fee + 400, currency: 'eur', currency_type: 'EUR', pickup_duration: 5 });
    const d = (await a.client.createDelivery(deliveryReq() as never)) as { fee: number; currency: string };
    expect(d).toMatchObject({ fee: baseline.fee + 400, currency: 'eur' });

    expect(((await b.client.createQuote(quoteReq() as never)) as { fee: number }).fee).toBe(baseline.fee);
    expect((await a.native.call('PATCH', '/uber/pricing', { per_km: -1 })).statusCode).toBe(422);
    expect((await a.native.call('PATCH', '/uber/pricing', { currency: 'EURO' })).statusCode).toBe(422);
  });
});
