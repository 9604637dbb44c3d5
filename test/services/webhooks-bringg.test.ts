import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookDispatcher } from '../../src/services/webhooks/dispatcher.ts';
import type { TestApi } from '../helpers/api.ts';
import { bringgClient, type BringgClient, nativeWorker, twoStopTask } from '../helpers/bringg.ts';
import { trackedOrder } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { createEndpoint, webhookHarness } from '../helpers/webhooks.ts';

const SECRET = 'Bearer bringg-receiver-token-0001';

describe.each(STORE_KINDS)('Bringg webhooks on %s', (kind) => {
  const h = webhookHarness(kind);
  const { clock, rx } = h;
  let t: TestApi;
  let dispatcher: WebhookDispatcher;
  beforeAll(() => {
    ({ t, dispatcher } = h);
  });

  /** A fresh Bringg account with one Bringg-format endpoint, so tests do not see each other's events. */
  async function account(endpoint: Record<string, unknown> = {}): Promise<BringgClient> {
    const b = await bringgClient(t, `bringg-${kind}`);
    await createEndpoint(b.native, { url: rx.url, format: 'bringg', secret: SECRET, ...endpoint });
    return b;
  }

  /** Delivers what is queued and returns the bodies received since the last call. */
  let seen = 0;
  async function delivered(): Promise<Record<string, unknown>[]> {
    await dispatcher.drain();
    const fresh = rx.received.slice(seen).map((r) => r.body);
    seen = rx.received.length;
    return fresh;
  }
  beforeEach(() => {
    seen = 0;
  });

  it('sends created → assigned → on the way → way point left → done as wrapped task objects with the static auth header', async () => {
    const b = await account();
    const created = await b.task('oauth', 'create_task', twoStopTask());
    const merchantId = (created as Record<string, unknown>).merchant_id;
    expect(merchantId).toEqual(expect.any(Number));
    expect(await delivered()).toEqual([{ task: created, webhook_type: 'task_created', merchant_id: merchantId }]);

    const driver = await nativeWorker(b.native);
    clock.advance(60_000);
    const assigned = await b.task('oauth', 'assign_task', { id: created.id, user_external_id: driver });
    expect(await delivered()).toEqual([{ task: assigned, webhook_type: 'task_assigned', merchant_id: merchantId }]);

    clock.advance(60_000);
    const started = await b.task('oauth', 'start_task', { id: created.id });
    expect(await delivered()).toEqual([{ task: started, webhook_type: 'driver_on_the_way', merchant_id: merchantId }]);

    clock.advance(60_000);
    const first = await b.task('oauth', 'checkout', { id: created.id, lat: 52.5208, lng: 13.4094 });
    expect(await delivered()).toEqual([{ task: first, way_point: first.way_points[0], webhook_type: 'way_point_left', merchant_id: merchantId }]);

    clock.advance(60_000);
    const done = await b.task('oauth', 'checkout', { id: created.id });
    expect(done.status).toBe(4);
    expect(await delivered()).toEqual([{ task: done, webhook_type: 'task_done', merchant_id: merchantId }]);

    expect(rx.received).toHaveLength(5);
    for (const r of rx.received) {
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers.authorization).toBe(SECRET);
      expect(r.headers['x-dropline-event-id']).toEqual(expect.any(String));
      // No body signature exists at Bringg (reference §11): none of the HMAC headers are sent.
      expect(r.headers['x-hypertrack-signature']).toBeUndefined();
      expect(r.headers['x-amz-sns-message-id']).toBeUndefined();
      expect(r.headers['x-uber-signature']).toBeUndefined();
    }
    expect(rx.received.map((r) => Object.keys(r.body))).toEqual([
      ['task', 'webhook_type', 'merchant_id'],
      ['task', 'webhook_type', 'merchant_id'],
      ['task', 'webhook_type', 'merchant_id'],
      ['task', 'way_point', 'webhook_type', 'merchant_id'],
      ['task', 'webhook_type', 'merchant_id'],
    ]);
  });

  it('sends task_cancelled once for a cancelled two-stop task, in the configured header', async () => {
    const b = await account({ auth_header_name: 'Application-Key', secret: 'app-key-0123456789abcdef' });
    const created = await b.task('secret-url', 'create_task', twoStopTask());
    const merchantId = (created as Record<string, unknown>).merchant_id;
    expect(await delivered()).toEqual([{ task: created, webhook_type: 'task_created', merchant_id: merchantId }]);

    clock.advance(60_000);
    const r = await b.call('secret-url', 'cancel_task', { id: created.id, reason: 'Customer changed their mind' });
    expect(r.statusCode, r.body).toBe(200);
    const cancelled = await b.task('secret-url', 'get_task', { id: created.id });
    expect(cancelled.status).toBe(7);
    expect(await delivered()).toEqual([{ task: cancelled, webhook_type: 'task_cancelled', merchant_id: merchantId }]);
    for (const r of rx.received) {
      expect(r.headers['application-key']).toBe('app-key-0123456789abcdef');
      expect(r.headers.authorization).toBeUndefined();
    }
  });

  it('sends nothing for an order that is not a Bringg task', async () => {
    const b = await account();
    const o = await trackedOrder(b.native);
    expect((await b.native.call('POST', `/orders/${o.orderHandle}/cancel`, {})).statusCode).toBe(200);
    expect(await delivered()).toEqual([]);
    const ep = (await b.native.call('GET', '/webhooks')).json().webhooks[0];
    expect((await b.native.call('GET', `/webhooks/${ep.id}/deliveries`)).json().deliveries).toEqual([]);
  });

  it('filters on webhook_type names and refuses unknown ones', async () => {
    const b = await account({ events: ['task_done', 'task_cancelled'] });
    const created = await b.task('oauth', 'create_task', twoStopTask());
    await b.call('oauth', 'cancel_task', { id: created.id });
    const bodies = await delivered();
    expect(bodies.map((x) => x.webhook_type)).toEqual(['task_cancelled']);

    const refused = await b.native.call('POST', '/webhooks', { url: rx.url, format: 'bringg', events: ['order.created'] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({ detail: { json: { events: ['Unknown bringg event(s): order.created'] } }, message: 'Validation error' });
  });
});
