import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/core/order/lifecycle.ts';
import { orderEvents } from '../../src/core/order/timeline.ts';
import { migrate } from '../../src/store/migrate.ts';
import { isUniqueViolation, type Store } from '../../src/store/store.ts';
import { STORE_KINDS, openTestStore, type TestStore } from '../helpers/stores.ts';
import { newOrderDraft } from '../helpers/new-order.ts';

const draft = newOrderDraft;

let n = 0;
const identity = (accountId: string, fulfillmentAttempt = 0) => ({
  id: crypto.randomUUID(),
  accountId,
  shareCode: `code${n++}${Date.now()}`,
  fulfillmentAttempt,
});

describe.each(STORE_KINDS)('order repository on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  const account = 'ACC1';
  const t0 = new Date('2030-01-01T00:00:00.000Z');

  beforeAll(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
    await store.repos.accounts.insert({ accountId: account, name: 'a', secretHash: 'x', createdAt: t0 });
  });
  afterAll(() => ts.dispose());

  it('round-trips an order exactly, Dates and JSON included', async () => {
    const { order, events } = createOrder(draft('rt', { productType: ['food'], scheduledAt: t0 }), identity(account), t0);
    await store.transaction(async (r) => {
      await r.orders.save(order, events, { isNew: true });
    });
    const found = await store.repos.orders.findWithTimeline(account, { orderHandle: 'rt' });
    expect(found?.order).toEqual(order);
    expect(found?.timeline).toEqual(events);
    expect(found?.polyline).toEqual([]);
  });

  it('a failed transaction leaves nothing behind', async () => {
    const { order } = createOrder(draft('rollback'), identity(account), t0);
    await expect(
      store.transaction(async (r) => {
        await r.orders.save(order, [orderEvents.created(order)], { isNew: true });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await store.repos.orders.find(account, { orderHandle: 'rollback' })).toBeNull();
  });

  it('allows one open order per (handle, type, type_index), any number of finished ones', async () => {
    const first = createOrder(draft('dup'), identity(account), t0).order;
    await store.repos.orders.insert(first);
    const second = createOrder(draft('dup'), identity(account, 1), t0).order;
    const err = await store.repos.orders.insert(second).catch((e) => e);
    expect(isUniqueViolation(err, 'orders_one_open')).toBe(true);
    await store.repos.orders.update({ ...first, status: 'cancelled' });
    await store.repos.orders.insert(second);
    const pick = createOrder(draft('dup', { type: 'pick' }), identity(account), t0).order;
    await store.repos.orders.insert(pick);
  });

  it('resolves unqualified keys to the open attempt, then the first stop', async () => {
    const found = await store.repos.orders.find(account, { orderHandle: 'dup' });
    expect(found).toMatchObject({ type: 'pick', fulfillmentAttempt: 0 });
    expect(await store.repos.orders.find(account, { orderHandle: 'dup', type: 'drop' })).toMatchObject({
      fulfillmentAttempt: 1,
    });
    expect(await store.repos.orders.find(account, { orderHandle: 'dup', fulfillmentAttempt: 0, type: 'drop' })).toMatchObject({
      status: 'cancelled',
    });
    expect(await store.repos.orders.find('OTHER', { orderHandle: 'dup' })).toBeNull();
  });

  it('pages by (created_at, id) without gaps or repeats', async () => {
    for (let i = 0; i < 7; i++) {
      const at = new Date(t0.getTime() + 1000 * (i % 3));
      await store.repos.orders.insert(createOrder(draft(`page-${i}`, { metadata: { page: true } }), identity(account), at).order);
    }
    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const rows = await store.repos.orders.list(account, { metadata: { page: true } }, { limit: 3, direction: 'asc', after });
      seen.push(...rows.map((o) => o.orderHandle));
      if (rows.length < 3) break;
      const last = rows.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `page-${i}`).sort());
    expect(new Set(seen).size).toBe(7);
  });

  it('re-running the migrations applies nothing', async () => {
    expect(await migrate(store.db)).toEqual([]);
  });
});
