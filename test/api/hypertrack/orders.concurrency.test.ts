import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { orderItem, snapshot, trackedOrder, uniq } from '../../helpers/fixtures.ts';

// Per-order actions write optimistically (read, decide, write if unchanged): these are the races
// that path must settle exactly as the old row lock did.
describe.each(STORE_KINDS)('concurrent changes of one order on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind);
  });
  afterAll(() => t.close());

  const orderId = async (handle: string) => (await t.deps.store.repos.orders.find(t.api.accountId, { orderHandle: handle }))!.id;

  it('cancel and complete at once: one wins, the other is 409, and only the winner left events', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const [a, b] = await Promise.all([t.api.call('POST', `/orders/${orderHandle}/cancel`), t.api.call('POST', `/orders/${orderHandle}/complete`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? 'cancelled' : 'completed';
    const stored = await snapshot(t.api, orderHandle);
    expect(stored.status).toBe(winner);
    const types = (stored.timeline as { type: string }[]).map((e) => e.type);
    expect(types.filter((x) => x === 'order_cancelled' || x === 'order_completed')).toEqual([`order_${winner}`]);
    const outbox = await t.deps.store.repos.webhookOutbox.eventsOfOrder(await orderId(orderHandle));
    expect(outbox.map((e) => e.type)).toEqual(types);
    expect(outbox.map((e) => BigInt(e.seq))).toEqual(outbox.map((e) => BigInt(e.seq)).sort((x, y) => (x < y ? -1 : 1)));
  });

  it('concurrent metadata updates are all kept: a conflicting write decides again on the fresh order', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
    const results = await Promise.all(keys.map((k) => t.api.call('PATCH', `/orders/${orderHandle}`, { metadata: { [k]: true } })));
    expect(results.map((r) => r.statusCode)).toEqual(keys.map(() => 200));
    const stored = await snapshot(t.api, orderHandle);
    for (const k of keys) expect(stored.metadata[k]).toBe(true);
    const updates = (stored.timeline as { type: string }[]).filter((e) => e.type === 'order_updated');
    expect(updates).toHaveLength(keys.length);
  });

  it('a create racing a create of the same handle: one 201, one duplicate_resource', async () => {
    const handle = uniq('race');
    const worker = await t.api.call('POST', '/workers', { worker_handle: uniq('w'), name: 'n', device_id: uniq('D') });
    const body = {
      track_mode: 'on_time',
      worker_handle: worker.json().worker_handle,
      orders: [{ order_handle: handle, destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] } } }],
    };
    const [a, b] = await Promise.all([t.api.call('POST', '/orders/track', body), t.api.call('POST', '/orders/track', body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe('duplicate_resource');
    const routes = await t.deps.store.db
      .selectFrom('routes')
      .select('route_handle')
      .where('account_id', '=', t.api.accountId)
      .where('worker_handle', '=', worker.json().worker_handle)
      .execute();
    // The refused creation left no route behind.
    expect(routes).toHaveLength(1);
  });

  it('creating a finished handle again opens the next attempt (the first write assumes attempt 0 and meets the index)', async () => {
    const { orderHandle, workerHandle } = await trackedOrder(t.api);
    expect((await t.api.call('POST', `/orders/${orderHandle}/complete`)).statusCode).toBe(200);
    const again = await t.api.call('POST', '/orders/track', {
      track_mode: 'on_time',
      worker_handle: workerHandle,
      orders: [{ order_handle: orderHandle, destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] } } }],
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().orders[0].fulfillment_attempt).toBe(1);
    const open = await t.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(orderHandle)] });
    expect(open.statusCode).toBe(409);
    expect((await snapshot(t.api, orderHandle)).fulfillment_attempt).toBe(1);
  });
});
