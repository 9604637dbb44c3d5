import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrder, createOrder } from '../../src/core/order/lifecycle.ts';
import { orderEvents } from '../../src/core/order/timeline.ts';
import type { Store } from '../../src/store/store.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../helpers/stores.ts';
import { newOrderDraft } from '../helpers/new-order.ts';

const draft = (orderHandle: string) => newOrderDraft(orderHandle);

const write = (store: Store, change: ReturnType<typeof createOrder>, isNew = false) =>
  store.repos.orderChanges.write({ ...change, isNew, outbox: [], live: null, completeRoute: false });

// The embedded store answers repeated order reads from a cache; every read must still be exact.
describe.each(STORE_KINDS)('reads after writes on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  const account = 'ACC-CACHE';
  const t0 = new Date('2030-01-01T00:00:00.000Z');
  let n = 0;
  const created = (handle: string) =>
    createOrder(draft(handle), { id: crypto.randomUUID(), accountId: account, shareCode: `rc${n++}`, fulfillmentAttempt: 0 }, t0);

  beforeAll(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
    await store.repos.accounts.insert({ accountId: account, name: 'a', secretHash: 'x', createdAt: t0 });
  });
  afterAll(() => ts.dispose());

  it('a read after a write sees the write', async () => {
    const c = created('cache-1');
    await write(store, c, true);
    const before = await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-1' });
    expect((await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-1' }))?.order.status).toBe('unplanned');
    const cancelled = cancelOrder(c.order, new Date(t0.getTime() + 1000));
    expect(
      await store.repos.orderChanges.write({ ...cancelled, isNew: false, expectedVersion: before?.version, outbox: [], live: null, completeRoute: false }),
    ).toBe(true);
    const after = await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-1' });
    expect(after?.order.status).toBe('cancelled');
    expect(after?.timeline.map((e) => e.type)).toEqual(['order_created', 'order_cancelled']);
  });

  it('a stale version writes nothing', async () => {
    const c = created('cache-2');
    await write(store, c, true);
    const seen = await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-2' });
    await write(store, { order: { ...c.order, metadata: { first: true } }, events: [orderEvents.updated(c.order, t0, ['metadata'])] });
    const late = await store.repos.orderChanges.write({
      ...cancelOrder(c.order, t0),
      isNew: false,
      expectedVersion: seen?.version,
      outbox: [],
      live: null,
      completeRoute: false,
    });
    expect(late).toBe(false);
    const now = await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-2' });
    expect(now?.order.status).toBe('unplanned');
    expect(now?.order.metadata).toEqual({ first: true });
  });

  it("a rolled-back transaction's rows, read inside it, are not served afterwards", async () => {
    const c = created('cache-3');
    await write(store, c, true);
    await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-3' });
    const err = await store
      .transaction(async (r) => {
        await r.orderChanges.write({ ...cancelOrder(c.order, t0), isNew: false, outbox: [], live: null, completeRoute: false });
        expect((await r.orders.findWithTimeline(account, { orderHandle: 'cache-3' }))?.order.status).toBe('cancelled');
        throw new Error('roll back');
      })
      .catch((e: Error) => e);
    expect(err.message).toBe('roll back');
    expect((await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-3' }))?.order.status).toBe('unplanned');
  });

  it('hits are copies: changing a returned order does not change the next read', async () => {
    const c = created('cache-4');
    await write(store, c, true);
    const first = await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-4' });
    (first!.order.metadata as Record<string, unknown>).tampered = true;
    const second = await store.repos.orders.findWithTimeline(account, { orderHandle: 'cache-4' });
    expect(second?.order.metadata).toEqual({ customerID: '1' });
  });
});
