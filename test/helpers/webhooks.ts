import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { WebhookDispatcher } from '../../src/services/webhooks/dispatcher.ts';
import type { StoreKind } from '../../src/store/store.ts';
import { type ApiClient, PUBLIC_URL, startTestApi, type TestApi } from './api.ts';
import { TestClock } from './clock.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

/** What a receiver does with `x-hypertrack-signature` (docs/webhooks.md): HMAC-SHA256 of the raw body, hex. */
export const expectedSignature = (secret: string, raw: string) => createHmac('sha256', secret).update(raw).digest('hex');

export async function createEndpoint(api: ApiClient, body: Record<string, unknown>) {
  const r = await api.call('POST', '/webhooks', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; secret: string; url: string };
}

/**
 * The API on a fresh store with a local receiver and a dispatcher the test drives by hand
 * (injected clock, no jitter). Registers its own hooks; read the fields inside tests.
 */
export function webhookHarness(kind: StoreKind) {
  const h = {
    clock: new TestClock(new Date('2030-01-01T08:00:00.000Z')),
    rx: new WebhookReceiver(),
    t: undefined as unknown as TestApi,
    dispatcher: undefined as unknown as WebhookDispatcher,
  };
  beforeAll(async () => {
    h.t = await startTestApi(kind, { clock: h.clock, allowPrivateWebhookUrls: true });
    await h.rx.up();
    h.dispatcher = new WebhookDispatcher(h.t.deps, { publicUrl: PUBLIC_URL, allowPrivateUrls: true, random: () => 1 });
  });
  afterAll(async () => {
    await h.t.close();
    await h.rx.down();
  });
  beforeEach(() => {
    h.rx.received.length = 0;
    h.rx.respond = () => 200;
  });
  return h;
}
