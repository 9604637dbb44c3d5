import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../src/services/webhooks/dispatcher.ts';
import { PUBLIC_URL, startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { createWorker, orderItem } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { createEndpoint } from '../helpers/webhooks.ts';

/**
 * Issue acceptance: the receiver is down for 5 simulated minutes while 1,000 events accumulate;
 * once it is back every event arrives, each order's in order, none twice under another id.
 */
describe.each(STORE_KINDS)('receiver outage on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
  const rx = new WebhookReceiver();
  beforeAll(async () => {
    t = await startTestApi(kind, { clock, allowPrivateWebhookUrls: true });
    await rx.up();
  });
  afterAll(async () => {
    await t.close();
    await rx.down();
  });

  it('delivers all 1,000 events in per-order order after 5 minutes down', async () => {
    const dispatcher = new WebhookDispatcher(t.deps, { publicUrl: PUBLIC_URL, allowPrivateUrls: true, batchSize: 100 });
    await createEndpoint(t.api, { url: rx.url });
    await rx.down();

    // 250 orders on 5 routes × (created, assigned, started, cancelled) = 1,000 events, spread over
    // 5 minutes while the dispatcher keeps trying and failing.
    const handles = Array.from({ length: 250 }, (_, i) => `outage-${i}`);
    const expected = new Map(handles.map((h) => [h, ['created', 'assigned', 'started', 'cancelled']]));
    for (let batch = 0; batch < 5; batch++) {
      const { workerHandle } = await createWorker(t.api);
      const orders = handles.slice(batch * 50, batch * 50 + 50).map((h) => orderItem(h));
      const created = await t.api.call('POST', '/orders', { plan_mode: 'manual', worker_handle: workerHandle, orders });
      expect(created.statusCode, created.body).toBe(201);
      const route = created.json().route_handle;
      clock.advance(20_000);
      await dispatcher.runOnce();
      expect((await t.api.call('POST', '/orders/track', { track_mode: 'on_time', route_handle: route })).statusCode).toBe(201);
      clock.advance(20_000);
      await dispatcher.runOnce();
      expect((await t.api.call('POST', `/orders/routes/${route}/complete`)).statusCode).toBe(200);
      clock.advance(20_000);
      await dispatcher.runOnce();
    }
    expect(clock.now().getTime() - new Date('2030-01-01T08:00:00.000Z').getTime()).toBe(300_000);
    await dispatcher.drain();
    expect(rx.received).toEqual([]);

    await rx.up();
    // Every retry scheduled during the outage is due within the next hour.
    clock.advance(3600_000);
    await dispatcher.drain();

    const byId = new Map<string, string>();
    const perOrder = new Map<string, string[]>();
    // The routes' and workers' own events (type route, worker) come alongside: counted apart.
    for (const r of rx.accepted.filter((r) => r.body[0].type === 'order')) {
      const id = r.headers['x-dropline-event-id'] as string;
      const [e] = r.body as any[];
      const key = `${e.data.order_handle}/${e.data.value}`;
      // The same event may arrive twice only under the same id.
      expect(byId.get(id) ?? key).toBe(key);
      byId.set(id, key);
      if (!perOrder.has(e.data.order_handle)) perOrder.set(e.data.order_handle, []);
      perOrder.get(e.data.order_handle)!.push(e.data.value);
    }
    expect(byId.size).toBe(1000);
    expect(new Set(byId.values()).size).toBe(1000);
    expect(Object.fromEntries(perOrder)).toEqual(Object.fromEntries(expected));
  }, 120_000);
});
