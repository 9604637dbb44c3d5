import { describe, expect, it } from 'vitest';
import { orderItem, uniq } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { createEndpoint, webhookHarness } from '../helpers/webhooks.ts';

// The dispatcher's idle poll is one lock-free read; it must say "work" whenever a tick would do any.
describe.each(STORE_KINDS)('webhook dispatcher idle check on %s', (kind) => {
  const h = webhookHarness(kind);
  const hasWork = (at = h.clock.now()) => h.t.deps.store.repos.webhookOutbox.hasWork(at);

  it('sees events to fan out, due deliveries, and nothing once all is sent or waiting', async () => {
    await h.dispatcher.drain();
    expect(await hasWork()).toBe(false);

    const api = await h.t.newAccount();
    await createEndpoint(api, { url: h.rx.url });
    h.rx.respond = () => 503;
    await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(uniq('idle'))] });
    expect(await hasWork()).toBe(true);

    await h.dispatcher.runOnce();
    expect(h.rx.received).toHaveLength(1);
    // The retry is scheduled later: nothing to do now, work again once it is due.
    expect(await hasWork()).toBe(false);
    expect((await h.dispatcher.runOnce()).attempted).toBe(0);
    expect(await hasWork(new Date(h.clock.now().getTime() + 3600_000))).toBe(true);

    h.rx.respond = () => 200;
    h.clock.advance(3600_000);
    await h.dispatcher.drain();
    expect(h.rx.accepted).toHaveLength(1);
    expect(await hasWork()).toBe(false);
  });
});
