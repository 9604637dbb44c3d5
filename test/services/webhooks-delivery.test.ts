import { beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDispatcher } from '../../src/services/webhooks/dispatcher.ts';
import type { TestApi } from '../helpers/api.ts';
import { orderItem, trackedOrder, uniq } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import type { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { createEndpoint, expectedSignature, webhookHarness } from '../helpers/webhooks.ts';

/** The order webhooks received: the account's route, worker and device events go to the same URL. */
const orderPosts = (rx: WebhookReceiver) => rx.received.filter((r) => r.body[0]?.type === 'order');

const values = (rx: WebhookReceiver, handle?: string) =>
  rx.accepted
    .flatMap((r) => r.body as any[])
    .filter((e) => e.type === 'order' && (!handle || e.data.order_handle === handle))
    .map((e) => e.data.value);

describe.each(STORE_KINDS)('webhook delivery on %s', (kind) => {
  const h = webhookHarness(kind);
  const { clock, rx } = h;
  let t: TestApi;
  let dispatcher: WebhookDispatcher;
  beforeAll(() => {
    ({ t, dispatcher } = h);
  });

  /** A fresh account with one endpoint, so tests do not see each other's events. */
  async function account(endpoint: Record<string, unknown> = {}) {
    const api = await t.newAccount();
    const ep = await createEndpoint(api, { url: rx.url, ...endpoint });
    return { api, ep };
  }

  it('sends each order event as a HyperTrack envelope array, signed with HMAC-SHA256 of the raw body', async () => {
    const { api, ep } = await account();
    const o = await trackedOrder(api);
    expect((await api.call('POST', `/orders/${o.orderHandle}/cancel`, {})).statusCode).toBe(200);
    await dispatcher.drain();

    expect(orderPosts(rx)).toHaveLength(4);
    for (const r of rx.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-hypertrack-signature']).toBe(expectedSignature(ep.secret, r.raw));
      expect(r.headers['x-amz-sns-message-id']).toBe(r.headers['x-dropline-event-id']);
      expect(r.headers['x-dropline-delivery-attempt']).toBe('1');
      expect(r.headers['x-uber-signature']).toBeUndefined();
    }
    expect(new Set(orderPosts(rx).map((r) => r.headers['x-dropline-event-id'])).size).toBe(4);
    expect(values(rx)).toEqual(['created', 'assigned', 'started', 'cancelled']);
    const [, assigned, , cancelled] = orderPosts(rx).map((r) => r.body);
    const order = (await api.call('GET', `/orders/${o.orderHandle}`)).json();
    expect(cancelled).toEqual([
      {
        created_at: '2030-01-01T08:00:00.000Z',
        recorded_at: '2030-01-01T08:00:00.000Z',
        device_id: o.deviceId,
        worker_handle: o.workerHandle,
        account_id: api.accountId,
        type: 'order',
        data: {
          value: 'cancelled',
          order_handle: o.orderHandle,
          status: 'cancelled',
          route_handle: o.route.route_handle,
          share_url: order.share_url,
          metadata: { customerID: '12654' },
          scheduled_at: '2030-01-01T10:00:00.000Z',
        },
        version: '3.0.0',
      },
    ]);
    // Track assigns and starts in one change; each event carries the status it produced.
    expect(assigned[0].data.status).toBe('assigned');
  });

  it('GET /orders/{order_handle}/webhooks replays exactly the documents that were delivered', async () => {
    const { api } = await account();
    const o = await trackedOrder(api);
    await api.call('POST', `/orders/${o.orderHandle}/complete`, {});
    await dispatcher.drain();
    const replay = await api.call('GET', `/orders/${o.orderHandle}/webhooks`);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(orderPosts(rx).map((r) => r.body[0]));
    expect((await api.call('GET', '/orders/nope/webhooks')).json()).toEqual({
      code: 'order_not_found',
      title: 'Order Not Found',
      detail: 'Order not found for handle nope',
    });
  });

  it('a rejected state change writes no event and sends nothing', async () => {
    const { api, ep } = await account();
    const o = await trackedOrder(api);
    await api.call('POST', `/orders/${o.orderHandle}/complete`, {});
    await dispatcher.drain();
    const outboxBefore = await t.deps.store.repos.webhookOutbox.eventsOfOrder((await orderId(api, o.orderHandle))!);
    rx.received.length = 0;
    const refused = await api.call('POST', `/orders/${o.orderHandle}/cancel`, {});
    expect(refused.statusCode).toBe(409);
    const dup = await api.call('POST', '/orders/track', {
      worker_handle: o.workerHandle,
      track_mode: 'on_time',
      orders: [orderItem(o.orderHandle, { destination: { address: 'x' } })],
    });
    expect(dup.statusCode).toBe(422);
    await dispatcher.drain();
    expect(rx.received).toEqual([]);
    expect(await t.deps.store.repos.webhookOutbox.eventsOfOrder((await orderId(api, o.orderHandle))!)).toEqual(outboxBefore);
    const log = (await api.call('GET', `/webhooks/${ep.id}/deliveries`)).json();
    expect(log.deliveries.filter((d: any) => !d.event_type.startsWith('ht_')).map((d: any) => d.event_type)).toEqual([
      'order_completed',
      'order_started',
      'order_assigned',
      'order_created',
    ]);
  });

  it('a retrying event holds back the later events of its order, not those of other orders', async () => {
    const { api, ep } = await account();
    const stuck = uniq('stuck');
    const free = uniq('free');
    rx.respond = (r) => ((r.body as any[])[0].data.order_handle === stuck ? 503 : 200);
    for (const handle of [stuck, free]) {
      const r = await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
      expect(r.statusCode).toBe(201);
    }
    for (const handle of [stuck, free]) {
      await api.call('PATCH', `/orders/${handle}`, { metadata: { step: 2 } });
      await api.call('POST', `/orders/${handle}/cancel`, {});
    }
    await dispatcher.drain();
    expect(values(rx, free)).toEqual(['created', 'updated', 'cancelled']);
    expect(values(rx, stuck)).toEqual([]);
    // Only the head of the stuck order was tried; its successors never left the queue.
    expect(rx.received.filter((r) => r.body[0].data.order_handle === stuck).map((r) => r.body[0].data.value)).toEqual(['created']);
    const log = (await api.call('GET', `/webhooks/${ep.id}/deliveries?state=pending`)).json();
    const head = log.deliveries.find((d: any) => d.event_type === 'order_created');
    expect(head).toMatchObject({ order_handle: stuck, attempts: 1, last_status: 503, last_error: 'HTTP 503' });
    // random = 1: the first retry waits the full 10 s.
    expect(head.next_attempt_at).toBe(new Date(clock.now().getTime() + 10_000).toISOString());

    rx.respond = () => 200;
    clock.advance(10_000);
    await dispatcher.drain();
    expect(values(rx, stuck)).toEqual(['created', 'updated', 'cancelled']);
    const ids = rx.accepted.filter((r) => r.body[0].data.order_handle === stuck).map((r) => r.headers['x-dropline-event-id']);
    const first = rx.received.find((r) => r.body[0].data.order_handle === stuck)!;
    expect(ids[0]).toBe(first.headers['x-dropline-event-id']);
  });

  it('HyperTrack rule: a 4xx answer is final, recorded as rejected and not retried', async () => {
    const { api, ep } = await account();
    rx.respond = (r) => ((r.body as any[])[0].data.value === 'created' ? 410 : 200);
    const handle = uniq('o');
    await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
    await api.call('POST', `/orders/${handle}/cancel`, {});
    await dispatcher.drain();
    clock.advance(3600_000);
    await dispatcher.drain();
    expect(rx.received.map((r) => [r.body[0].data.value, r.status])).toEqual([
      ['created', 410],
      ['cancelled', 200],
    ]);
    const log = (await api.call('GET', `/webhooks/${ep.id}/deliveries?state=rejected`)).json();
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ state: 'rejected', attempts: 1, last_status: 410, next_attempt_at: null });
  });

  it('retries with exponential backoff until the horizon, dead-letters, and retries by hand', async () => {
    const { api, ep } = await account();
    rx.respond = () => 500;
    const handle = uniq('o');
    await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
    const start = clock.now().getTime();
    const attemptsAt: number[] = [];
    for (let i = 0; i < 40; i++) {
      const before = rx.received.length;
      await dispatcher.drain();
      if (rx.received.length > before) attemptsAt.push((clock.now().getTime() - start) / 1000);
      const pending = (await api.call('GET', `/webhooks/${ep.id}/deliveries?state=pending`)).json().deliveries;
      if (pending.length === 0) break;
      clock.set(pending[0].next_attempt_at);
    }
    // 10 s doubling to the 1 h cap (random = 1), the last one at exactly 24 h.
    expect(attemptsAt.slice(0, 10)).toEqual([0, 10, 30, 70, 150, 310, 630, 1270, 2550, 5110]);
    expect(attemptsAt.at(-1)).toBe(86_400);
    expect(attemptsAt.slice(10, -1).every((s, i, a) => i === 0 || s - a[i - 1]! === 3600)).toBe(true);
    const dead = (await api.call('GET', `/webhooks/${ep.id}/deliveries?state=dead`)).json().deliveries;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ state: 'dead', attempts: attemptsAt.length, last_status: 500, next_attempt_at: null });

    rx.respond = () => 200;
    const retried = await api.call('POST', `/webhooks/${ep.id}/deliveries/${dead[0].id}/retry`, {});
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'pending', next_attempt_at: clock.now().toISOString() });
    await dispatcher.drain();
    expect(rx.accepted).toHaveLength(1);
    expect(rx.accepted[0]!.headers['x-dropline-event-id']).toBe(rx.received[0]!.headers['x-dropline-event-id']);
    const again = await api.call('POST', `/webhooks/${ep.id}/deliveries/${dead[0].id}/retry`, {});
    expect(again.statusCode).toBe(422);
    expect(again.json()).toEqual({ detail: { path: { delivery_id: ['The delivery already succeeded'] } }, message: 'Validation error' });
  });

  it('filters events, queues while paused, and signs with the previous secret during a rotation', async () => {
    const { api, ep } = await account({ events: ['cancelled'], enabled: false });
    const handle = uniq('o');
    await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
    await api.call('POST', `/orders/${handle}/cancel`, {});
    await dispatcher.drain();
    expect(rx.received).toEqual([]);

    const rotated = (await api.call('POST', `/webhooks/${ep.id}/rotate_secret`, { grace_period_seconds: 60 })).json();
    expect(rotated.secret).not.toBe(ep.secret);
    expect(rotated.previous_secret_expires_at).toBe(new Date(clock.now().getTime() + 60_000).toISOString());
    expect((await api.call('PATCH', `/webhooks/${ep.id}`, { enabled: true })).json().enabled).toBe(true);
    await dispatcher.drain();
    expect(values(rx)).toEqual(['cancelled']);
    const [r] = rx.received;
    expect(r!.headers['x-hypertrack-signature']).toBe(expectedSignature(rotated.secret, r!.raw));
    expect(r!.headers['x-dropline-previous-signature']).toBe(expectedSignature(ep.secret, r!.raw));

    clock.advance(61_000);
    await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
    await api.call('POST', `/orders/${handle}/cancel`, {});
    await dispatcher.drain();
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]!.headers['x-dropline-previous-signature']).toBeUndefined();
  });

  it('an endpoint only receives events of its own account, recorded after it was created', async () => {
    const a = await t.newAccount();
    const early = uniq('early');
    await a.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(early)] });
    clock.advance(1000);
    await createEndpoint(a, { url: rx.url });
    const other = await account();
    const late = uniq('late');
    await a.call('POST', `/orders/${early}/cancel`, {});
    await other.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(late)] });
    await dispatcher.drain();
    expect(rx.received.map((r) => [r.body[0].account_id, r.body[0].data.value])).toEqual(
      expect.arrayContaining([
        [a.accountId, 'cancelled'],
        [other.api.accountId, 'created'],
      ]),
    );
    expect(rx.received).toHaveLength(2);
  });

  async function orderId(api: { accountId: string }, handle: string) {
    return (await t.deps.store.repos.orders.find(api.accountId, { orderHandle: handle }))?.id;
  }
});
