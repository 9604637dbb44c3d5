import { createHmac } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueCourierUpdates } from '../../src/services/uber/courier-updates.ts';
import type { WebhookDispatcher } from '../../src/services/webhooks/dispatcher.ts';
import { type ApiClient, basicAuth, PUBLIC_URL, type TestApi } from '../helpers/api.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { deliveryReq, PICKUP, uniq } from '../helpers/uber.ts';
import { expectUberSchema } from '../helpers/uber-schemas.ts';
import { createEndpoint, webhookHarness } from '../helpers/webhooks.ts';
import { createAccount } from '../../src/services/accounts/create-account.ts';

/** Uber's documented check (reference §10): lowercase hex HMAC-SHA256 of the raw body with the signing key. */
const uberSignature = (key: string, raw: string) => createHmac('sha256', key).update(raw, 'utf8').digest('hex');

describe.each(STORE_KINDS)('Uber Direct webhooks on %s', (kind) => {
  const h = webhookHarness(kind);
  const { clock, rx } = h;
  let t: TestApi;
  let dispatcher: WebhookDispatcher;
  beforeAll(() => {
    ({ t, dispatcher } = h);
  });

  let seen = 0;
  beforeEach(() => {
    seen = 0;
  });
  async function delivered() {
    await dispatcher.drain();
    const fresh = rx.received.slice(seen);
    seen = rx.received.length;
    return fresh;
  }

  async function account() {
    const creds = await createAccount(t.deps, `uber-hooks-${kind}`);
    const token = (
      await t.app.inject({
        method: 'POST',
        url: '/oauth/v2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=client_credentials&client_id=${creds.uber.live.client_id}&client_secret=${creds.uber.live.client_secret}&scope=eats.deliveries`,
      })
    ).json().access_token as string;
    const authorization = basicAuth(creds.account_id, creds.secret_key);
    const native: ApiClient = {
      accountId: creds.account_id,
      authorization,
      call: (method, url, body) =>
        t.app.inject({ method: method as 'GET', url, headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(body ?? {}) }),
    };
    const uber = (method: string, path: string, body?: unknown) =>
      t.app.inject({
        method: method as 'GET',
        url: `/v1/customers/${creds.uber.customer_id}${path}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: body === undefined ? '' : JSON.stringify(body),
      });
    const endpoint = await createEndpoint(native, { url: rx.url, format: 'uber' });
    return { creds, native, uber, endpoint };
  }

  it('event.delivery_status on each status and courier_imminent change, signed in both headers', async () => {
    const a = await account();
    const d = (await a.uber('POST', '/deliveries', deliveryReq())).json() as { id: string };
    const first = await delivered();
    expect(first.map((r) => [r.body.kind, r.body.status])).toEqual([['event.delivery_status', 'pending']]);
    const r0 = first[0]!;
    expect(r0.headers['x-uber-signature']).toBe(uberSignature(a.endpoint.secret, r0.raw));
    expect(r0.headers['x-postmates-signature']).toBe(r0.headers['x-uber-signature']);
    expect(r0.body).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      live_mode: true,
      delivery_id: d.id,
      customer_id: a.creds.uber.customer_id,
      account_id: a.creds.account_id,
      data: { id: d.id, status: 'pending', tracking_url: expect.stringContaining(`${PUBLIC_URL}/t/`) },
    });
    expectUberSchema('DeliveryResp', r0.body.data);

    const worker = uniq('courier');
    const device = uniq('device');
    expect((await a.native.call('POST', '/workers', { worker_handle: worker, name: 'Kim Lee', device_id: device })).statusCode).toBe(201);
    let route = '';
    for (const type of ['pick', 'drop'])
      route = (await a.native.call('POST', `/orders/${d.id}/reassign?type=${type}`, { worker_handle: worker })).json().route_handle;
    // Two reassign events, one status change.
    expect((await delivered()).map((r) => [r.body.status, r.body.data.courier_imminent])).toEqual([['pickup', false]]);

    expect((await a.native.call('POST', '/orders/track', { track_mode: 'on_shift', route_handle: route })).statusCode).toBe(201);
    const at = clock.now().getTime();
    await a.native.call('POST', `/devices/${device}/locations`, [
      { recorded_at: new Date(at + 1000).toISOString(), lat: PICKUP.lat - 0.0003, lng: PICKUP.lng, accuracy: 5 },
    ]);
    expect((await delivered()).map((r) => [r.body.status, r.body.data.courier_imminent])).toEqual([['pickup', true]]);

    // The 20-second tick: a courier update with the live location.
    clock.advance(20_000);
    await enqueueCourierUpdates(t.deps);
    const updates = await delivered();
    expect(updates.map((r) => r.body.kind)).toEqual(['event.courier_update']);
    expect(updates[0]!.body).toMatchObject({ delivery_id: d.id, live_mode: true, location: { lat: PICKUP.lat - 0.0003, lng: PICKUP.lng }, data: { id: d.id } });
    expect(updates[0]!.headers['x-uber-signature']).toBe(uberSignature(a.endpoint.secret, updates[0]!.raw));

    await a.native.call('POST', `/orders/${d.id}/complete?type=pick`, {});
    expect((await delivered()).map((r) => r.body.status)).toEqual(['pickup_complete']);
    await a.native.call('POST', `/orders/${d.id}/complete?type=drop`, {});
    expect((await delivered()).map((r) => r.body.status)).toEqual(['delivered']);
    // Done: no more courier updates.
    clock.advance(20_000);
    await enqueueCourierUpdates(t.deps);
    expect(await delivered()).toEqual([]);
  });

  it('a cancel through the Uber API announces canceled once; filters take Uber event names', async () => {
    const a = await account();
    const only = await createEndpoint(a.native, { url: `${rx.url}?only=courier`, format: 'uber', events: ['event.courier_update'] });
    expect(only.id).toBeTruthy();
    const d = (await a.uber('POST', '/deliveries', deliveryReq())).json() as { id: string };
    await delivered();
    expect((await a.uber('POST', `/deliveries/${d.id}/cancel`)).statusCode).toBe(200);
    const got = await delivered();
    expect(got.map((r) => [r.body.kind, r.body.status])).toEqual([['event.delivery_status', 'canceled']]);
    expect(got[0]!.body.data).toMatchObject({ status: 'canceled', complete: true });
  });

  it('a failed dropoff announces returned, and its ret_ return leg sends its own events', async () => {
    const a = await account();
    const d = (await a.uber('POST', '/deliveries', deliveryReq())).json() as { id: string };
    const worker = uniq('courier');
    expect((await a.native.call('POST', '/workers', { worker_handle: worker, device_id: uniq('device') })).statusCode).toBe(201);
    for (const type of ['pick', 'drop'])
      expect((await a.native.call('POST', `/orders/${d.id}/reassign?type=${type}`, { worker_handle: worker })).statusCode).toBe(200);
    expect((await a.native.call('POST', `/orders/${d.id}/complete?type=pick`)).statusCode).toBe(200);
    await delivered();
    expect((await a.native.call('POST', `/orders/${d.id}/cancel?type=drop`, { metadata: { undeliverable_reason: 'CUSTOMER_UNAVAILABLE' } })).statusCode).toBe(
      200,
    );
    const got = await delivered();
    const original = got.find((r) => r.body.delivery_id === d.id)!;
    expect(original.body).toMatchObject({
      kind: 'event.delivery_status',
      status: 'returned',
      data: { undeliverable_action: 'returned', undeliverable_reason: 'CUSTOMER_UNAVAILABLE' },
    });
    const ret = got.find((r) => String(r.body.delivery_id).startsWith('ret_'));
    expect(ret?.body).toMatchObject({
      kind: 'event.delivery_status',
      status: 'pickup_complete',
      customer_id: a.creds.uber.customer_id,
      data: { related_deliveries: [{ id: d.id, relationship: 'original' }] },
    });
  });
});
